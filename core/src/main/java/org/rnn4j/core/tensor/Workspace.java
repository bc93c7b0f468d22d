package org.rnn4j.core.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A slicing allocator for the activations of one training step: tensors are cut from one large
 * segment by bumping an offset, and {@link #reset()} frees them all at once, so a step does no
 * per-operation allocation.
 *
 * <p>Each reset starts a new generation. A tensor remembers the generation it was cut in, and
 * {@link Tensor#data()} throws if the workspace has been reset since — its memory is still mapped,
 * so without the stamp a stale read would silently see another step's data.
 *
 * <p>When a step needs more than the capacity, a further chunk is allocated; the next reset
 * replaces all chunks with one segment as large as the peak plus a quarter, so from the second
 * step on nothing is allocated when steps are alike. The quarter is for steps that are not alike
 * (clips of 10-20 frames, batches of different lengths): without it every new peak, however small
 * the excess, would allocate — and the JDK zero-fills — the whole workspace again. Not for concurrent allocation from several threads; the memory itself may
 * be read and written by any thread (the segments are shared).
 */
public final class Workspace implements Allocator {
    private final String name;
    private Arena arena;
    private MemorySegment chunk;
    private long used;           // bytes cut from the current chunk
    private long needed;         // bytes this generation would take in one chunk (aligned slots)
    private long generation;
    private long peakBytes;
    private long extraChunks;    // chunks added in this generation, beyond the first
    private long held;           // bytes of the arena's chunks, as NativeMemory counts them
    private boolean closed;

    public Workspace(String name, long initialBytes) {
        if (initialBytes < 0) {
            throw new IllegalArgumentException("workspace '" + name + "': initial size " + initialBytes + " < 0");
        }
        this.name = name;
        this.arena = Arena.ofShared();
        this.chunk = chunk(Math.max(initialBytes, NativeAllocator.ALIGNMENT));
    }

    /** A new chunk of the current arena, counted against the machine's memory first. */
    private MemorySegment chunk(long size) {
        NativeMemory.reserve(size, "workspace '" + name + "'");
        try {
            MemorySegment c = arena.allocate(size, NativeAllocator.ALIGNMENT);
            held += size;
            return c;
        } catch (OutOfMemoryError | RuntimeException e) {
            NativeMemory.release(size);
            throw e;
        }
    }

    private void closeArena() {
        arena.close();
        NativeMemory.release(held);
        held = 0;
    }

    @Override
    public synchronized Tensor allocate(Shape shape) {
        Tensor t = allocateUninitialized(shape);
        t.data().fill((byte) 0);
        return t;
    }

    /** Like {@link #allocate(Shape)} but the contents are whatever the memory held. */
    public synchronized Tensor allocateUninitialized(Shape shape) {
        if (closed) {
            throw new IllegalStateException("workspace '" + name + "' is closed");
        }
        long bytes = shape.size() * Float.BYTES;
        long start = align(used);
        if (start + bytes > chunk.byteSize()) {
            long size = Math.max(bytes, 2 * chunk.byteSize());
            chunk = chunk(size);   // freed with the arena at reset
            extraChunks++;
            start = 0;
        }
        used = start + bytes;
        needed = align(needed) + bytes;
        peakBytes = Math.max(peakBytes, needed);
        return new Tensor(chunk.asSlice(start, bytes), shape, this, generation);
    }

    /**
     * Frees every tensor of this generation (they become stale). If the generation overflowed the
     * first chunk, the memory is replaced by one chunk that fits the peak.
     */
    public synchronized void reset() {
        if (closed) {
            throw new IllegalStateException("workspace '" + name + "' is closed");
        }
        generation++;
        if (extraChunks > 0) {
            long size = align(peakBytes + peakBytes / 4);
            Arena old = arena;
            long oldHeld = held;
            arena = Arena.ofShared();
            held = 0;
            try {
                chunk = chunk(size);
            } catch (OutOfMemoryError | RuntimeException e) {
                arena.close();   // keep the old memory: the workspace stays usable
                arena = old;
                held = oldHeld;
                used = 0;
                needed = 0;
                throw e;
            }
            old.close();
            NativeMemory.release(oldHeld);
            extraChunks = 0;
        }
        used = 0;
        needed = 0;
    }

    /** The generation new tensors are stamped with; it grows by one at each reset. */
    public synchronized long generation() {
        return generation;
    }

    /** Bytes of the current chunk (the workspace's footprint once a step has settled). */
    public synchronized long capacityBytes() {
        return chunk.byteSize();
    }

    /** Bytes the live tensors of this generation take, counted as one chunk would hold them. */
    @Override
    public synchronized long bytesInUse() {
        return needed;
    }

    @Override
    public synchronized long peakBytes() {
        return peakBytes;
    }

    @Override
    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void checkUsable(Tensor t) {
        if (closed) {
            throw new IllegalStateException("tensor " + t.shape() + " used after workspace '" + name + "' was closed");
        }
        if (t.generation() != generation) {
            throw new IllegalStateException("stale tensor " + t.shape() + ": taken from workspace '" + name
                    + "' in generation " + t.generation() + ", but the workspace was reset since (now generation "
                    + generation + ")");
        }
    }

    @Override
    public void release(Tensor t) {
        // Workspace tensors are freed together by reset(); closing one alone is a no-op.
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeArena();
        }
    }

    private static long align(long offset) {
        long a = NativeAllocator.ALIGNMENT;
        return (offset + a - 1) / a * a;
    }
}
