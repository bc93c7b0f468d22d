package org.rnn4j.core.autograd;

import static org.rnn4j.core.kernel.Kernels.F32;

import java.lang.foreign.MemorySegment;
import org.rnn4j.core.kernel.Elementwise;
import org.rnn4j.core.kernel.Gemm;
import org.rnn4j.core.kernel.Reductions;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/**
 * Convolution and pooling on the tape, tensors in NCHW layout (as PyTorch): x (N, C, H, W),
 * weights (O, C, KH, KW).
 *
 * <p>NOTE [im2col]: {@link #conv2d} unrolls the receptive fields into a workspace matrix
 * {@code cols} (C·KH·KW, N·OH·OW): row (c, kh, kw) — the flat layout of one filter — holds, for
 * every output position of every image, the input value that this filter tap sees. The whole
 * convolution over the batch is then ONE GEMM {@code W · cols} → (O, N·OH·OW), whose rows are
 * copied per image into (N, O, OH, OW). This orientation (rather than (N·OH·OW, C·KH·KW)) matters
 * twice: with stride 1 a row of cols is the input shifted by (kh, kw), so im2col and col2im are
 * contiguous copies and vector adds of whole output rows instead of element-by-element gathers;
 * and the GEMM's long side N·OH·OW is its n, which the register tile spans with full vectors,
 * while the few filters O are its m (a 6-row tile) — with O as n, 8 filters would fill a quarter
 * of a 32-float AVX-512 tile. Backward reuses {@code cols}: dW += dY' · cols^T (one GEMM), dcols
 * = W^T · dY' (one GEMM) added back into dx by col2im (overlapping windows add), db = sums of dY;
 * dY' is dY reordered to (O, N·OH·OW).
 */
public final class ConvOps {
    private ConvOps() {
    }

    /** Output size of a convolution / pooling window along one axis: (in + 2p - k) / s + 1. */
    public static int outputSize(int in, int kernel, int stride, int padding) {
        return (in + 2 * padding - kernel) / stride + 1;
    }

