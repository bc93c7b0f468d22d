package org.rnn4j.models.train;

import java.util.Arrays;

/**
 * A {@link Shardable} whose batch is {@code {inputs, targets}}, one row per example (a language
 * model's streams of a window, the date demo's source and target ids): a shard is a range of rows
 * of both.
 */
public interface RowPairs extends Shardable<int[][][]> {

    @Override
    default int size(int[][][] b) {
        return b[0].length;
    }

    @Override
    default int[][][] slice(int[][][] b, int from, int to) {
        return new int[][][] {Arrays.copyOfRange(b[0], from, to), Arrays.copyOfRange(b[1], from, to)};
    }
}
