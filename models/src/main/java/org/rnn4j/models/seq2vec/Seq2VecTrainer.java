package org.rnn4j.models.seq2vec;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.rnn4j.models.train.Batching;
import org.rnn4j.models.train.EpochHistory;
import org.rnn4j.models.train.FitSettings;
import org.rnn4j.models.train.SimpleFit;
import org.rnn4j.models.train.ModelTrainable;
import org.rnn4j.models.train.Trainable;

import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.models.train.Progress;

/**
 * A simple training loop for a {@link Seq2Vec}: Adam, gradient clipping by global norm, epochs
 * over shuffled batches bucketed by length (sequences of similar length share a batch, so a
 * packed batch wastes little), all from one seed ({@link FitSettings}). The optimizer lives as long as the trainer, so
 * several {@link #fit} calls continue one run.
 */
public final class Seq2VecTrainer extends SimpleFit {

    /** 10 epochs of 32, lr 1e-3, clip 5, buckets of 20 batches, seed 0, no time limit. */
    public static FitSettings defaults() {
        return new FitSettings(10, 32, 1e-3f, 5f, 0, Double.POSITIVE_INFINITY, 20, 1);
    }

    private final Seq2Vec model;
    private final SplittableRandom rng;

    public Seq2VecTrainer(Seq2Vec model, FitSettings settings) {
        super(model == null ? null : model.parameters(), settings);
        this.model = model;
        this.rng = new SplittableRandom(settings.seed());
    }

    /** Trains for the settings' epochs (or until maxSeconds). {@code progress} may be null. */
    public EpochHistory.History fit(Batch train, Progress progress) throws IOException {
        return fit(train, progress, e -> false);
    }

    /**
     * Trains through the {@link org.rnn4j.models.train.Trainer}, calling {@code stopAfter} after
     * every epoch (e.g. to check held-out accuracy); training ends when it returns true, after the
     * settings' epochs, or after maxSeconds.
     */
    public EpochHistory.History fit(Batch train, Progress progress, Predicate<EpochHistory.Epoch> stopAfter) throws IOException {
        FitSettings s = settings();
        Trainable<Batch> t = new ModelTrainable<>(model.namedParameters(), model.parameters()) {
            @Override
            public long batchesPerEpoch() {
                return (train.size() + s.batchSize() - 1) / s.batchSize();
            }

            @Override
            public Iterator<Batch> batches(int epoch) {
                return Batching.pooledByLength(train.lengths(), s.batchSize(), s.bucketBatches(), rng).stream()
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
                return s.batchSize();
            }
        };
        return fit(t, progress, stopAfter);
    }
}
