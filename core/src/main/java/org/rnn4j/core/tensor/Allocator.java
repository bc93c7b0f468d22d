package org.rnn4j.core.tensor;

/**
 * Owns the off-heap memory of the tensors it hands out. Closing it frees them all; closing twice
 * is harmless; a tensor used after its allocator closed throws {@link IllegalStateException}.
 *
 * <p>Two kinds: {@link NativeAllocator} for long-lived tensors (parameters, optimizer state), each
 * freed on its own, and {@link Workspace} for the activations of one training step, freed all at
 * once by {@link Workspace#reset()}.
 */
public sealed interface Allocator extends AutoCloseable permits NativeAllocator, Workspace {

    /** A zero-filled float32 tensor, 64-byte aligned. */
    Tensor allocate(Shape shape);

    /**
     * A zero-filled tensor for a parameter's gradient. Plain allocators treat it as any tensor; a
     * flat {@link NativeAllocator} places gradients in a region of their own, so that a model's
     * gradients are one buffer.
     */
    default Tensor allocateGradient(Shape shape) {
        return allocate(shape);
    }

    default Tensor allocate(int... dims) {
        return allocate(Shape.of(dims));
    }

    /** A tensor holding a copy of {@code values}, with the given shape. */
    default Tensor of(float[] values, int... dims) {
        Tensor t = allocate(Shape.of(dims));
        t.copyFrom(values);
        return t;
    }

    /** Bytes of live tensors now. */
    long bytesInUse();

    /** The most bytes in use at any time since creation. */
    long peakBytes();

    boolean isClosed();

    /** A name for messages ("parameters", "step workspace"). */
    String name();

    @Override
    void close();

    /** Throws if {@code t} may not be used now; called by {@link Tensor#data()}. */
    void checkUsable(Tensor t);

    /** Frees a root tensor's memory ({@link Tensor#close()}). */
    void release(Tensor t);
}
