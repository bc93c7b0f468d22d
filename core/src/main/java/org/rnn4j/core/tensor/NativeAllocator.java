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
 *
 * <p>A <em>flat</em> allocator ({@link #flat}, {@link #flatFor}) also reserves two regions: tensors
 * are cut from the first, gradients ({@link #allocateGradient}) from the second, one after the
 * other, 64-byte aligned, while they fit. A model built in one has its parameters and its
 * gradients each in one buffer ({@link #valueRegion()}, {@link #gradientRegion()}), so a
 * reduction over its gradients is one call. Tensors cut from a region are freed with the
 * allocator; closing one early only retires it.
 */
public final class NativeAllocator implements Allocator {
    static final long ALIGNMENT = 64;

    /** Marks a tensor cut from a flat region (nothing of its own to free). */
    private static final Arena REGION = Arena.global();

    private final String name;
    private final Map<Tensor, Arena> live = new IdentityHashMap<>();
    private long bytesInUse;
    private long peakBytes;
    private boolean closed;
    private final Arena flatArena;
    private final long flatHeld;
    private final MemorySegment values;
    private final MemorySegment gradients;
    private long valuesUsed;
    private long gradientsUsed;
    private long valueBytesAsked;
    private long gradientBytesAsked;

    public NativeAllocator(String name) {
        this.name = name;
        this.flatHeld = 0;
        this.flatArena = null;
        this.values = null;
        this.gradients = null;
    }

    private NativeAllocator(String name, long valueBytes, long gradientBytes) {
        this.name = name;
        long v = Math.max(ALIGNMENT, align(valueBytes));
        long g = Math.max(ALIGNMENT, align(gradientBytes));
        NativeMemory.reserve(v + g, "allocator '" + name + "' (parameters and gradients)");
        this.flatHeld = v + g;
        Arena a = Arena.ofShared();
        try {
            this.values = a.allocate(v, ALIGNMENT);
            this.gradients = a.allocate(g, ALIGNMENT);
        } catch (OutOfMemoryError | RuntimeException e) {
            a.close();
            NativeMemory.release(v + g);
            throw e;
        }
        this.flatArena = a;
    }

    /** A flat allocator with regions of (at least) these sizes for tensors and for gradients. */
    public static NativeAllocator flat(String name, long valueBytes, long gradientBytes) {
        if (valueBytes < 0 || gradientBytes < 0) {
            throw new IllegalArgumentException("region sizes must be >= 0, got " + valueBytes + " and " + gradientBytes);
        }
        return new NativeAllocator(name, valueBytes, gradientBytes);
    }

    /**
     * A flat allocator whose regions fit exactly what {@code build} allocates: {@code build} runs
     * once on a scratch allocator to measure (its result is closed), and the caller then builds
     * for real in the allocator returned. A seeded model allocates the same both times.
     */
    public static NativeAllocator flatFor(String name, java.util.function.Function<Allocator, ? extends AutoCloseable> build) {
        long v;
        long g;
        try (NativeAllocator probe = new NativeAllocator(name + " (sizing)")) {
            try (AutoCloseable built = build.apply(probe)) {
                v = probe.valueBytesAsked;
                g = probe.gradientBytesAsked;
            } catch (RuntimeException e) {
                throw e;   // as it is: only a checked exception from close() is wrapped below
            } catch (Exception e) {
                throw new IllegalStateException("closing the sizing build of '" + name + "' failed", e);
            }
        }
        return flat(name, v, g);
    }

    static long align(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** True for a flat allocator. */
    public boolean isFlat() {
        return flatArena != null;
    }

    /** The region tensors are cut from (null unless flat); valid until the allocator closes. */
    public MemorySegment valueRegion() {
        return values;
    }

    /** The region gradients are cut from (null unless flat); valid until the allocator closes. */
    public MemorySegment gradientRegion() {
        return gradients;
    }

    /** Bytes of the gradient region handed out so far (the extent a reduction covers). */
    public synchronized long gradientBytesUsed() {
        return gradientsUsed;
    }

    @Override
    public synchronized Tensor allocate(Shape shape) {
        return allocateIn(shape, false);
    }

    @Override
    public synchronized Tensor allocateGradient(Shape shape) {
        return allocateIn(shape, true);
    }

    private Tensor allocateIn(Shape shape, boolean gradient) {
        ensureOpen();
        long bytes = shape.size() * Float.BYTES;
        if (gradient) {
            gradientBytesAsked += align(Math.max(bytes, 1));
        } else {
            valueBytesAsked += align(Math.max(bytes, 1));
        }
        if (flatArena != null) {
            MemorySegment region = gradient ? gradients : values;
            long used = gradient ? gradientsUsed : valuesUsed;
            long need = align(Math.max(bytes, 1));
            if (used + need <= region.byteSize()) {
                Tensor t = new Tensor(region.asSlice(used, bytes), shape, this, 0);
                if (gradient) {
                    gradientsUsed += need;
                } else {
                    valuesUsed += need;
                }
                live.put(t, REGION);
                bytesInUse += bytes;
                peakBytes = Math.max(peakBytes, bytesInUse);
                return t;
            }
        }
        NativeMemory.reserve(Math.max(bytes, 1), "allocator '" + name + "' (a tensor of " + shape + ")");
        Arena arena = Arena.ofShared();
        MemorySegment seg;
        try {
            seg = arena.allocate(Math.max(bytes, 1), ALIGNMENT).asSlice(0, bytes);
        } catch (OutOfMemoryError e) {
            arena.close();
            NativeMemory.release(Math.max(bytes, 1));
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
            if (arena != REGION) {
                arena.close();
                NativeMemory.release(Math.max(t.size() * Float.BYTES, 1));
            }
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
        if (flatArena != null) {
            flatArena.close();
            NativeMemory.release(flatHeld);
        }
        if (live.isEmpty()) {
            return;
        }
        List<String> shapes = new ArrayList<>();
        long leaked = bytesInUse;
        for (Map.Entry<Tensor, Arena> e : live.entrySet()) {
            if (shapes.size() < 8) {
                shapes.add(e.getKey().shape().toString());
            }
            if (e.getValue() != REGION) {
                e.getValue().close();
                NativeMemory.release(Math.max(e.getKey().size() * Float.BYTES, 1));
            }
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
