package org.rnn4j.bench;

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
import org.rnn4j.core.autograd.ConvOps;
import org.rnn4j.core.autograd.Reduce;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.kernel.Parallel;
import org.rnn4j.core.nn.Conv2d;
import org.rnn4j.core.tensor.Init;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * {@code conv2d} (3x3, stride 1, same padding, bias) on the shapes of the CNN + RNN and image →
 * sequence models: inference forward, and a training step (forward + backward into the weight,
 * the bias and — except for a first layer, whose input is data — the input).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow",
        "-XX:+UseParallelGC"})
public class ConvBenchmark {

    /** n images of c x h x w, o filters of 3x3; first: the input needs no gradient. */
    public record Shape(String name, int n, int c, int h, int w, int o, boolean first) {
        public long forwardFlops() {
            return 2L * n * h * w * c * 9 * o;
        }

        /** Forward + dW (+ dx unless first): each a GEMM of the forward's size. */
        public long trainFlops() {
            return forwardFlops() * (first ? 2 : 3);
        }
    }

    public static final Shape[] SHAPES = {
        new Shape("video-conv1", 240, 1, 64, 64, 8, true),
        new Shape("video-conv2", 240, 8, 32, 32, 16, false),
        new Shape("video-conv3", 240, 16, 16, 16, 32, false),
        new Shape("strings-conv2", 64, 16, 14, 70, 32, false),
    };

    @Param({"video-conv1", "video-conv2", "video-conv3", "strings-conv2"})
    public String shape;

    @Param({"1"})
    public int threads;

    private NativeAllocator alloc;
    private Workspace ws;
    private Conv2d conv;
    private Tensor x;

    public static Shape shape(String name) {
        for (Shape s : SHAPES) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown conv shape '" + name + "'");
    }

    @Setup(Level.Trial)
    public void setup() {
        Parallel.setThreads(threads);
        Shape s = shape(shape);
        alloc = new NativeAllocator("bench");
        ws = new Workspace("bench step", 1L << 20);
        conv = new Conv2d(s.c(), s.o(), 3, 1, 1, true, alloc, 1);
        x = Init.normal(alloc.allocate(s.n(), s.c(), s.h(), s.w()), 0f, 1f, 2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        conv.close();
        x.close();
        ws.close();
        alloc.close();
    }

    /** Inference forward. */
    @Benchmark
    public float forward() {
        Tape tape = new Tape(ws);
        float v;
        try (Tape.Scope ignored = tape.noGrad()) {
            v = conv.forward(tape, tape.constant(x)).value().get(0);
        }
        ws.reset();
        return v;
    }

    /** Forward keeping cols, then backward of sum(y) into the weight, bias and (not first) input. */
    @Benchmark
    public float train() {
        conv.zeroGrad();
        Tape tape = new Tape(ws);
        Var in = shape(shape).first() ? tape.constant(x) : tape.input(x);
        Var y = conv.forward(tape, in);
        tape.backward(Reduce.sum(y));
        float v = conv.parameters().getFirst().grad().get(0);
        ws.reset();
        return v;
    }
}
