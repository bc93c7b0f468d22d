package org.rnn4j.models.train;

import java.util.List;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.nn.Parameter;

/**
 * What a {@link Trainable} offers so that the trainer can spread its batches over several
 * devices: how to cut a batch into shards, how much of the batch's loss each shard carries, and
 * replicas of the model for the other devices. A trainable that is not {@code Shardable} trains
 * on one device.
 *
 * @param <B> the trainable's batch
 */
public interface Shardable<B> {

    /** Examples in {@code batch}. */
    int size(B batch);

    /** Examples {@code [from, to)} of {@code batch}, as a batch of their own. */
    B slice(B batch, int from, int to);

    /**
     * How many terms the loss of {@code shard} averages over (examples, or target tokens for a
     * token-level loss): shard losses are weighted by this so that their sum is the gradient of
     * the whole batch's loss.
     */
    double weight(B shard);

    /**
     * Whether a shard may run as micro-batches, one after another on its device (gradient
     * accumulation). A model that carries state per example across steps (a language model's
     * streams) says no.
     */
    default boolean accumulates() {
        return true;
    }

    /**
     * A copy of the model for device {@code index} (1, 2, ...): parameters of its own, named
     * and ordered as the trainable's (the trainer copies the values in before every step), and
     * the loss of a shard on that copy. Dropout and any sampling in the loss draw from streams
     * of the replica's own, seeded from the run's seed and {@code index}.
     */
    Replica<B> replica(int index);

    /** A model copy on another device. */
    interface Replica<B> extends AutoCloseable {
        List<Parameter> parameters();

        /** The loss of {@code shard} on this copy, recorded on {@code tape} in training mode. */
        Var loss(Tape tape, B shard);

        @Override
        void close();
    }
}