    /**
     * 2-D convolution (cross-correlation, as PyTorch's {@code nn.Conv2d}) with zero padding:
     * x (N, C, H, W), weight (O, C, KH, KW), bias (O) or null → (N, O, OH, OW) with
     * OH = (H + 2·padding − KH) / stride + 1 (likewise OW).
     */
    public static Var conv2d(Var x, Var weight, Var bias, int stride, int padding) {
        if (x.value().rank() != 4 || weight.value().rank() != 4) {
            throw new IllegalArgumentException("conv2d: input " + x.shape() + " and weight " + weight.shape()
                    + " must be 4-D: input (N, C, H, W), weight (O, C, KH, KW)");
        }
        if (stride < 1 || padding < 0) {
            throw new IllegalArgumentException("conv2d: stride must be >= 1 and padding >= 0, got stride " + stride
                    + ", padding " + padding);
        }
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int o = weight.dim(0);
        int kh = weight.dim(2);
        int kw = weight.dim(3);
        if (weight.dim(1) != c) {
            throw new IllegalArgumentException("conv2d: input " + x.shape() + " has " + c + " channels but weight "
                    + weight.shape() + " expects " + weight.dim(1) + " (weight is (O, C, KH, KW))");
        }
        if (kh > h + 2 * padding || kw > w + 2 * padding) {
            throw new IllegalArgumentException("conv2d: kernel " + kh + "x" + kw + " of weight " + weight.shape()
                    + " is larger than input " + x.shape() + " padded by " + padding + " ("
                    + (h + 2 * padding) + "x" + (w + 2 * padding) + ")");
        }
        if (bias != null && (bias.value().rank() != 1 || bias.dim(0) != o)) {
            throw new IllegalArgumentException("conv2d: bias " + bias.shape() + " does not fit weight "
                    + weight.shape() + " (need (" + o + ",))");
        }
        Tape tape = x.tape();
        int oh = outputSize(h, kh, stride, padding);
        int ow = outputSize(w, kw, stride, padding);
        int p = oh * ow;
        int m = n * p;
        int k = c * kh * kw;
        Geometry g = new Geometry(n, c, h, w, kh, kw, oh, ow, stride, padding);

        Tensor cols = tape.alloc(Shape.of(k, m));
        im2col(g, x.value().data(), cols.data());
        Tensor outT = tape.alloc(Shape.of(o, m));
        float beta = 0f;
        if (bias != null) {
            for (int oc = 0; oc < o; oc++) {
                Elementwise.fill(m, bias.value().get(oc), outT.data(), (long) oc * m);
            }
            beta = 1f;
        }
        Gemm.sgemm(false, false, o, m, k, 1f, weight.value().data(), 0, k, cols.data(), 0, m, beta, outT.data(), 0, m);
        Tensor y = tape.alloc(Shape.of(n, o, oh, ow));
        channelRowsToImages(n, p, o, outT.data(), y.data());

        Var yv = tape.output(y, x, weight, bias);
        tape.record(() -> {
            MemorySegment dy = yv.grad().data();
            if (bias != null && bias.requiresGrad()) {
                Tensor db = bias.gradForAccumulation();
                for (int oc = 0; oc < o; oc++) {
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += Reductions.sum(p, dy, ((long) i * o + oc) * p);
                    }
                    db.set(oc, db.get(oc) + (float) sum);
                }
            }
            boolean dW = weight.requiresGrad();
            boolean dX = x.requiresGrad();
            if (!dW && !dX) {
                return;
            }
            Tensor dOutT = tape.alloc(Shape.of(o, m));
            imagesToChannelRows(n, p, o, dy, dOutT.data());
            if (dW) {
                Gemm.sgemm(false, true, o, k, m, 1f, dOutT.data(), 0, m, cols.data(), 0, m, 1f,
                        weight.gradForAccumulation().data(), 0, k);
            }
            if (dX) {
                Tensor dCols = tape.alloc(Shape.of(k, m));
                Gemm.sgemm(true, false, k, m, o, 1f, weight.value().data(), 0, k, dOutT.data(), 0, m, 0f,
                        dCols.data(), 0, m);
                col2imAdd(g, dCols.data(), x.gradForAccumulation().data());
            }
        }, yv);
        return yv;
    }

    /** Max pooling with stride = kernel (PyTorch's default). */
    public static Var maxPool2d(Var x, int kernel) {
        return maxPool2d(x, kernel, kernel);
    }

    /**
     * Max pooling over kernel x kernel windows, no padding: x (N, C, H, W) → (N, C, OH, OW),
     * OH = (H − kernel) / stride + 1. Backward routes each output's gradient to the position of
     * its window's maximum (the first one in row-major order on ties; a NaN counts as the maximum).
     */
    public static Var maxPool2d(Var x, int kernel, int stride) {
        if (x.value().rank() != 4) {
            throw new IllegalArgumentException("maxPool2d: input " + x.shape() + " must be (N, C, H, W)");
        }
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("maxPool2d: kernel and stride must be >= 1, got kernel " + kernel
                    + ", stride " + stride);
        }
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        if (kernel > h || kernel > w) {
            throw new IllegalArgumentException("maxPool2d: kernel " + kernel + "x" + kernel + " is larger than input "
                    + x.shape());
        }
        Tape tape = x.tape();
        int oh = outputSize(h, kernel, stride, 0);
        int ow = outputSize(w, kernel, stride, 0);
        int planes = n * c;
        Tensor y = tape.alloc(Shape.of(n, c, oh, ow));
        int[] argmax = new int[planes * oh * ow];      // index within the (H, W) plane
        MemorySegment xs = x.value().data();
        MemorySegment ys = y.data();
        int out = 0;
        for (int pl = 0; pl < planes; pl++) {
            long base = (long) pl * h * w;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int r0 = i * stride;
                    int c0 = j * stride;
                    int best = r0 * w + c0;
                    float bv = xs.getAtIndex(F32, base + best);
                    for (int r = r0; r < r0 + kernel; r++) {
                        for (int q = c0; q < c0 + kernel; q++) {
                            float v = xs.getAtIndex(F32, base + (long) r * w + q);
                            if (v > bv || (v != v && bv == bv)) {
                                bv = v;
                                best = r * w + q;
                            }
                        }
                    }
                    ys.setAtIndex(F32, out, bv);
                    argmax[out++] = best;
                }
            }
        }
        int perPlane = oh * ow;
        Var yv = tape.output(y, x);
        tape.record(() -> {
            MemorySegment dy = yv.grad().data();
            MemorySegment dx = x.gradForAccumulation().data();
            for (int i = 0; i < argmax.length; i++) {
                long d = (long) (i / perPlane) * h * w + argmax[i];
                dx.setAtIndex(F32, d, dx.getAtIndex(F32, d) + dy.getAtIndex(F32, i));
            }
        }, yv);
        return yv;
    }

    /** Global average pooling: x (N, C, H, W) → (N, C), the mean of each H x W plane. */
    public static Var globalAvgPool(Var x) {
        if (x.value().rank() != 4) {
            throw new IllegalArgumentException("globalAvgPool: input " + x.shape() + " must be (N, C, H, W)");
        }
        int n = x.dim(0);
        int c = x.dim(1);
        int hw = x.dim(2) * x.dim(3);
        if (hw == 0) {
            throw new IllegalArgumentException("globalAvgPool: input " + x.shape() + " has empty planes");
        }
        Tape tape = x.tape();
        int planes = n * c;
        Tensor y = tape.alloc(Shape.of(n, c));
        MemorySegment xs = x.value().data();
        for (int i = 0; i < planes; i++) {
            y.set(i, Reductions.mean(hw, xs, (long) i * hw));
        }
        Var yv = tape.output(y, x);
        tape.record(() -> {
            MemorySegment dx = x.gradForAccumulation().data();
            Tensor share = tape.alloc(Shape.of(hw));
            Tensor dy = yv.grad();
            for (int i = 0; i < planes; i++) {
                long off = (long) i * hw;
                Elementwise.fill(hw, dy.get(i) / hw, share.data(), 0);
                Elementwise.add(hw, dx, off, share.data(), 0, dx, off);
            }
        }, yv);
        return yv;
    }

    /** x (N, d1, ..., dk) → (N, d1·...·dk): a reshape view; the gradient passes through. */
    public static Var flatten(Var x) {
        if (x.value().rank() < 1) {
            throw new IllegalArgumentException("flatten: input " + x.shape() + " needs a batch dimension");
        }
        int rest = 1;
        for (int a = 1; a < x.value().rank(); a++) {
            rest *= x.dim(a);
        }
        return Shapes.reshape(x, x.dim(0), rest);
    }

    // ---- im2col / col2im and the reorders ----

    /** The sizes one convolution works with. */
    private record Geometry(int n, int c, int h, int w, int kh, int kw, int oh, int ow, int stride, int pad) {
    }

    /**
     * cols[(ch, a, b), (n, i, j)] = x[n, ch, i·s − p + a, j·s − p + b], zero outside the image.
     * Every element of cols is written. With stride 1 each (row of cols, image, output row) is one
     * contiguous copy of the valid part of an input row, with zeros for the padding either side.
     */
    private static void im2col(Geometry g, MemorySegment x, MemorySegment cols) {
        long m = (long) g.n * g.oh * g.ow;
        for (int ch = 0; ch < g.c; ch++) {
            for (int a = 0; a < g.kh; a++) {
                for (int b = 0; b < g.kw; b++) {
                    long row = ((long) (ch * g.kh + a) * g.kw + b) * m;
                    int col0 = b - g.pad;                     // input column of output column 0
                    int jLo = g.stride == 1 ? Math.min(g.ow, Math.max(0, -col0)) : 0;
                    int jHi = g.stride == 1 ? Math.max(jLo, Math.min(g.ow, g.w - col0)) : 0;
                    for (int n = 0; n < g.n; n++) {
                        for (int i = 0; i < g.oh; i++) {
                            long dst = row + ((long) n * g.oh + i) * g.ow;
                            int r = i * g.stride - g.pad + a;
                            if (r < 0 || r >= g.h) {
                                Elementwise.fill(g.ow, 0f, cols, dst);
                                continue;
                            }
                            long src = (((long) n * g.c + ch) * g.h + r) * g.w;
                            if (g.stride == 1) {
                                if (jLo > 0) {
                                    Elementwise.fill(jLo, 0f, cols, dst);
                                }
                                if (jHi > jLo) {
                                    MemorySegment.copy(x, F32, (src + col0 + jLo) * Float.BYTES, cols, F32,
                                            (dst + jLo) * Float.BYTES, jHi - jLo);
                                }
                                if (jHi < g.ow) {
                                    Elementwise.fill(g.ow - jHi, 0f, cols, dst + jHi);
                                }
                            } else {
                                for (int j = 0; j < g.ow; j++) {
                                    int col = j * g.stride + col0;
                                    cols.setAtIndex(F32, dst + j, col < 0 || col >= g.w ? 0f : x.getAtIndex(F32, src + col));
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** dx[n, ch, i·s − p + a, j·s − p + b] += dcols[(ch, a, b), (n, i, j)] inside the image. */
    private static void col2imAdd(Geometry g, MemorySegment dcols, MemorySegment dx) {
        long m = (long) g.n * g.oh * g.ow;
        for (int ch = 0; ch < g.c; ch++) {
            for (int a = 0; a < g.kh; a++) {
                for (int b = 0; b < g.kw; b++) {
                    long row = ((long) (ch * g.kh + a) * g.kw + b) * m;
                    int col0 = b - g.pad;
                    int jLo = g.stride == 1 ? Math.min(g.ow, Math.max(0, -col0)) : 0;
                    int jHi = g.stride == 1 ? Math.max(jLo, Math.min(g.ow, g.w - col0)) : 0;
                    for (int n = 0; n < g.n; n++) {
                        for (int i = 0; i < g.oh; i++) {
                            int r = i * g.stride - g.pad + a;
                            if (r < 0 || r >= g.h) {
                                continue;
                            }
                            long srcRow = row + ((long) n * g.oh + i) * g.ow;
                            long d = (((long) n * g.c + ch) * g.h + r) * g.w;
                            if (g.stride == 1) {
                                if (jHi > jLo) {
                                    Elementwise.add(jHi - jLo, dx, d + col0 + jLo, dcols, srcRow + jLo, dx,
                                            d + col0 + jLo);
                                }
                            } else {
                                for (int j = 0; j < g.ow; j++) {
                                    int col = j * g.stride + col0;
                                    if (col >= 0 && col < g.w) {
                                        dx.setAtIndex(F32, d + col, dx.getAtIndex(F32, d + col)
                                                + dcols.getAtIndex(F32, srcRow + j));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** y[n, o, q] = outT[o, n·P + q]: (O, N·P) → (N, O, P), one copy of P floats per (n, o). */
    private static void channelRowsToImages(int n, int p, int o, MemorySegment outT, MemorySegment y) {
        long m = (long) n * p;
        for (int i = 0; i < n; i++) {
            for (int oc = 0; oc < o; oc++) {
                MemorySegment.copy(outT, F32, (oc * m + (long) i * p) * Float.BYTES, y, F32,
                        (((long) i * o + oc) * p) * Float.BYTES, p);
            }
        }
    }

    /** dOutT[o, n·P + q] = dy[n, o, q]: (N, O, P) → (O, N·P). */
    private static void imagesToChannelRows(int n, int p, int o, MemorySegment dy, MemorySegment dOutT) {
        long m = (long) n * p;
        for (int i = 0; i < n; i++) {
            for (int oc = 0; oc < o; oc++) {
                MemorySegment.copy(dy, F32, (((long) i * o + oc) * p) * Float.BYTES, dOutT, F32,
                        (oc * m + (long) i * p) * Float.BYTES, p);
            }
        }
    }
}
