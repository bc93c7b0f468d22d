package org.rnn4j.core.tensor;

import java.util.Arrays;

/**
 * The dimensions of a row-major tensor. Immutable; every dimension is >= 0; rank 0 is a scalar
 * (one element). Printed as PyTorch prints sizes: {@code (3, 4)}.
 */
public final class Shape {
    private final int[] dims;
    private final long size;

    private Shape(int[] dims) {
        long s = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("dimension " + i + " of " + Arrays.toString(dims)
                        + " is negative");
            }
            s = Math.multiplyExact(s, dims[i]);
        }
        this.dims = dims;
        this.size = s;
    }

    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        if (axis < 0 || axis >= dims.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + this);
        }
        return dims[axis];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements (1 for a scalar). */
    public long size() {
        return size;
    }

    /** Elements between consecutive indices of dimension {@code axis} (row-major). */
    public long stride(int axis) {
        long s = 1;
        for (int i = dims.length - 1; i > axis; i--) {
            s *= dims[i];
        }
        return s;
    }

    /** The same shape with the first dimension replaced. */
    public Shape withFirst(int first) {
        int[] d = dims.clone();
        d[0] = first;
        return new Shape(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i]);
        }
        return sb.append(dims.length == 1 ? ",)" : ")").toString();
    }
}
