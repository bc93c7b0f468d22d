package org.rnn4j.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The machine's FP32 FMA peak as the Vector API reaches it: 16 independent accumulator chains
 * per thread (more than FMA latency x FMA ports on any current x86 core), so the loop is bound by
 * FMA throughput alone. JMH measures calls per second; {@link #flopsPerCall()} turns that into
 * FLOP/s (an FMA counts 2) at whatever vector width this machine prefers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class FmaPeakBenchmark {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int ITERATIONS = 4096;
    static final int CHAINS = 16;

    /** Floating-point operations one call of {@link #fma()} performs. */
    static long flopsPerCall() {
        return (long) ITERATIONS * CHAINS * 2 * S.length();
    }

    private float x;
    private float y;

    @Setup
    public void setup() {
        x = 1.0000001f;
        y = 0.9999999f;
    }

    @Benchmark
    public float fma() {
        FloatVector vx = FloatVector.broadcast(S, x);
        FloatVector vy = FloatVector.broadcast(S, y);
        FloatVector a0 = FloatVector.broadcast(S, 0.1f), a1 = FloatVector.broadcast(S, 0.2f);
        FloatVector a2 = FloatVector.broadcast(S, 0.3f), a3 = FloatVector.broadcast(S, 0.4f);
        FloatVector a4 = FloatVector.broadcast(S, 0.5f), a5 = FloatVector.broadcast(S, 0.6f);
        FloatVector a6 = FloatVector.broadcast(S, 0.7f), a7 = FloatVector.broadcast(S, 0.8f);
        FloatVector a8 = FloatVector.broadcast(S, 0.9f), a9 = FloatVector.broadcast(S, 1.0f);
        FloatVector a10 = FloatVector.broadcast(S, 1.1f), a11 = FloatVector.broadcast(S, 1.2f);
        FloatVector a12 = FloatVector.broadcast(S, 1.3f), a13 = FloatVector.broadcast(S, 1.4f);
        FloatVector a14 = FloatVector.broadcast(S, 1.5f), a15 = FloatVector.broadcast(S, 1.6f);
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = vx.fma(vy, a0); a1 = vx.fma(vy, a1); a2 = vx.fma(vy, a2); a3 = vx.fma(vy, a3);
            a4 = vx.fma(vy, a4); a5 = vx.fma(vy, a5); a6 = vx.fma(vy, a6); a7 = vx.fma(vy, a7);
            a8 = vx.fma(vy, a8); a9 = vx.fma(vy, a9); a10 = vx.fma(vy, a10); a11 = vx.fma(vy, a11);
            a12 = vx.fma(vy, a12); a13 = vx.fma(vy, a13); a14 = vx.fma(vy, a14); a15 = vx.fma(vy, a15);
        }
        FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7)
                .add(a8).add(a9).add(a10).add(a11).add(a12).add(a13).add(a14).add(a15);
        return s.reduceLanes(VectorOperators.ADD);
    }
}
