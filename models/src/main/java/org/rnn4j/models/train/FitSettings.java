package org.rnn4j.models.train;

import static org.rnn4j.models.config.Checks.atLeast;

/**
 * The settings of the Java API's simple training loops ({@code Seq2VecTrainer},
 * {@code LanguageModelTrainer}): Adam at {@code lr}, clipping by global norm, epochs of
 * {@code batchSize}, a seed and a time limit. Each trainer has its own {@code defaults()};
 * change fields with the {@code with...} methods. Validated on construction; every message names
 * the field.
 *
 * @param epochs        passes over the data (at most)
 * @param batchSize     sequences (or, for a language model, parallel streams) per step
 * @param lr            Adam's learning rate (PyTorch's other defaults: betas 0.9/0.999, eps 1e-8)
 * @param clipNorm      largest global gradient norm (+inf: no clipping)
 * @param seed          the order of the batches (dropout masks come from the model's seed)
 * @param maxSeconds    stop after this much training time (checked after every step; +inf: none)
 * @param bucketBatches sequence models: batches per length bucket — the shuffled data is cut into
 *                      pools of {@code bucketBatches * batchSize} sequences, each sorted by length
 *                      and cut into batches; 1 turns bucketing off
 * @param bptt          language models: steps per truncated back-propagation window
 */
public record FitSettings(int epochs, int batchSize, float lr, float clipNorm, long seed, double maxSeconds,
                          int bucketBatches, int bptt) {
    public FitSettings {
        atLeast("epochs", epochs, 1);
        atLeast("batchSize", batchSize, 1);
        if (!(lr > 0f) || !Float.isFinite(lr)) {
            throw new IllegalArgumentException("lr must be finite and > 0, got " + lr);
        }
        if (!(clipNorm > 0f)) {
            throw new IllegalArgumentException("clipNorm must be > 0, got " + clipNorm);
        }
        if (!(maxSeconds > 0)) {
            throw new IllegalArgumentException("maxSeconds must be > 0, got " + maxSeconds);
        }
        atLeast("bucketBatches", bucketBatches, 1);
        atLeast("bptt", bptt, 1);
    }

    public FitSettings withEpochs(int n) {
        return new FitSettings(n, batchSize, lr, clipNorm, seed, maxSeconds, bucketBatches, bptt);
    }

    public FitSettings withBatchSize(int n) {
        return new FitSettings(epochs, n, lr, clipNorm, seed, maxSeconds, bucketBatches, bptt);
    }

    public FitSettings withLr(float v) {
        return new FitSettings(epochs, batchSize, v, clipNorm, seed, maxSeconds, bucketBatches, bptt);
    }

    public FitSettings withClipNorm(float v) {
        return new FitSettings(epochs, batchSize, lr, v, seed, maxSeconds, bucketBatches, bptt);
    }

    public FitSettings withSeed(long s) {
        return new FitSettings(epochs, batchSize, lr, clipNorm, s, maxSeconds, bucketBatches, bptt);
    }

    public FitSettings withMaxSeconds(double s) {
        return new FitSettings(epochs, batchSize, lr, clipNorm, seed, s, bucketBatches, bptt);
    }

    public FitSettings withBucketBatches(int n) {
        return new FitSettings(epochs, batchSize, lr, clipNorm, seed, maxSeconds, n, bptt);
    }

    public FitSettings withBptt(int n) {
        return new FitSettings(epochs, batchSize, lr, clipNorm, seed, maxSeconds, bucketBatches, n);
    }
}
