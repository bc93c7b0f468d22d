package org.rnn4j.core.tensor;

import java.util.SplittableRandom;

/**
 * Seeded random initialisation. The same seed gives the same values on every machine and JDK
 * ({@link SplittableRandom} is specified exactly). Fan-in and fan-out follow PyTorch: for a
 * weight of shape (out, in, k...) fan-in is in*k..., fan-out is out*k....
 */
public final class Init {
    private Init() {
    }

    /** Uniform in [lo, hi). */
    public static Tensor uniform(Tensor t, float lo, float hi, long seed) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("uniform bounds lo " + lo + " > hi " + hi);
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[checkedSize(t)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + (hi - (double) lo) * r.nextDouble());
        }
        return t.copyFrom(v);
    }

    /** Normal with the given mean and standard deviation. */
    public static Tensor normal(Tensor t, float mean, float std, long seed) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal std " + std + " < 0");
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[checkedSize(t)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (mean + std * r.nextGaussian());
        }
        return t.copyFrom(v);
    }

    /** Glorot/Xavier uniform: U(-a, a) with a = gain * sqrt(6 / (fanIn + fanOut)). */
    public static Tensor xavierUniform(Tensor t, float gain, long seed) {
        double a = gain * Math.sqrt(6.0 / (fanIn(t) + fanOut(t)));
        return uniform(t, (float) -a, (float) a, seed);
    }

    /** Glorot/Xavier normal: N(0, std) with std = gain * sqrt(2 / (fanIn + fanOut)). */
    public static Tensor xavierNormal(Tensor t, float gain, long seed) {
        return normal(t, 0f, (float) (gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t)))), seed);
    }

    /**
     * A (semi-)orthogonal matrix, as PyTorch's {@code orthogonal_}: the tensor is viewed as
     * (rows, size/rows); a normal matrix is QR-factorised (modified Gram–Schmidt in double) and Q's
     * columns signed so R's diagonal is positive. Rows are orthonormal when rows <= cols, columns
     * when rows > cols. Scaled by {@code gain}.
     */
    public static Tensor orthogonal(Tensor t, float gain, long seed) {
        if (t.rank() < 2) {
            throw new IllegalArgumentException("orthogonal init needs a tensor of rank >= 2, got " + t.shape());
        }
        int rows = t.dim(0);
        int cols = (int) (t.size() / Math.max(rows, 1));
        if (rows == 0 || cols == 0) {
            return t;
        }
        boolean transpose = rows < cols;
        int m = transpose ? cols : rows;   // tall matrix m x n, m >= n
        int n = transpose ? rows : cols;
        SplittableRandom r = new SplittableRandom(seed);
        double[][] q = new double[n][m];   // q[j] = column j
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                q[j][i] = r.nextGaussian();
            }
        }
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int i = 0; i < m; i++) {
                    dot += q[p][i] * q[j][i];
                }
                for (int i = 0; i < m; i++) {
                    q[j][i] -= dot * q[p][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            // Gram–Schmidt's R diagonal is the norm (> 0), so no sign flip is needed.
            for (int i = 0; i < m; i++) {
                q[j][i] /= norm;
            }
        }
        float[] v = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double x = transpose ? q[i][j] : q[j][i];
                v[i * cols + j] = (float) (gain * x);
            }
        }
        return t.copyFrom(v);
    }

    static int fanIn(Tensor t) {
        if (t.rank() < 2) {
            throw new IllegalArgumentException("fan-in and fan-out need a tensor of rank >= 2, got " + t.shape());
        }
        return (int) (t.size() / t.dim(0));
    }

    static int fanOut(Tensor t) {
        fanIn(t);
        return (int) (t.size() / t.dim(1));
    }

    private static int checkedSize(Tensor t) {
        if (t.size() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor " + t.shape() + " is too large to initialise in one go");
        }
        return (int) t.size();
    }
}
