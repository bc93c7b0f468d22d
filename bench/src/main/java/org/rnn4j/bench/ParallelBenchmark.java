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

/**
 * Training throughput of a job on a device spec: one benchmark call trains {@link #steps} steps
 * through the {@code Trainer} (the devices, replicas and flat buffers are made anew each call, as
 * a run makes them once).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow",
        "-XX:+UseParallelGC", "--enable-native-access=ALL-UNNAMED"})
public class ParallelBenchmark {
    @Param({"S1", "dates"})
    public String job;

    @Param({"cpu:1"})
    public String devices;

    @Param({"4"})
    public int steps;

    private ParallelJobs.Job open;

    @Setup(Level.Trial)
    public void setup() {
        open = ParallelJobs.open(job);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        open.close();
    }

    @Benchmark
    public long train() throws Exception {
        return ParallelJobs.train(open, devices, steps).steps();
    }
}
