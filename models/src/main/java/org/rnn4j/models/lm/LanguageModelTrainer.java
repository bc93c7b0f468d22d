package org.rnn4j.models.lm;

import java.io.IOException;
import org.rnn4j.models.train.EpochHistory;
import org.rnn4j.models.train.Trainer;

import java.util.function.Predicate;
import org.rnn4j.core.autograd.RecurrentState;
import org.rnn4j.models.train.FitSettings;
import org.rnn4j.models.train.SimpleFit;
import org.rnn4j.models.train.Progress;

/**
 * Trains a {@link LanguageModel} on one long token stream by truncated back-propagation through
 * time: the stream is cut into {@code batch} parallel streams of equal length (stream s holds the
 * s-th contiguous slice), which are read in windows of {@code bptt} steps; the final states of a
 * window start the next one (carried in a {@link RecurrentState}, detached, so gradients stop at
 * window boundaries) and are reset at the start of each epoch. From the second epoch on the
 * slices start at a seeded random offset in [0, bptt), so window boundaries move. Adam, gradient
 * clipping by global norm ({@link FitSettings}). The optimizer lives as long as the trainer, so
 * several {@link #fit} calls continue one run.
 */
public final class LanguageModelTrainer extends SimpleFit {

    /** 10 epochs, 16 streams, windows of 64 ({@code bptt}), lr 2e-3, clip 5, seed 0, no time limit. */
    public static FitSettings defaults() {
        return new FitSettings(10, 16, 2e-3f, 5f, 0, Double.POSITIVE_INFINITY, 1, 64);
    }

    private final LanguageModel model;
    private int epochsDone;

    /** {@code settings.batchSize()} parallel streams, read in windows of {@code settings.bptt()} steps. */
    public LanguageModelTrainer(LanguageModel model, FitSettings settings) {
        super(model == null ? null : model.parameters(), settings);
        this.model = model;
    }

    /** Trains for the settings' epochs (or until maxSeconds). {@code progress} may be null. */
    public EpochHistory.History fit(int[] stream, Progress progress) throws IOException {
        return fit(stream, progress, e -> false);
    }

    /**
     * Trains on {@code stream} through the {@link org.rnn4j.models.train.Trainer}, calling
     * {@code stopAfter} after every epoch (e.g. to check held-out perplexity); training ends when
     * it returns true, after the settings' epochs, or after maxSeconds.
     */
    public EpochHistory.History fit(int[] stream, Progress progress, Predicate<EpochHistory.Epoch> stopAfter) throws IOException {
        int b = settings().batchSize();
        if (stream == null || stream.length < b + 1) {
            throw new IllegalArgumentException("the stream needs at least batchSize + 1 = " + (b + 1) + " tokens, got "
                    + (stream == null ? 0 : stream.length));
        }
        try (TextStreamTraining t = new TextStreamTraining(model, stream, b, settings().bptt(), settings().seed(),
                epochsDone)) {
            return fit(t, progress, stopAfter);
        }
    }

    @Override
    protected void afterFit(Trainer.Result r) {
        epochsDone += r.epochs();
    }
}
