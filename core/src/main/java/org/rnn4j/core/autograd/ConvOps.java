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
 * <p>NOTE [im2col]: {@link #conv2d} unrolls every receptive field into one row of a workspace
 * matrix {@code cols} (N·OH·OW, C·KH·KW) — columns ordered (c, kh, kw), i.e. exactly the flat
 * layout of one filter — so the whole convolution over the batch is ONE GEMM
 * {@code cols · W^T} (N·OH·OW, O), followed by a reorder to (N, O, OH, OW). Backward reuses
 * {@code cols}: dW = dY^T · cols (one GEMM), dcols = dY · W (one GEMM) scattered back into dx by
 * col2im (accumulating: overlapping windows add), db = sums of dY.
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

        Tensor cols = tape.alloc(Shape.of(m, k));
        im2col(g, x.value().data(), cols.data());
        Tensor rows = tape.alloc(Shape.of(m, o));
        Gemm.sgemm(false, true, m, o, k, 1f, cols.data(), 0, k, weight.value().data(), 0, k, 0f, rows.data(), 0, o);
        if (bias != null) {
            Elementwise.biasAdd(m, o, bias.value().data(), 0, rows.data(), 0, o);
        }
        Tensor y = tape.alloc(Shape.of(n, o, oh, ow));
        rowsToChannels(n, p, o, rows.data(), y.data());

        Var yv = tape.output(y, x, weight, bias);
        tape.record(() -> {
            MemorySegment dy = yv.grad().data();
            if (bias != null && bias.requiresGrad()) {
                Tensor db = bias.gradForAccumulation();
                for (int oc = 0; oc < o; oc++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += Reductions.sum(p, dy, ((long) i * o + oc) * p);
                    }
                    db.set(oc, db.get(oc) + (float) s);
                }
            }
            boolean dW = weight.requiresGrad();
            boolean dX = x.requiresGrad();
            if (!dW && !dX) {
                return;
            }
            Tensor dRows = tape.alloc(Shape.of(m, o));
            channelsToRows(n, p, o, dy, dRows.data());
            if (dW) {
                Gemm.sgemm(true, false, o, k, m, 1f, dRows.data(), 0, o, cols.data(), 0, k, 1f,
                        weight.gradForAccumulation().data(), 0, k);
            }
            if (dX) {
                Tensor dCols = tape.alloc(Shape.of(m, k));
                Gemm.sgemm(false, false, m, k, o, 1f, dRows.data(), 0, o, weight.value().data(), 0, k, 0f,
                        dCols.data(), 0, k);
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
     * cols[(n, i, j), (ch, a, b)] = x[n, ch, i·s − p + a, j·s − p + b], zero outside the image.
     * Every element of cols is written.
     */
    private static void im2col(Geometry g, MemorySegment x, MemorySegment cols) {
        long row = 0;
        for (int n = 0; n < g.n; n++) {
            for (int i = 0; i < g.oh; i++) {
                int r0 = i * g.stride - g.pad;
                for (int j = 0; j < g.ow; j++, row++) {
                    int c0 = j * g.stride - g.pad;
                    int bLo = Math.min(g.kw, Math.max(0, -c0));
                    int bHi = Math.max(bLo, Math.min(g.kw, g.w - c0));
                    long dst = row * g.c * g.kh * g.kw;
                    for (int ch = 0; ch < g.c; ch++) {
                        long plane = ((long) n * g.c + ch) * g.h;
                        for (int a = 0; a < g.kh; a++, dst += g.kw) {
                            int r = r0 + a;
                            if (r < 0 || r >= g.h) {
                                for (int b = 0; b < g.kw; b++) {
                                    cols.setAtIndex(F32, dst + b, 0f);
                                }
                                continue;
                            }
                            long src = (plane + r) * g.w + c0;
                            for (int b = 0; b < bLo; b++) {
                                cols.setAtIndex(F32, dst + b, 0f);
                            }
                            for (int b = bLo; b < bHi; b++) {
                                cols.setAtIndex(F32, dst + b, x.getAtIndex(F32, src + b));
                            }
                            for (int b = bHi; b < g.kw; b++) {
                                cols.setAtIndex(F32, dst + b, 0f);
                            }
                        }
                    }
                }
            }
        }
    }

    /** dx[n, ch, i·s − p + a, j·s − p + b] += dcols[(n, i, j), (ch, a, b)] inside the image. */
    private static void col2imAdd(Geometry g, MemorySegment dcols, MemorySegment dx) {
        long row = 0;
        for (int n = 0; n < g.n; n++) {
            for (int i = 0; i < g.oh; i++) {
                int r0 = i * g.stride - g.pad;
                for (int j = 0; j < g.ow; j++, row++) {
                    int c0 = j * g.stride - g.pad;
                    int bLo = Math.min(g.kw, Math.max(0, -c0));
                    int bHi = Math.max(bLo, Math.min(g.kw, g.w - c0));
                    long srcRow = row * g.c * g.kh * g.kw;
                    for (int ch = 0; ch < g.c; ch++) {
                        long plane = ((long) n * g.c + ch) * g.h;
                        for (int a = 0; a < g.kh; a++, srcRow += g.kw) {
                            int r = r0 + a;
                            if (r < 0 || r >= g.h) {
                                continue;
                            }
                            long d = (plane + r) * g.w + c0;
                            for (int b = bLo; b < bHi; b++) {
                                dx.setAtIndex(F32, d + b, dx.getAtIndex(F32, d + b) + dcols.getAtIndex(F32, srcRow + b));
                            }
                        }
                    }
                }
            }
        }
    }

    /** y[n, o, q] = rows[n·P + q, o]: (N·P, O) → (N, O, P). */
    private static void rowsToChannels(int n, int p, int o, MemorySegment rows, MemorySegment y) {
        for (int i = 0; i < n; i++) {
            long rBase = (long) i * p * o;
            for (int q = 0; q < p; q++) {
                long r = rBase + (long) q * o;
                for (int oc = 0; oc < o; oc++) {
                    y.setAtIndex(F32, rBase + (long) oc * p + q, rows.getAtIndex(F32, r + oc));
                }
            }
        }
    }

    /** rows[n·P + q, o] = y[n, o, q]: (N, O, P) → (N·P, O). */
    private static void channelsToRows(int n, int p, int o, MemorySegment y, MemorySegment rows) {
        for (int i = 0; i < n; i++) {
            long base = (long) i * p * o;
            for (int oc = 0; oc < o; oc++) {
                long src = base + (long) oc * p;
                for (int q = 0; q < p; q++) {
                    rows.setAtIndex(F32, base + (long) q * o + oc, y.getAtIndex(F32, src + q));
                }
            }
        }
    }
}
