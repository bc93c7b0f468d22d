package org.rnn4j.models.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A listener that keeps one {@link Epoch} per validation (each epoch, unless the run validates
 * every N steps) and stops the run when {@code stopAfter} says so — the Keras-style history the
 * Java-API trainers ({@code Seq2VecTrainer}, {@code LanguageModelTrainer}) return.
 */
public final class EpochHistory implements TrainListener {

    /** One finished epoch: its number (1-based), mean training loss, steps so far and seconds so far. */
    public record Epoch(int epoch, double meanLoss, long steps, double seconds) {
    }

    /** What a run did: the epochs and why it stopped. */
    public record History(List<Epoch> epochs, long steps, double seconds, String stoppedBecause) {
        public Epoch last() {
            return epochs.getLast();
        }
    }

    private final List<Epoch> epochs = new ArrayList<>();
    private final Predicate<Epoch> stopAfter;

    public EpochHistory(Predicate<Epoch> stopAfter) {
        this.stopAfter = stopAfter;
    }

    @Override
    public void afterValidation(Trainer.State s) {
        Epoch e = new Epoch(s.epoch(), s.meanLoss(), s.globalStep(), s.wallSeconds());
        epochs.add(e);
        if (stopAfter.test(e)) {
            s.stop("stopped after epoch " + s.epoch());
        }
    }

    /** The history of the run that returned {@code r}. */
    public History of(Trainer.Result r) {
        return new History(List.copyOf(epochs), r.steps(), r.wallSeconds(), r.stoppedBecause());
    }
}
