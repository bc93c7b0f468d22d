package org.rnn4j.models.train;

import java.io.IOException;

/**
 * A listener on a {@link Trainer} run: called after every optimizer step and after every
 * validation (each epoch, or every {@code validateEvery} steps). What it may do goes through the
 * {@link Trainer.State} it is given: read the loss, rate, step and metrics, ask the run to stop,
 * or save {@code checkpoints/last} now. One seam for logging, custom stopping rules and extra
 * checkpoints.
 */
public interface TrainListener {

    /** After each optimizer step. */
    default void afterStep(Trainer.State state) throws IOException {
    }

    /** After each validation, with {@link Trainer.State#metrics()} just measured. */
    default void afterValidation(Trainer.State state) throws IOException {
    }
}
