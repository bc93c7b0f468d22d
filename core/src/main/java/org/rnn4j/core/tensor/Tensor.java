package org.rnn4j.core.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A float32 tensor: contiguous, row-major, off-heap in a {@link MemorySegment} owned by an
 * {@link Allocator}. Views ({@link #slice}, {@link #reshape}) share the memory and the lifetime of
 * the tensor they come from.
 *
 * <p>Every access goes through {@link #data()}, which checks that the owner is open, that the
 * tensor was not closed, and (for {@link Workspace} tensors) that the workspace was not reset
 * since the tensor was cut — so use after free throws {@link IllegalStateException} instead of
 * reading freed or reused memory.
 */
public final class Tensor implements AutoCloseable {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final MemorySegment data;
    private final Shape shape;
    private final Allocator owner;
    private final long generation;
    private final Tensor root;

    /** A root tensor: it owns its memory. */
    Tensor(MemorySegment data, Shape shape, Allocator owner, long generation) {
        this.data = data;
        this.shape = shape;
        this.owner = owner;
        this.generation = generation;
        this.root = this;
    }

    /** A view of {@code root}'s memory. */
    private Tensor(MemorySegment data, Shape shape, Tensor root) {
        this.data = data;
        this.shape = shape;
        this.owner = root.owner;
        this.generation = root.generation;
        this.root = root;
    }

    public Shape shape() {
        return shape;
    }

    public long size() {
        return shape.size();
    }

    public int rank() {
        return shape.rank();
    }

    public int dim(int axis) {
        return shape.dim(axis);
    }

    public Allocator owner() {
        return owner;
    }

    long generation() {
        return generation;
    }

    Tensor root() {
        return root;
    }

    /** True when this tensor may be used now (owner open, not closed, not stale). */
    public boolean isUsable() {
        try {
            owner.checkUsable(this);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * The memory, exactly {@code size() * 4} bytes. Kernels take it with offset 0.
     *
     * @throws IllegalStateException if the tensor was freed, its owner closed, or its workspace reset
     */
    public MemorySegment data() {
        owner.checkUsable(this);
        return data;
    }

    // ---- element access (for tests, setup and small jobs; kernels work on data()) ----

    public float get(long index) {
        return data().getAtIndex(F32, checkIndex(index));
    }

    public void set(long index, float value) {
        data().setAtIndex(F32, checkIndex(index), value);
    }

    /** The element at a full multi-index. */
    public float at(int... index) {
        return get(flatIndex(index));
    }

    public void setAt(float value, int... index) {
        set(flatIndex(index), value);
    }

    private long checkIndex(long index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " out of range for tensor " + shape
                    + " of " + size() + " elements");
        }
        return index;
    }

    private long flatIndex(int[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("index of rank " + index.length + " for tensor " + shape);
        }
        long flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw new IndexOutOfBoundsException("index " + index[i] + " out of range for dimension " + i
                        + " of tensor " + shape);
            }
            flat = flat * shape.dim(i) + index[i];
        }
        return flat;
    }

    // ---- bulk copies and fill ----

    public float[] toArray() {
        if (size() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor " + shape + " is too large for a float[]");
        }
        return data().toArray(ValueLayout.JAVA_FLOAT);
    }

    /** Copies {@code values} in; their length must equal {@link #size()}. */
    public Tensor copyFrom(float[] values) {
        if (values.length != size()) {
            throw new IllegalArgumentException("cannot copy " + values.length + " floats into tensor " + shape
                    + " of " + size() + " elements");
        }
        MemorySegment.copy(values, 0, data(), F32, 0, values.length);
        return this;
    }

    /** Copies another tensor of the same shape in. */
    public Tensor copyFrom(Tensor src) {
        if (!src.shape.equals(shape)) {
            throw new IllegalArgumentException("shape mismatch: cannot copy " + src.shape + " into " + shape);
        }
        MemorySegment.copy(src.data(), 0, data(), 0, size() * Float.BYTES);
        return this;
    }

    public Tensor fill(float value) {
        MemorySegment d = data();
        if (value == 0f && Float.floatToRawIntBits(value) == 0) {
            d.fill((byte) 0);
        } else {
            for (long i = 0, n = size(); i < n; i++) {
                d.setAtIndex(F32, i, value);
            }
        }
        return this;
    }

    // ---- views ----

    /** Rows {@code [start, end)} along the first dimension, sharing memory. */
    public Tensor slice(int start, int end) {
        if (shape.rank() == 0) {
            throw new IllegalArgumentException("cannot slice a scalar tensor " + shape);
        }
        int n = shape.dim(0);
        if (start < 0 || end < start || end > n) {
            throw new IndexOutOfBoundsException("slice [" + start + ", " + end + ") out of range for first dimension "
                    + n + " of tensor " + shape);
        }
        long row = shape.stride(0) * Float.BYTES;
        return new Tensor(data().asSlice(start * row, (end - start) * row), shape.withFirst(end - start), root);
    }

    /**
     * A copy with axes {@code dim0} and {@code dim1} swapped (PyTorch's {@code x.transpose(dim0,
     * dim1).contiguous()}), allocated from {@code alloc}: e.g. (B, T, F) → (T, B, F) with
     * {@code transpose(0, 1, ws)}.
     */
    public Tensor transpose(int dim0, int dim1, Allocator alloc) {
        int r = shape.rank();
        if (dim0 < 0 || dim0 >= r || dim1 < 0 || dim1 >= r) {
            throw new IllegalArgumentException("transpose(" + dim0 + ", " + dim1 + ") of a rank-" + r + " tensor " + shape);
        }
        int[] dims = shape.dims();
        int[] outDims = dims.clone();
        outDims[dim0] = dims[dim1];
        outDims[dim1] = dims[dim0];
        Tensor out = alloc instanceof Workspace ws ? ws.allocateUninitialized(Shape.of(outDims))
                : alloc.allocate(Shape.of(outDims));
        if (size() == 0) {
            return out;
        }
        // Copy runs of the innermost axis when it is not one of the two swapped.
        int last = r - 1;
        boolean rows = dim0 != last && dim1 != last;
        int run = rows ? dims[last] : 1;
        long[] inStride = new long[r];
        long[] outStride = new long[r];
        inStride[last] = 1;
        outStride[last] = 1;
        for (int i = last - 1; i >= 0; i--) {
            inStride[i] = inStride[i + 1] * dims[i + 1];
            outStride[i] = outStride[i + 1] * outDims[i + 1];
        }
        long[] srcStride = inStride.clone();   // the input stride of each output axis
        srcStride[dim0] = inStride[dim1];
        srcStride[dim1] = inStride[dim0];
        int loopAxes = rows ? last : r;
        int[] idx = new int[loopAxes];
        MemorySegment src = data();
        MemorySegment dst = out.data();
        long bytes = (long) run * Float.BYTES;
        long outPos = 0;
        while (true) {
            long inPos = 0;
            for (int i = 0; i < loopAxes; i++) {
                inPos += idx[i] * srcStride[i];
            }
            MemorySegment.copy(src, inPos * Float.BYTES, dst, outPos * Float.BYTES, bytes);
            outPos += run;
            int a = loopAxes - 1;
            while (a >= 0 && ++idx[a] == outDims[a]) {
                idx[a] = 0;
                a--;
            }
            if (a < 0) {
                return out;
            }
        }
    }

    /** The same memory with another shape of the same size; one dimension may be -1 (inferred). */
    public Tensor reshape(int... dims) {
        int infer = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape of " + shape + ": only one dimension may be -1");
                }
                infer = i;
            } else {
                known *= dims[i];
            }
        }
        int[] d = dims.clone();
        if (infer >= 0) {
            if (known == 0 || size() % known != 0) {
                throw new IllegalArgumentException("cannot reshape tensor " + shape + " into " + Shape.of(fill1(dims)));
            }
            d[infer] = (int) (size() / known);
        }
        Shape target = Shape.of(d);
        if (target.size() != size()) {
            throw new IllegalArgumentException("cannot reshape tensor " + shape + " of " + size() + " elements into "
                    + target + " of " + target.size() + " elements");
        }
        return new Tensor(data(), target, root);
    }

    private static int[] fill1(int[] dims) {
        int[] d = dims.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(d[i], 0);
        }
        return d;
    }

    /** True if this tensor is a view of another one (closing it frees nothing). */
    public boolean isView() {
        return root != this;
    }

    /** Frees the memory (a root tensor of a {@link NativeAllocator}); no-op for views and workspace tensors. */
    @Override
    public void close() {
        if (!isView()) {
            owner.release(this);
        }
    }

    @Override
    public String toString() {
        return "Tensor" + shape + (isUsable() ? "" : " [not usable]");
    }
}
