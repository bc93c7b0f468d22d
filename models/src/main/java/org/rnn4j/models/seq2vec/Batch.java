package org.rnn4j.models.seq2vec;

import java.util.Arrays;

/**
 * Sequences of different lengths (at least one step each) and, for training, what to predict.
 * Exactly one of {@code tokens} (ids per step) and {@code features} ({@code features[i][t]} is
 * step t's vector) is set; {@code labels} (class per sequence) or {@code targets} (a vector per
 * sequence) may be set, not both. Arrays are kept as given (not copied).
 */
public record Batch(int[][] tokens, float[][][] features, int[] labels, float[][] targets) {

    public Batch {
        if ((tokens == null) == (features == null)) {
            throw new IllegalArgumentException("a batch needs exactly one of tokens and features");
        }
        int n = tokens != null ? tokens.length : features.length;
        if (n == 0) {
            throw new IllegalArgumentException("a batch needs at least one sequence");
        }
        int width = -1;
        for (int i = 0; i < n; i++) {
            int len = tokens != null ? (tokens[i] == null ? 0 : tokens[i].length)
                    : (features[i] == null ? 0 : features[i].length);
            if (len == 0) {
                throw new IllegalArgumentException("sequence " + i + " is empty; every sequence needs at least one step");
            }
            if (features != null) {
                for (int t = 0; t < len; t++) {
                    float[] v = features[i][t];
                    if (v == null || (width >= 0 && v.length != width)) {
                        throw new IllegalArgumentException("features of sequence " + i + " step " + t + " have "
                                + (v == null ? "no" : v.length) + " values, expected " + width);
                    }
                    width = v.length;
                }
            }
        }
        if (labels != null && targets != null) {
            throw new IllegalArgumentException("a batch has labels or targets, not both");
        }
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " sequences");
        }
        if (targets != null) {
            if (targets.length != n) {
                throw new IllegalArgumentException(targets.length + " targets for " + n + " sequences");
            }
            for (int i = 0; i < n; i++) {
                if (targets[i] == null || targets[i].length != targets[0].length) {
                    throw new IllegalArgumentException("target " + i + " has " + (targets[i] == null ? "no" : targets[i].length)
                            + " values, expected " + targets[0].length);
                }
            }
        }
    }

    /** Token-id sequences, no labels. */
    public static Batch ofTokens(int[][] tokens) {
        return new Batch(tokens, null, null, null);
    }

    /** Feature-vector sequences, no labels. */
    public static Batch ofFeatures(float[][][] features) {
        return new Batch(null, features, null, null);
    }

    /** The same inputs with class labels. */
    public Batch withLabels(int[] classes) {
        return new Batch(tokens, features, classes, null);
    }

    /** The same inputs with regression targets. */
    public Batch withTargets(float[][] values) {
        return new Batch(tokens, features, null, values);
    }

    /** Number of sequences. */
    public int size() {
        return tokens != null ? tokens.length : features.length;
    }

    public int length(int i) {
        return tokens != null ? tokens[i].length : features[i].length;
    }

    public int[] lengths() {
        int[] len = new int[size()];
        for (int i = 0; i < len.length; i++) {
            len[i] = length(i);
        }
        return len;
    }

    /** Width of the feature vectors (0 for tokens). */
    public int featureWidth() {
        return features == null ? 0 : features[0][0].length;
    }

    /** The sequences {@code idx[0], idx[1], ...} (with their labels or targets). */
    public Batch select(int[] idx) {
        int[][] tok = tokens == null ? null : new int[idx.length][];
        float[][][] feat = features == null ? null : new float[idx.length][][];
        int[] lab = labels == null ? null : new int[idx.length];
        float[][] tgt = targets == null ? null : new float[idx.length][];
        for (int k = 0; k < idx.length; k++) {
            int i = idx[k];
            if (tok != null) {
                tok[k] = tokens[i];
            } else {
                feat[k] = features[i];
            }
            if (lab != null) {
                lab[k] = labels[i];
            }
            if (tgt != null) {
                tgt[k] = targets[i];
            }
        }
        return new Batch(tok, feat, lab, tgt);
    }

    /** Sequences [from, to). */
    public Batch slice(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") of a batch of " + size());
        }
        int[] idx = new int[to - from];
        Arrays.setAll(idx, k -> from + k);
        return select(idx);
    }
}
