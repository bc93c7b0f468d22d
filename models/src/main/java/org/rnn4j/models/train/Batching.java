package org.rnn4j.models.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/** How the families cut their training examples into batches, written once. */
public final class Batching {
    private Batching() {
    }

    /**
     * Batches of example indices with similar lengths: all indices sorted by length (stable, so
     * equal lengths keep their order), then cut into batches of {@code batchSize} (the last may be
     * smaller). A packed batch of similar lengths wastes little.
     */
    public static List<int[]> byLength(int[] lengths, int batchSize) {
        Integer[] idx = new Integer[lengths.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Integer.compare(lengths[a], lengths[b]));
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < idx.length; i += batchSize) {
            int n = Math.min(batchSize, idx.length - i);
            int[] b = new int[n];
            for (int j = 0; j < n; j++) {
                b[j] = idx[i + j];
            }
            out.add(b);
        }
        return out;
    }

    /** Batches of consecutive indices 0..n-1 in a seeded random order (one shuffle per epoch). */
    public static List<int[]> shuffledIndices(int n, int batchSize, long seed, int epoch) {
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed * 31 + epoch));
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i += batchSize) {
            int[] b = new int[Math.min(batchSize, n - i)];
            for (int j = 0; j < b.length; j++) {
                b[j] = order.get(i + j);
            }
            out.add(b);
        }
        return out;
    }

    /** A copy of {@code batches} in the seeded random order of epoch {@code epoch}. */
    public static <T> List<T> shuffled(List<T> batches, long seed, int epoch) {
        List<T> order = new ArrayList<>(batches);
        Collections.shuffle(order, new Random(seed * 31 + epoch));
        return order;
    }

    /**
     * The batches of one epoch, as index lists: shuffle, cut into pools of
     * {@code bucketBatches * batchSize}, sort each pool by length (stable), cut into batches, and
     * shuffle the batches.
     */
    public static List<int[]> pooledByLength(int[] lengths, int batchSize, int bucketBatches, SplittableRandom rng) {
        int n = lengths.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int pool = batchSize * bucketBatches;
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < n; from += pool) {
            int to = Math.min(n, from + pool);
            Integer[] chunk = Arrays.copyOfRange(order, from, to);
            if (bucketBatches > 1) {
                Arrays.sort(chunk, (a, b) -> Integer.compare(lengths[a], lengths[b]));
            }
            for (int s = 0; s < chunk.length; s += batchSize) {
                int e = Math.min(chunk.length, s + batchSize);
                int[] idx = new int[e - s];
                for (int k = s; k < e; k++) {
                    idx[k - s] = chunk[k];
                }
                out.add(idx);
            }
        }
        // Shuffle the batch order with the same generator (Collections.shuffle needs a Random).
        for (int i = out.size() - 1; i > 0; i--) {
            Collections.swap(out, i, rng.nextInt(i + 1));
        }
        return out;
    }
}
