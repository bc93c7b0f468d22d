package org.rnn4j.bench;

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
import org.rnn4j.core.kernel.Parallel;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.nn.RecurrentLayer;
import org.rnn4j.core.nn.RecurrentResult;
import org.rnn4j.core.nn.RecurrentSpec;
import org.rnn4j.core.tensor.Init;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * Recurrent layers on the shapes of docs/performance.md: an inference forward, a training step
 * (forward keeping activations + backward into the parameter gradients), and dynamic vs static
 * mode on a batch of skewed lengths. One layer, unidirectional, batch of full-length sequences
 * unless the shape says otherwise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow",
        "-XX:+UseParallelGC"})
public class RnnBenchmark {

    /** input, hidden, batch, steps. */
    public record Shape(String name, CellType cell, int input, int hidden, int batch, int steps) {
        /** 2 T B (I + H) G H: the FLOPs of one forward pass (a training step counts 3x). */
        public double forwardFlops() {
            return 2.0 * steps * batch * (input + hidden) * cell.gates * hidden;
        }
    }

    public static final Shape[] SHAPES = {
        new Shape("S1", CellType.LSTM, 512, 512, 64, 50),
        new Shape("S2", CellType.LSTM, 128, 128, 32, 100),
        new Shape("S3", CellType.GRU, 512, 512, 64, 50),
    };
    /** The skewed batch: LSTM 512/512, 64 sequences, lengths uniform in [5, 50] (seed 1). */
    public static final Shape SKEWED = new Shape("skewed", CellType.LSTM, 512, 512, 64, 50);

    @Param({"S1", "S2", "S3", "skewed"})
    public String shape;

    @Param({"1"})
    public int threads;

    private NativeAllocator alloc;
    private Workspace ws;
    private RecurrentLayer layer;
    private Tensor x;
    private Tensor dOut;
    private int[] lengths;

    public static Shape shape(String name) {
        if (name.equals(SKEWED.name())) {
            return SKEWED;
        }
        for (Shape s : SHAPES) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown RNN shape '" + name + "'");
    }

    public static int[] lengths(Shape s) {
        int[] len = new int[s.batch()];
        if (s == SKEWED) {
            Random r = new Random(1);
            for (int b = 0; b < len.length; b++) {
                len[b] = 5 + r.nextInt(46);
            }
        } else {
            java.util.Arrays.fill(len, s.steps());
        }
        return len;
    }

    @Setup(Level.Trial)
    public void setup() {
        Parallel.setThreads(threads);
        Shape s = shape(shape);
        alloc = new NativeAllocator("bench");
        ws = new Workspace("bench step", 1L << 20);
        layer = RecurrentLayer.create(RecurrentSpec.of(s.cell(), s.input(), s.hidden()), alloc, 1);
        x = Init.normal(alloc.allocate(s.steps(), s.batch(), s.input()), 0f, 1f, 2);
        lengths = lengths(s);
        int rows = 0;
        for (int l : lengths) {
            rows += l;
        }
        dOut = Init.normal(alloc.allocate(rows, s.hidden()), 0f, 1f, 3);
        // The same layer gives the same outputs in both modes before anything is timed.
        RecurrentResult dyn = layer.forward(x, lengths, null, null, ws, false);
        RecurrentResult sta = layer.forwardStatic(x, lengths, null, null, ws, false);
        float[] a = dyn.hN().toArray();
        float[] b = sta.hN().toArray();
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-4f) {
                throw new IllegalStateException("dynamic and static final states differ at " + i + ": " + a[i] + " vs " + b[i]);
            }
        }
        ws.reset();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        layer.close();
        x.close();
        dOut.close();
        ws.close();
        alloc.close();
    }

    /** Inference forward (dynamic mode; nothing kept for backward). */
    @Benchmark
    public Tensor forward() {
        RecurrentResult r = layer.forward(x, lengths, null, null, ws, false);
        Tensor h = r.hN();
        ws.reset();
        return h;
    }

    /** Inference forward in static mode (padded, every step runs the whole batch). */
    @Benchmark
    public Tensor forwardStatic() {
        RecurrentResult r = layer.forwardStatic(x, lengths, null, null, ws, false);
        Tensor h = r.hN();
        ws.reset();
        return h;
    }

    /** A training step: forward keeping activations, backward into the parameter gradients. */
    @Benchmark
    public Tensor train() {
        layer.zeroGrad();
        // Packed here (as forward(padded, ...) does inside) so that dInput stays packed rows: the same
        // work as before backward learned to return the gradient in a padded input's layout.
        RecurrentResult r = layer.forward(org.rnn4j.core.seq.PackedSequence.pack(x, lengths, false, false, ws), null, null,
                ws, true);
        Tensor dx = layer.backward(r, dOut, null, null, ws).dInput();
        ws.reset();
        return dx;
    }
}
