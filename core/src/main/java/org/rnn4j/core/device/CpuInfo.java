package org.rnn4j.core.device;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What the CPU offers the kernels: core count and the SIMD width the Vector API prefers here.
 * The `devices` command prints this; the kernels size their register tiles from the same species.
 */
public record CpuInfo(int cores, int vectorBits, String arch, String os) {

    /** Reads the running machine. */
    public static CpuInfo detect() {
        VectorSpecies<Float> species = FloatVector.SPECIES_PREFERRED;
        return new CpuInfo(
                Runtime.getRuntime().availableProcessors(),
                species.vectorBitSize(),
                System.getProperty("os.arch", "unknown"),
                System.getProperty("os.name", "unknown"));
    }

    /** float32 lanes in one preferred vector. */
    public int floatLanes() {
        return vectorBits / Float.SIZE;
    }

    /** One line, as the CLI prints it. */
    public String describe() {
        return "CPU: " + cores + " cores, " + arch + ", SIMD " + vectorBits + "-bit ("
                + floatLanes() + " float lanes), " + os;
    }
}
