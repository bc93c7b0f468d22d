package org.rnn4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.rnn4j.core.device.CpuInfo;
import org.rnn4j.core.kernel.Kernels;

/**
 * {@code rnn4j bench gemm}: every shape of {@link GemmBenchmark} at each thread count, with the
 * FMA peak at the same thread count measured in the same run.
 */
final class GemmSuite {
    private GemmSuite() {
    }

    static void run(BenchOptions opts) throws Exception {
        System.out.println(CpuInfo.detect().describe() + "; kernels " + Kernels.describe());
        Table table = new Table("gemm", List.of("name", "m", "n", "k", "op", "threads", "ms", "GFLOP/s", "% peak"));
        for (int t : opts.threads()) {
            Progress.line("measuring the FMA peak at " + t + " thread(s)");
            double peak = Peak.measureGflops(t, opts.quick());
            Progress.line(String.format(Locale.ROOT, "peak at %d thread(s): %.1f GFLOP/s", t, peak));
            for (GemmBenchmark.Shape s : GemmBenchmark.SHAPES) {
                Progress.line("measuring " + s.name() + " at " + t + " thread(s)");
                double ms = measureMs(s.name(), t, opts.quick());
                double gflops = s.flops() / (ms * 1e6);
                table.add(List.of(s.name(), s.m(), s.n(), s.k(), s.transB() ? "NT" : "NN", t,
                                round(ms, 3), round(gflops, 1), round(100 * gflops / peak, 1)),
                        String.format(Locale.ROOT,
                                "{\"name\":\"%s\",\"m\":%d,\"n\":%d,\"k\":%d,\"transA\":false,\"transB\":%b,"
                                        + "\"threads\":%d,\"msPerCall\":%.4f,\"gflops\":%.3f,\"peakGflops\":%.3f,"
                                        + "\"peakRatio\":%.4f}",
                                s.name(), s.m(), s.n(), s.k(), s.transB(), t, ms, gflops, peak, gflops / peak));
            }
        }
        table.print(System.out);
        table.writeJson(opts.json());
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Milliseconds per call of one shape, in one JMH fork. */
    static double measureMs(String shape, int threads, boolean quick) throws Exception {
        var opts = new OptionsBuilder()
                .include(GemmBenchmark.class.getName() + ".multiply$")
                .param("shape", shape)
                .param("threads", String.valueOf(threads))
                .forks(1)
                .warmupIterations(quick ? 3 : 5)
                .warmupTime(TimeValue.milliseconds(quick ? 400 : 1000))
                .measurementIterations(quick ? 4 : 5)
                .measurementTime(TimeValue.milliseconds(quick ? 400 : 1000))
                .verbosity(VerboseMode.SILENT)
                .build();
        RunResult r = new Runner(opts).runSingle();
        return r.getPrimaryResult().getScore();
    }
}
