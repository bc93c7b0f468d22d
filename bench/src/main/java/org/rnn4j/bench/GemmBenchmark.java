package org.rnn4j.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rnn4j.core.kernel.Gemm;
import org.rnn4j.core.kernel.PackedB;
import org.rnn4j.core.kernel.Parallel;

/**
 * SGEMM on the shapes recurrent layers spend their time in. {@code threads} is the GEMM's own
 * pool size (JMH itself runs one caller thread). Setup checks sampled entries of C against a
 * double-precision dot product before anything is timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow",
        "-XX:+UseParallelGC"})
public class GemmBenchmark {

    /** A benchmark shape: C(m x n) = A(m x k) op(B). */
    public record Shape(String name, int m, int n, int k, boolean transB, boolean prepacked) {
        public long flops() {
            return 2L * m * n * k;
        }
    }

    public static final Shape[] SHAPES = {
        new Shape("lstm-step", 64, 2048, 512, true, false),
        new Shape("lstm-step-prepacked", 64, 2048, 512, true, true),
        new Shape("input-projection", 3200, 2048, 512, true, false),
        new Shape("square-512", 512, 512, 512, false, false),
        new Shape("square-1024", 1024, 1024, 1024, false, false),
    };

    @Param({"lstm-step", "lstm-step-prepacked", "input-projection", "square-512", "square-1024"})
    public String shape;

    @Param({"1"})
    public int threads;

    private Shape s;
    private Arena arena;
    private MemorySegment a;
    private MemorySegment b;
    private MemorySegment c;
    private PackedB packed;

    public static Shape shape(String name) {
        for (Shape sh : SHAPES) {
            if (sh.name.equals(name)) {
                return sh;
            }
        }
        throw new IllegalArgumentException("unknown GEMM shape '" + name + "'");
    }

    @Setup(Level.Trial)
    public void setup() {
        Parallel.setThreads(threads);
        s = shape(shape);
        arena = Arena.ofShared();
        a = random(arena, (long) s.m * s.k, 1);
        b = random(arena, (long) s.k * s.n, 2);
        c = arena.allocate((long) s.m * s.n * Float.BYTES, 64);
        if (s.prepacked) {
            packed = PackedB.pack(s.transB, s.k, s.n, b, 0, s.transB ? s.k : s.n);
        }
        multiply();
        verify();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment multiply() {
        if (packed != null) {
            Gemm.sgemm(false, s.m, 1f, a, 0, s.k, packed, 0f, c, 0, s.n);
        } else {
            Gemm.sgemm(false, s.transB, s.m, s.n, s.k, 1f, a, 0, s.k, b, 0, s.transB ? s.k : s.n, 0f, c, 0, s.n);
        }
        return c;
    }

    private void verify() {
        Random r = new Random(3);
        for (int t = 0; t < 64; t++) {
            int i = r.nextInt(s.m);
            int j = r.nextInt(s.n);
            double ref = 0;
            double abs = 0;
            for (int p = 0; p < s.k; p++) {
                double x = a.getAtIndex(ValueLayout.JAVA_FLOAT, (long) i * s.k + p);
                double y = b.getAtIndex(ValueLayout.JAVA_FLOAT, s.transB ? (long) j * s.k + p : (long) p * s.n + j);
                ref += x * y;
                abs += Math.abs(x * y);
            }
            double got = c.getAtIndex(ValueLayout.JAVA_FLOAT, (long) i * s.n + j);
            if (Math.abs(got - ref) > (s.k + 4) * 0x1p-24 * abs) {
                throw new IllegalStateException("GEMM " + s + " wrong at (" + i + ", " + j + "): " + got + " vs " + ref);
            }
        }
    }

    private static MemorySegment random(Arena arena, long n, long seed) {
        MemorySegment seg = arena.allocate(n * Float.BYTES, 64);
        Random r = new Random(seed);
        for (long i = 0; i < n; i++) {
            seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, r.nextFloat() * 2 - 1);
        }
        return seg;
    }
}
