package org.rnn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.core.optim.Fixture.throwsNaming;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.kernel.Tolerance;
import org.rnn4j.core.nn.Parameter;

class GradClipTest {
    /** The norm sums squares in double: relative error ~n * 2^-53, far below 1e-12 for these sizes. */
    static final Tolerance NORM = new Tolerance(0, 1e-12);
    /** A clipped gradient is g * (float) scale: two float roundings, 2^-23 relative; 2 ulps leaves margin. */
    static final Tolerance CLIPPED = Tolerance.ulps(2);

    private static double referenceNorm(float[][] grads) {
        double s = 0;
        for (float[] g : grads) {
            for (float v : g) {
                s += (double) v * v;
            }
        }
        return Math.sqrt(s);
    }

    private static float[][] grads(List<Parameter> ps) {
        float[][] g = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            g[i] = ps.get(i).grad().toArray();
        }
        return g;
    }

    private static void assertBitEqual(String ctx, float[][] expected, float[][] actual) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(Float.floatToRawIntBits(expected[i][j]), Float.floatToRawIntBits(actual[i][j]),
                        ctx + " [" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void globalNormClipsToMaxNorm() {
        Random rnd = Fixture.random(101);
        int[] sizes = Fixture.sizes();
        float[][] g = Fixture.normal(rnd, sizes, 2.0);
        String ctx = "clip by global norm" + Fixture.where(101);
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(Fixture.normal(rnd, sizes, 1.0));
            Fixture.setGrads(ps, g);
            double expectedNorm = referenceNorm(g);
            assertTrue(expectedNorm > 5, ctx);
            double norm = GradClip.byGlobalNorm(ps, 1.5f);
            assertTrue(NORM.accepts(norm, expectedNorm), ctx + ": norm " + norm + " vs " + expectedNorm);
            double scale = 1.5 / (expectedNorm + 1e-6);
            float[][] clipped = grads(ps);
            for (int i = 0; i < g.length; i++) {
                double[] ref = new double[g[i].length];
                for (int j = 0; j < ref.length; j++) {
                    ref[j] = g[i][j] * scale;
                }
                CLIPPED.check(ctx + " param " + i, clipped[i], ref);
            }
            assertEquals(1.5, referenceNorm(clipped), 1e-5, ctx + ": norm after clipping");
        }
    }

    @Test
    void normWithinMaxNormLeavesGradientsAlone() {
        Random rnd = Fixture.random(102);
        int[] sizes = Fixture.sizes();
        float[][] g = Fixture.normal(rnd, sizes, 0.1);
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(g);
            Fixture.setGrads(ps, g);
            double norm = GradClip.byGlobalNorm(ps, 100f);
            assertTrue(NORM.accepts(norm, referenceNorm(g)));
            assertBitEqual("unclipped", g, grads(ps));
            assertTrue(NORM.accepts(GradClip.globalNorm(ps), referenceNorm(g)));
        }
    }

    @Test
    void nonFiniteNormIsReturnedAndGradientsStay() {
        int[] sizes = {3, Fixture.LANES + 1, 37};
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[][] g = Fixture.normal(Fixture.random(103), sizes, 5.0);
            g[2][30] = bad;
            try (Fixture f = new Fixture()) {
                List<Parameter> ps = f.params(g);
                Fixture.setGrads(ps, g);
                double norm = GradClip.byGlobalNorm(ps, 1f);
                if (Float.isNaN(bad)) {
                    assertTrue(Double.isNaN(norm), "norm with a NaN gradient: " + norm);
                } else {
                    assertEquals(Double.POSITIVE_INFINITY, norm, "norm with an infinite gradient");
                }
                assertBitEqual("gradients with " + bad, g, grads(ps));
            }
        }
    }

    /** Squares of 1e20 overflow float (max ~3.4e38) but not double: the norm is accumulated in double. */
    @Test
    void hugeGradientsDoNotOverflowTheNorm() {
        float[][] g = new float[1][37];
        Arrays.fill(g[0], 1e20f);
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(g);
            Fixture.setGrads(ps, g);
            double norm = GradClip.byGlobalNorm(ps, 1f);
            assertTrue(NORM.accepts(norm, 1e20f * Math.sqrt(37)), "norm " + norm);
            double[] ref = new double[37];
            Arrays.fill(ref, 1 / Math.sqrt(37));
            new Tolerance(0, 1e-6).check("clipped huge gradients", grads(ps)[0], ref);
        }
    }

    @Test
    void emptyListHasNormZero() {
        assertEquals(0.0, GradClip.byGlobalNorm(List.of(), 1f));
    }

    @Test
    void byValueClamps() {
        float[] g = {-3f, -0.5f, 0f, 0.25f, 2f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.75f};
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(new float[][] {g, {5f}});
            Fixture.setGrads(ps, new float[][] {g, {-5f}});
            GradClip.byValue(ps, 0.75f);
            assertArrayEquals(new float[] {-0.75f, -0.5f, 0f, 0.25f, 0.75f, Float.NaN, 0.75f, -0.75f, 0.75f},
                    ps.get(0).grad().toArray());
            assertArrayEquals(new float[] {-0.75f}, ps.get(1).grad().toArray());
        }
    }

    @Test
    void argumentErrors() {
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(new float[][] {{1f}});
            throwsNaming("maxNorm must be >= 0, got -1.0", () -> GradClip.byGlobalNorm(ps, -1f));
            throwsNaming("maxNorm must be >= 0, got NaN", () -> GradClip.byGlobalNorm(ps, Float.NaN));
            throwsNaming("clip must be >= 0, got -0.5", () -> GradClip.byValue(ps, -0.5f));
        }
    }
}
