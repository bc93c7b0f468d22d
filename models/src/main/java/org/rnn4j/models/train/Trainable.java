package org.rnn4j.models.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.nn.Parameter;

/**
 * What the {@link Trainer} needs of a model and its training data: the seam between a model
 * family and the one training loop. A family says how to cut its data into batches and what the
 * loss of one batch is; the trainer does everything else (the optimizer, the schedule, clipping,
 * limits, validation, early stopping, checkpoints, logs, the model folder).
 *
 * @param <B> the family's batch (token ids, feature rows, clips, ...)
 */
public interface Trainable<B> {

    /** The parameters under their state_dict names (checkpoints and model folders use them). */
    Map<String, Parameter> namedParameters();

    /** The parameters the optimizer updates, in the model's order. */
    List<Parameter> parameters();

    /** Optimizer steps in one epoch (the cosine schedule's horizon is epochs times this). */
    long batchesPerEpoch();

    /**
     * The batches of epoch {@code epoch} (0-based) in training order. Asked once per epoch; the
     * same epoch must give the same batches each time it is asked (a resumed run asks for the epoch
     * it stopped in and skips the batches already done), so derive any shuffling from the seed
     * and the epoch.
     */
    Iterator<B> batches(int epoch);

    /** The loss of one batch, recorded on {@code tape} in training mode (dropout on). */
    Var loss(Tape tape, B batch);

    /**
     * Validation metrics by name (for example {@code exact_match}, {@code accuracy},
     * {@code perplexity}); empty when there is no validation data. Called in evaluation mode
     * between optimizer steps.
     */
    Map<String, Double> validate();

    /** Units one step trains on, for the progress rate (sequences, or tokens for a language model). */
    default long unitsPerStep() {
        return 1;
    }

    /** The progress rate's unit. */
    default String unit() {
        return "seq/s";
    }

    /** Bytes of the training step's first workspace chunk (it grows as needed). */
    default long workspaceBytes() {
        return 8L << 20;
    }

    /**
     * Writes the model folder ({@code config.json}, vocabularies, {@code model.safetensors},
     * {@code metrics.json}) that {@code rnn4j predict} and the family's {@code load} read.
     */
    default void save(Path dir, Map<String, Object> metrics) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no model folder");
    }
}
