package org.rnn4j.models.train;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.rnn4j.core.nn.Parameter;

/**
 * A {@link Trainable} over a fixed set of examples, a batch being a list of example indices:
 * either batches of similar lengths (cut once, {@link Batching#byLength}) in a new seeded order
 * each epoch, or the indices shuffled anew each epoch and cut into consecutive batches
 * ({@link Batching#shuffledIndices}). The families subclass it and say what a batch's loss is.
 */
public abstract class ExampleTrainable extends ModelTrainable<int[]> {
    private final int examples;
    private final int batchSize;
    private final long seed;
    private final List<int[]> buckets;

    /** Examples in a new random order each epoch. */
    protected ExampleTrainable(Map<String, Parameter> named, List<Parameter> params, int examples, int batchSize,
                               long seed) {
        this(named, params, examples, batchSize, seed, null);
    }

    /** Batches of examples of similar {@code lengths}, in a new random order each epoch. */
    protected ExampleTrainable(Map<String, Parameter> named, List<Parameter> params, int[] lengths, int batchSize,
                               long seed) {
        this(named, params, lengths.length, batchSize, seed, Batching.byLength(lengths, batchSize));
    }

    private ExampleTrainable(Map<String, Parameter> named, List<Parameter> params, int examples, int batchSize, long seed,
                             List<int[]> buckets) {
        super(named, params);
        this.examples = examples;
        this.batchSize = batchSize;
        this.seed = seed;
        this.buckets = buckets;
    }



    @Override
    public final long batchesPerEpoch() {
        return buckets != null ? buckets.size() : (examples + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<int[]> batches(int epoch) {
        return (buckets != null ? Batching.shuffled(buckets, seed, epoch)
                : Batching.shuffledIndices(examples, batchSize, seed, epoch)).iterator();
    }

    @Override
    public final long unitsPerStep() {
        return batchSize;
    }

    /** Examples in a batch (for {@link Shardable}). */
    public int size(int[] batch) {
        return batch.length;
    }

    /** Examples {@code [from, to)} of a batch (for {@link Shardable}). */
    public int[] slice(int[] batch, int from, int to) {
        return java.util.Arrays.copyOfRange(batch, from, to);
    }

    /** The target tokens of the examples {@code shard}, one end token each included: a token-mean loss's terms. */
    protected static double tokens(int[] shard, int[][] targets) {
        long n = 0;
        for (int i : shard) {
            n += targets[i].length + 1;
        }
        return n;
    }

    /** A shard's loss averages over its examples (for {@link Shardable}; a token-level loss says otherwise). */
    public double weight(int[] shard) {
        return shard.length;
    }
}
