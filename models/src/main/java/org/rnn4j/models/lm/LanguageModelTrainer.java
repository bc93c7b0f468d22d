package org.rnn4j.models.lm;

import java.io.IOException;
import org.rnn4j.models.train.EpochHistory;
import org.rnn4j.models.train.Trainer;

import java.util.function.Predicate;
import org.rnn4j.core.autograd.RecurrentState;
import org.rnn4j.core.optim.Adam;
import org.rnn4j.models.train.Progress;

/**
 * Trains a {@link LanguageModel} on one long token stream by truncated back-propagation through
 * time: the stream is cut into {@code batch} parallel streams of equal length (stream s holds the
 * s-th contiguous slice), which are read in windows of {@code bptt} steps; the final states of a
 * window start the next one (carried in a {@link RecurrentState}, detached, so gradients stop at
 * window boundaries) and are reset at the start of each epoch. From the second epoch on the
 * slices start at a seeded random offset in [0, bptt), so window boundaries move. Adam, gradient
 * clipping by global norm. The optimizer lives as long as the trainer, so several {@link #fit}
 * calls continue one run.
 */
public final class LanguageModelTrainer implements AutoCloseable {

    /**
     * @param epochs     passes over the stream (at most)
     * @param batch      parallel streams per step
     * @param bptt       steps per window (truncation length)
     * @param lr         Adam's learning rate
     * @param clipNorm   largest global gradient norm (+inf: no clipping)
     * @param seed       the epochs' start offsets (dropout masks come from the model's seed)
     * @param maxSeconds stop after this much training time (checked after every step)
     */
    public record Settings(int epochs, int batch, int bptt, float lr, float clipNorm, long seed, double maxSeconds) {
        public Settings {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be >= 1, got " + batch);
            }
            if (bptt < 1) {
                throw new IllegalArgumentException("bptt must be >= 1, got " + bptt);
            }
            if (!(lr > 0f) || !Float.isFinite(lr)) {
                throw new IllegalArgumentException("lr must be finite and > 0, got " + lr);
            }
            if (!(clipNorm > 0f)) {
                throw new IllegalArgumentException("clipNorm must be > 0, got " + clipNorm);
            }
            if (!(maxSeconds > 0)) {
                throw new IllegalArgumentException("maxSeconds must be > 0, got " + maxSeconds);
            }
        }

        /** 10 epochs, 16 streams, windows of 64, lr 2e-3, clip 5, seed 0, no time limit. */
        public static Settings defaults() {
            return new Settings(10, 16, 64, 2e-3f, 5f, 0, Double.POSITIVE_INFINITY);
        }

        public Settings withEpochs(int n) {
            return new Settings(n, batch, bptt, lr, clipNorm, seed, maxSeconds);
        }

        public Settings withBatch(int n) {
            return new Settings(epochs, n, bptt, lr, clipNorm, seed, maxSeconds);
        }

        public Settings withBptt(int n) {
            return new Settings(epochs, batch, n, lr, clipNorm, seed, maxSeconds);
        }

        public Settings withLr(float v) {
            return new Settings(epochs, batch, bptt, v, clipNorm, seed, maxSeconds);
        }

        public Settings withClipNorm(float v) {
            return new Settings(epochs, batch, bptt, lr, v, seed, maxSeconds);
        }

        public Settings withSeed(long s) {
            return new Settings(epochs, batch, bptt, lr, clipNorm, s, maxSeconds);
        }

        public Settings withMaxSeconds(double s) {
            return new Settings(epochs, batch, bptt, lr, clipNorm, seed, s);
        }
    }

    private final LanguageModel model;
    private final Settings settings;
    private final Adam adam;
    private int epochsDone;

    public LanguageModelTrainer(LanguageModel model, Settings settings) {
        if (model == null || settings == null) {
            throw new IllegalArgumentException("model and settings are required");
        }
        this.model = model;
        this.settings = settings;
        this.adam = new Adam(model.parameters(), settings.lr(), 0.9f, 0.999f, 1e-8f, 0f);
    }

    public Settings settings() {
        return settings;
    }

    /** Trains for the settings' epochs (or until maxSeconds). {@code progress} may be null. */
    public EpochHistory.History fit(int[] stream, Progress progress) throws IOException {
        return fit(stream, progress, e -> false);
    }

    /**
     * Trains on {@code stream} through the {@link Trainer}, calling {@code stopAfter} after every
     * epoch (e.g. to check held-out perplexity); training ends when it returns true, after the
     * settings' epochs, or after maxSeconds.
     */
    public EpochHistory.History fit(int[] stream, Progress progress, Predicate<EpochHistory.Epoch> stopAfter) throws IOException {
        int b = settings.batch();
        if (stream == null || stream.length < b + 1) {
            throw new IllegalArgumentException("the stream needs at least batch + 1 = " + (b + 1) + " tokens, got "
                    + (stream == null ? 0 : stream.length));
        }
        EpochHistory history = new EpochHistory(stopAfter);
        try (TextStreamTraining t = new TextStreamTraining(model, stream, b, settings.bptt(), settings.seed(),
                epochsDone)) {
            Trainer.Builder tb = Trainer.builder().epochs(settings.epochs()).optimizer(adam)
                    .clipNorm(Float.isInfinite(settings.clipNorm()) ? 0f : settings.clipNorm())
                    .maxSeconds(Double.isInfinite(settings.maxSeconds()) ? 0 : settings.maxSeconds())
                    .progress(progress)
                    .listener(history);
            Trainer.Result r = tb.build().fit(t);
            epochsDone += r.epochs();
            return history.of(r);
        }
    }

    @Override
    public void close() {
        adam.close();
    }
}
