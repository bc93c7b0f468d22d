package org.rnn4j.core.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * An allocator for long-lived tensors: each tensor gets its own shared {@link Arena} (so any thread
 * may read it, and {@link Tensor#close()} frees it at once). Closing the allocator with tensors
 * still open frees them and then reports the leak by throwing {@link IllegalStateException} with
 * their shapes — the way a test sees a leak.
 */
public final class NativeAllocator implements Allocator {
    static final long ALIGNMENT = 64;

    private final String name;
    private final Map<Tensor, Arena> live = new IdentityHashMap<>();
    private long bytesInUse;
    private long peakBytes;
    private boolean closed;

    public NativeAllocator(String name) {
        this.name = name;
    }

    @Override
    public synchronized Tensor allocate(Shape shape) {
        ensureOpen();
        long bytes = shape.size() * Float.BYTES;
        Arena arena = Arena.ofShared();
        MemorySegment seg;
        try {
            seg = arena.allocate(Math.max(bytes, 1), ALIGNMENT).asSlice(0, bytes);
        } catch (OutOfMemoryError e) {
            arena.close();
            throw new OutOfMemoryError("allocator '" + name + "' could not allocate " + shape + " ("
                    + bytes + " bytes) with " + bytesInUse + " bytes in use: " + e.getMessage());
        }
        Tensor t = new Tensor(seg, shape, this, 0);
        live.put(t, arena);
        bytesInUse += bytes;
        peakBytes = Math.max(peakBytes, bytesInUse);
        return t;
    }

    @Override
    public synchronized void release(Tensor t) {
        Arena arena = live.remove(t);
        if (arena != null) {
            bytesInUse -= t.size() * Float.BYTES;
            arena.close();
        }
    }

    @Override
    public synchronized void checkUsable(Tensor t) {
        if (closed) {
            throw new IllegalStateException("tensor " + t.shape() + " used after allocator '" + name + "' was closed");
        }
        if (!live.containsKey(t.root())) {
            throw new IllegalStateException("tensor " + t.shape() + " used after it was closed");
        }
    }

    @Override
    public synchronized long bytesInUse() {
        return bytesInUse;
    }

    @Override
    public synchronized long peakBytes() {
        return peakBytes;
    }

    /** Number of tensors not yet closed. */
    public synchronized int liveTensors() {
        return live.size();
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
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (live.isEmpty()) {
            return;
        }
        List<String> shapes = new ArrayList<>();
        long leaked = bytesInUse;
        for (Map.Entry<Tensor, Arena> e : live.entrySet()) {
            if (shapes.size() < 8) {
                shapes.add(e.getKey().shape().toString());
            }
            e.getValue().close();
        }
        int count = live.size();
        live.clear();
        bytesInUse = 0;
        throw new IllegalStateException("memory leaked: allocator '" + name + "' closed with " + count
                + " live tensor(s), " + leaked + " bytes: " + String.join(", ", shapes)
                + (count > shapes.size() ? ", ..." : "") + " (freed now; close tensors before their allocator)");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("allocator '" + name + "' is closed");
        }
    }
}
