package org.rnn4j.models.train;

import java.util.function.Function;
import org.rnn4j.core.nn.NamedModule;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.NativeAllocator;

/**
 * A model built in a flat allocator of its own ({@link NativeAllocator#flatFor}: its parameters
 * and gradients each one buffer), which closing this closes too — what a {@link Shardable}
 * replica is made of.
 *
 * @param <M> the model
 */
public record FlatModel<M extends NamedModule<?>>(NativeAllocator mem, M model) implements AutoCloseable {

    /** Builds with {@code build} (it runs twice: once to size the allocator, once for real). */
    public static <M extends NamedModule<?>> FlatModel<M> build(String name, Function<Allocator, M> build) {
        NativeAllocator mem = NativeAllocator.flatFor(name, build);
        try {
            return new FlatModel<>(mem, build.apply(mem));
        } catch (RuntimeException | Error e) {
            mem.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            mem.close();
        }
    }
}
