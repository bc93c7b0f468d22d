package org.rnn4j.core.kernel;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * NOTE [tolerance]: the one rule every numerical test uses — a float result x passes against a
 * double reference r when {@code |x - r| <= atol + rtol * |r|}. NaN must match NaN and an infinity
 * must match the same infinity. Each test picks atol and rtol per operation and says why.
 */
public record Tolerance(double atol, double rtol) {

    /** ulps of float32 as a relative tolerance: n * 2^-23. */
    public static Tolerance ulps(int n) {
        return new Tolerance(0, n * Math.ulp(1.0f));
    }

    public boolean accepts(double x, double ref) {
        if (Double.isNaN(ref)) {
            return Double.isNaN(x);
        }
        if (Double.isInfinite(ref)) {
            return x == ref;
        }
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return false;
        }
        return Math.abs(x - ref) <= atol + rtol * Math.abs(ref);
    }

    /** Fails with the first mismatch, naming its index and the context (shape, seed, op). */
    public void check(String context, float[] actual, double[] expected) {
        if (actual.length != expected.length) {
            fail(context + ": length " + actual.length + " != expected " + expected.length);
        }
        for (int i = 0; i < actual.length; i++) {
            if (!accepts(actual[i], expected[i])) {
                fail(context + ": at [" + i + "] got " + actual[i] + ", expected " + expected[i]
                        + " (|diff| " + Math.abs(actual[i] - expected[i]) + " > atol " + atol + " + rtol " + rtol
                        + " * |ref|)");
            }
        }
    }
}
