package org.rnn4j.core.kernel;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Settings every kernel shares: the vector species, the float layout, and the switch that forces
 * the scalar path everywhere ({@code -Drnn4j.kernels=scalar}, for debugging a suspected SIMD bug).
 *
 * <p>Every SIMD loop in this package has the same shape: a vector body up to
 * {@code S.loopBound(n)} and a scalar tail that calls the same scalar code the forced-scalar path
 * runs over the whole range. No kernel rejects a size the math allows.
 */
public final class Kernels {
    /** The preferred species: 512-bit on AVX-512, 256 on AVX2, 128 on NEON / SSE. */
    public static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** True when {@code -Drnn4j.kernels=scalar} asked for plain loops everywhere. */
    public static final boolean SCALAR = "scalar".equalsIgnoreCase(System.getProperty("rnn4j.kernels", "simd"));

    /** float32, native byte order, unaligned access allowed (views may start anywhere). */
    public static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** Byte order used by vector loads and stores from memory segments. */
    public static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[S.length()]);

    private Kernels() {
    }

    /**
     * A per-thread float[S.length()] for summing a vector's lanes in a fixed order.
     * NOTE [deterministic sums]: {@code reduceLanes(ADD)} on floats may add the lanes in any
     * order, and C2's order differs from the interpreter's, so the same call could round
     * differently before and after JIT compilation — enough to break bit-identical training runs.
     * Every float sum in the kernels stores the accumulator here and adds lane 0, 1, ... in order.
     */
    public static float[] laneBuffer() {
        return LANES.get();
    }

    /** "simd (512-bit, 16 lanes)" or "scalar (forced by -Drnn4j.kernels=scalar)". */
    public static String describe() {
        return SCALAR ? "scalar (forced by -Drnn4j.kernels=scalar)"
                : "simd (" + S.vectorBitSize() + "-bit, " + S.length() + " lanes)";
    }
}
