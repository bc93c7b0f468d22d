package org.rnn4j.models.train;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.optim.Adam;

/**
 * What the Java API's simple training loops share: one {@link FitSettings}, one Adam optimizer
 * that lives as long as the trainer (so several {@code fit} calls continue one run), and a fit
 * through the one {@link Trainer} that records the epochs and stops when a predicate says so.
 */
public abstract class SimpleFit implements AutoCloseable {
    private final FitSettings settings;
    private final Adam adam;

    protected SimpleFit(List<Parameter> parameters, FitSettings settings) {
        if (parameters == null || settings == null) {
            throw new IllegalArgumentException("model and settings are required");
        }
        this.settings = settings;
        this.adam = new Adam(parameters, settings.lr(), 0.9f, 0.999f, 1e-8f, 0f);
    }

    public FitSettings settings() {
        return settings;
    }

    /**
     * Trains {@code t} for the settings' epochs, or until maxSeconds, or until {@code stopAfter}
     * (called after every epoch, e.g. to check a held-out metric) returns true.
     * {@code progress} may be null.
     */
    protected EpochHistory.History fit(Trainable<?> t, Progress progress, Predicate<EpochHistory.Epoch> stopAfter)
            throws IOException {
        EpochHistory history = new EpochHistory(stopAfter);
        Trainer.Result r = Trainer.builder().epochs(settings.epochs()).optimizer(adam)
                .clipNorm(Float.isInfinite(settings.clipNorm()) ? 0f : settings.clipNorm())
                .maxSeconds(Double.isInfinite(settings.maxSeconds()) ? 0 : settings.maxSeconds())
                .progress(progress)
                .listener(history).build().fit(t);
        afterFit(r);
        return history.of(r);
    }

    /** Called after each fit with its result (a language model counts the epochs it has trained). */
    protected void afterFit(Trainer.Result r) {
    }

    @Override
    public void close() {
        adam.close();
    }
}
