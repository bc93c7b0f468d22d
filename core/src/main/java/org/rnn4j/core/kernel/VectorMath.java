package org.rnn4j.core.kernel;

import static org.rnn4j.core.kernel.Kernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Transcendental functions on whole vectors, plus the scalar versions the tails and the forced
 * scalar path use. The vector versions are branch-free polynomial approximations built from
 * lanewise arithmetic only, so they compile to a few dozen SIMD instructions on every platform
 * (no dependence on an SVML / SLEEF intrinsic being present). The scalar versions are the double
 * precision {@link Math} functions rounded to float.
 *
 * <p>Accuracy of the vector versions (measured by the kernel tests against double references):
 * {@code exp} and {@code log} within 2 ulps; {@code tanh} and {@code sigmoid} within 3e-7
 * absolute. NaN in gives NaN out; infinities and the overflow / underflow ranges saturate as the
 * exact functions do.
 */
final class VectorMath {
    private VectorMath() {
    }

    // exp: x = k ln2 + r, |r| <= ln2 / 2, exp(x) = 2^k exp(r); Cephes expf polynomial for exp(r).
    /** Below this exp(x) rounds to +0 (e^-104 < 2^-150, half the smallest subnormal). */
    private static final float EXP_MIN = -104f;
    /** Above this exp(x) overflows to +inf (e^89 > Float.MAX_VALUE). */
    private static final float EXP_MAX = 89f;
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude < 2^22 to the nearest integer. */
    private static final float ROUND = 0x1.8p23f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    /** ln2 split in two: C1 has 9 significant bits so k * C1 is exact for |k| <= 2^15. */
    private static final float LN2_C1 = 0.693359375f;
    private static final float LN2_C2 = -2.12194440e-4f;
    private static final float E0 = 1.9875691500e-4f;
    private static final float E1 = 1.3981999507e-3f;
    private static final float E2 = 8.3334519073e-3f;
    private static final float E3 = 4.1665795894e-2f;
    private static final float E4 = 1.6666665459e-1f;
    private static final float E5 = 5.0000001201e-1f;

    /** e^x for every lane, within 2 ulps (subnormal results within one subnormal step). */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX); // max / min keep NaN
        FloatVector t = xc.fma(LOG2E, ROUND); // one rounding: t = ROUND + nearest integer to x log2e
        FloatVector k = t.sub(ROUND);
        FloatVector r = k.fma(bc(-LN2_C1), xc);
        r = k.fma(bc(-LN2_C2), r);
        FloatVector p = r.fma(E0, E1);
        p = p.fma(r, bc(E2));
        p = p.fma(r, bc(E3));
        p = p.fma(r, bc(E4));
        p = p.fma(r, bc(E5));
        FloatVector y = p.fma(r.mul(r), r).add(1f); // 1 + r + r^2 p(r)
        // 2^k in two halves so that k in [-150, 129] never leaves the normal exponent range; the
        // second multiply is the only rounding into the subnormal range.
        IntVector ki = t.reinterpretAsInts().sub(ROUND_BITS);
        IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
        IntVector k2 = ki.sub(k1);
        FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(s1).mul(s2);
    }

    // log: musl / FreeBSD logf. x = 2^k m, m in [sqrt(2)/2, sqrt(2)), f = m - 1, s = f / (2 + f),
    // log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)).
    private static final float LN2_HI = 6.9313812256e-01f;
    private static final float LN2_LO = 9.0580006145e-06f;
    private static final float LG1 = 0xaaaaaa.0p-24f;
    private static final float LG2 = 0xccce13.0p-25f;
    private static final float LG3 = 0x91e9ee.0p-25f;
    private static final float LG4 = 0xf89e26.0p-26f;
    private static final int ONE_BITS = 0x3f800000;
    private static final int SQRT_HALF_BITS = 0x3f3504f3;

    /** Natural log for every lane, within 2 ulps; log(+-0) = -inf, log(x < 0) = NaN, log(+inf) = +inf. */
    static FloatVector log(FloatVector x) {
        VectorMask<Float> tiny = x.compare(VectorOperators.LT, Float.MIN_NORMAL); // subnormals (and <= 0)
        FloatVector xs = x.blend(x.mul(0x1p25f), tiny);
        IntVector ix = xs.reinterpretAsInts().add(ONE_BITS - SQRT_HALF_BITS);
        IntVector ki = ix.lanewise(VectorOperators.LSHR, 23).sub(0x7f);
        FloatVector m = ix.and(0x007fffff).add(SQRT_HALF_BITS).reinterpretAsFloats();
        FloatVector dk = ((FloatVector) ki.convert(VectorOperators.I2F, 0)).sub(25f, tiny);
        FloatVector f = m.sub(1f);
        FloatVector s = f.div(f.add(2f));
        FloatVector z = s.mul(s);
        FloatVector w = z.mul(z);
        FloatVector t1 = w.mul(w.fma(LG4, LG2));
        FloatVector t2 = z.mul(w.fma(LG3, LG1));
        FloatVector hfsq = f.mul(f).mul(0.5f);
        FloatVector res = s.mul(hfsq.add(t2.add(t1))).add(dk.mul(LN2_LO)).sub(hfsq).add(f).add(dk.mul(LN2_HI));
        VectorMask<Float> ok = x.compare(VectorOperators.GT, 0f)
                .and(x.compare(VectorOperators.LT, Float.POSITIVE_INFINITY)); // false for NaN
        if (ok.allTrue()) {
            return res;
        }
        FloatVector special = FloatVector.broadcast(S, Float.NaN)
                .blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f))
                .blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        return res.blend(special, ok.not());
    }

    /**
     * tanh(x) = 1 - 2 / (e^{2x} + 1): absolute error below 3e-7 everywhere (it is not accurate
     * relative to tiny results, which kernels of this library do not need). Saturates to +-1.
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector e = exp(x.add(x));
        return FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
    }

    /** sigmoid(x) = 1 / (1 + e^-x): absolute error below 2e-7; saturates to 0 and 1. */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
    }

    private static FloatVector bc(float v) {
        return FloatVector.broadcast(S, v);
    }

    static float exp(float x) {
        return (float) Math.exp(x);
    }

    static float log(float x) {
        return (float) Math.log(x);
    }

    static float tanh(float x) {
        return (float) Math.tanh(x);
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
}
