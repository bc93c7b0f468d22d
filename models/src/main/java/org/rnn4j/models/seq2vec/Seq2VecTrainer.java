package org.rnn4j.models.seq2vec;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.rnn4j.models.train.Batching;
import org.rnn4j.models.train.EpochHistory;
import org.rnn4j.models.train.ModelTrainable;
import org.rnn4j.models.train.Trainable;
import org.rnn4j.models.train.Trainer;

import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.optim.Adam;
import org.rnn4j.models.train.Progress;

/**
 * A simple training loop for a {@link Seq2Vec}: Adam, gradient clipping by global norm, epochs
 * over shuffled batches bucketed by length (sequences of similar length share a batch, so a
 * packed batch wastes little), all from one seed. The optimizer lives as long as the trainer, so
 * several {@link #fit} calls continue one run.
 */
public final class Seq2VecTrainer implements AutoCloseable {

    /**
     * @param epochs      passes over the data (at most)
     * @param batchSize   sequences per step
     * @param lr          Adam's learning rate
     * @param clipNorm    largest global gradient norm (+inf: no clipping)
     * @param bucketBatches batches per length bucket: the shuffled data is cut into pools of
     *                    {@code bucketBatches * batchSize} sequences, each sorted by length and cut
     *                    into batches; 1 turns bucketing off
     * @param seed        the order of the shuffled batches (dropout masks come from the model's seed)
     * @param maxSeconds  stop after this much training time (checked after every step)
     */
    public record Settings(int epochs, int batchSize, float lr, float clipNorm, int bucketBatches, long seed,
                           double maxSeconds) {
        public Settings {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (!(lr > 0f) || !Float.isFinite(lr)) {
                throw new IllegalArgumentException("lr must be finite and > 0, got " + lr);
            }
            if (!(clipNorm > 0f)) {
                throw new IllegalArgumentException("clipNorm must be > 0, got " + clipNorm);
            }
            if (bucketBatches < 1) {
                throw new IllegalArgumentException("bucketBatches must be >= 1, got " + bucketBatches);
            }
            if (!(maxSeconds > 0)) {
                throw new IllegalArgumentException("maxSeconds must be > 0, got " + maxSeconds);
            }
        }

        /** 10 epochs of 32, lr 1e-3, clip 5, buckets of 20 batches, seed 0, no time limit. */
        public static Settings defaults() {
            return new Settings(10, 32, 1e-3f, 5f, 20, 0, Double.POSITIVE_INFINITY);
        }

        public Settings withEpochs(int n) {
            return new Settings(n, batchSize, lr, clipNorm, bucketBatches, seed, maxSeconds);
        }

        public Settings withBatchSize(int n) {
            return new Settings(epochs, n, lr, clipNorm, bucketBatches, seed, maxSeconds);
        }

        public Settings withLr(float v) {
            return new Settings(epochs, batchSize, v, clipNorm, bucketBatches, seed, maxSeconds);
        }

        public Settings withClipNorm(float v) {
            return new Settings(epochs, batchSize, lr, v, bucketBatches, seed, maxSeconds);
        }

        public Settings withBucketBatches(int n) {
            return new Settings(epochs, batchSize, lr, clipNorm, n, seed, maxSeconds);
        }

        public Settings withSeed(long s) {
            return new Settings(epochs, batchSize, lr, clipNorm, bucketBatches, s, maxSeconds);
        }

        public Settings withMaxSeconds(double s) {
            return new Settings(epochs, batchSize, lr, clipNorm, bucketBatches, seed, s);
        }
    }

    private final Seq2Vec model;
    private final Settings settings;
    private final Adam adam;
    private final SplittableRandom rng;

    public Seq2VecTrainer(Seq2Vec model, Settings settings) {
        this.model = model;
        this.settings = settings;
        this.adam = new Adam(model.parameters(), settings.lr(), 0.9f, 0.999f, 1e-8f, 0f);
        this.rng = new SplittableRandom(settings.seed());
    }

    public Settings settings() {
        return settings;
    }

    /** Trains for the settings' epochs (or until maxSeconds). {@code progress} may be null. */
    public EpochHistory.History fit(Batch train, Progress progress) throws IOException {
        return fit(train, progress, e -> false);
    }

    /**
     * Trains through the {@link Trainer}, calling {@code stopAfter} after every epoch (e.g. to
     * check held-out accuracy); training ends when it returns true, after the settings' epochs, or
     * after maxSeconds.
     */
    public EpochHistory.History fit(Batch train, Progress progress, Predicate<EpochHistory.Epoch> stopAfter) throws IOException {
        EpochHistory history = new EpochHistory(stopAfter);
        Trainable<Batch> t = new ModelTrainable<>(model.namedParameters(), model.parameters()) {


            @Override
            public long batchesPerEpoch() {
                return (train.size() + settings.batchSize() - 1) / settings.batchSize();
            }

            @Override
            public Iterator<Batch> batches(int epoch) {
                return Batching.pooledByLength(train.lengths(), settings.batchSize(), settings.bucketBatches(), rng).stream()
                        .map(train::select).iterator();
            }

            @Override
            public Var loss(Tape tape, Batch b) {
                return model.loss(tape, b, true);
            }

            @Override
            public Map<String, Double> validate() {
                return Map.of();
            }

            @Override
            public long unitsPerStep() {
                return settings.batchSize();
            }
        };
        Trainer.Result r = Trainer.builder().epochs(settings.epochs()).optimizer(adam)
                .clipNorm(Float.isInfinite(settings.clipNorm()) ? 0f : settings.clipNorm())
                .maxSeconds(Double.isInfinite(settings.maxSeconds()) ? 0 : settings.maxSeconds())
                .progress(progress)
                    .listener(history).build().fit(t);
        return history.of(r);
    }

    @Override
    public void close() {
        adam.close();
    }
}
