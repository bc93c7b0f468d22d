package org.rnn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.function.Executable;
import org.rnn4j.core.kernel.Kernels;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Shape;

/**
 * Test helpers: parameters with given values and gradients, the sizes every optimizer test runs
 * (odd ones around the vector width, so each update sees vector body and scalar tail), seeds.
 */
final class Fixture implements AutoCloseable {
    static final int LANES = Kernels.S.length();
    static final long SEED = Long.getLong("rnn4j.test.seed", 20240917L);
    static final int STEPS = 5;

    final NativeAllocator alloc = new NativeAllocator("optim test");
    private final List<Parameter> all = new ArrayList<>();

    /** 0, 1, lanes-1, lanes, lanes+1, 2*lanes+3, 37 (distinct, ascending). */
    static int[] sizes() {
        return IntStream.of(0, 1, LANES - 1, LANES, LANES + 1, 2 * LANES + 3, 37).distinct().sorted().toArray();
    }

    static Random random(long salt) {
        return new Random(SEED * 31 + salt);
    }

    /** " [seed S salt N, simd (256-bit, 8 lanes)]". */
    static String where(long salt) {
        return " [seed " + SEED + " salt " + salt + ", " + Kernels.describe() + "]";
    }

    /** Parameters named p<size> with the given values (one array per parameter), gradients zero. */
    List<Parameter> params(float[][] values) {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Parameter p = new Parameter("p" + i + "_" + values[i].length, Shape.of(values[i].length), alloc);
            p.value().copyFrom(values[i]);
            p.zeroGrad();
            ps.add(p);
            all.add(p);
        }
        return ps;
    }

    static float[][] normal(Random rnd, int[] sizes, double scale) {
        float[][] a = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            a[i] = new float[sizes[i]];
            for (int j = 0; j < sizes[i]; j++) {
                a[i][j] = (float) (scale * rnd.nextGaussian());
            }
        }
        return a;
    }

    /** STEPS gradient sets; step s (0-based) has scale 0.5 + 0.4 s so moments are not trivial. */
    static float[][][] gradients(Random rnd, int[] sizes) {
        float[][][] g = new float[STEPS][][];
        for (int s = 0; s < STEPS; s++) {
            g[s] = normal(rnd, sizes, 0.5 + 0.4 * s);
        }
        return g;
    }

    static void setGrads(List<Parameter> ps, float[][] grads) {
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).grad().copyFrom(grads[i]);
        }
    }

    static float[][] values(List<Parameter> ps) {
        float[][] v = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            v[i] = ps.get(i).value().toArray();
        }
        return v;
    }

    static double[][] widen(float[][] a) {
        double[][] d = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            d[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                d[i][j] = a[i][j];
            }
        }
        return d;
    }

    static void throwsNaming(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, message);
        assertTrue(e.getMessage().contains(message),
                "message '" + e.getMessage() + "' should contain '" + message + "'");
    }

    @Override
    public void close() {
        for (Parameter p : all) {
            p.close();
        }
        alloc.close();
    }
}
