package org.rnn4j.bench;

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
 * {@code rnn4j bench rnn}: S1-S3 forward and training step per thread count, plus dynamic vs
 * static on the skewed batch (1 thread), with the same-run FMA peak.
 */
final class RnnSuite {
    private RnnSuite() {
    }

    static void run(BenchOptions opts) throws Exception {
        System.out.println(CpuInfo.detect().describe() + "; kernels " + Kernels.describe());
        Table table = new Table("rnn", List.of("cell", "shape", "I/H/B/T", "pass", "threads", "ms", "GFLOP/s",
                "% peak"));
        Double peak1 = null;
        for (int t : opts.threads()) {
            Progress.line("measuring the FMA peak at " + t + " thread(s)");
            double peak = Peak.measureGflops(t, opts.quick());
            if (t == 1) {
                peak1 = peak;
            }
            Progress.line(String.format(Locale.ROOT, "peak at %d thread(s): %.1f GFLOP/s", t, peak));
            for (RnnBenchmark.Shape s : RnnBenchmark.SHAPES) {
                for (String pass : new String[] {"forward", "train"}) {
                    Progress.line("measuring " + s.name() + " " + pass + " at " + t + " thread(s)");
                    double ms = measureMs(pass, s.name(), t, opts.quick());
                    double flops = s.forwardFlops() * (pass.equals("train") ? 3 : 1);
                    double gflops = flops / (ms * 1e6);
                    String dims = s.input() + "/" + s.hidden() + "/" + s.batch() + "/" + s.steps();
                    table.add(List.of(s.cell(), s.name(), dims, pass, t, GemmSuite.round(ms, 3),
                                    GemmSuite.round(gflops, 1), GemmSuite.round(100 * gflops / peak, 1)),
                            String.format(Locale.ROOT,
                                    "{\"cell\":\"%s\",\"shape\":\"%s\",\"input\":%d,\"hidden\":%d,\"batch\":%d,"
                                            + "\"steps\":%d,\"pass\":\"%s\",\"threads\":%d,\"msPerCall\":%.4f,"
                                            + "\"gflops\":%.3f,\"peakGflops\":%.3f,\"peakRatio\":%.4f}",
                                    s.cell(), s.name(), s.input(), s.hidden(), s.batch(), s.steps(), pass, t, ms, gflops,
                                    peak, gflops / peak));
                }
            }
        }
        Progress.line("measuring dynamic vs static on the skewed batch at 1 thread");
        double msDynamic = measureMs("forward", "skewed", 1, opts.quick());
        double msStatic = measureMs("forwardStatic", "skewed", 1, opts.quick());
        int[] len = RnnBenchmark.lengths(RnnBenchmark.SKEWED);
        int real = 0;
        for (int l : len) {
            real += l;
        }
        double ideal = (double) RnnBenchmark.SKEWED.steps() * len.length / real;
        double speedup = msStatic / msDynamic;
        table.print(System.out);
        System.out.printf(Locale.ROOT, "%nskewed batch (LSTM 512/512, 64 sequences, lengths uniform in [5, 50]):"
                        + " dynamic %.3f ms, static %.3f ms, speed-up %.2fx (ideal %.2fx = padded / real steps)%n",
                msDynamic, msStatic, speedup, ideal);
        table.addJsonOnly(String.format(Locale.ROOT,
                "{\"cell\":\"LSTM\",\"shape\":\"skewed\",\"input\":512,\"hidden\":512,\"batch\":64,\"steps\":50,"
                        + "\"pass\":\"forward\",\"threads\":1,\"msDynamic\":%.4f,\"msStatic\":%.4f,\"speedup\":%.4f,"
                        + "\"idealSpeedup\":%.4f%s}",
                msDynamic, msStatic, speedup, ideal,
                peak1 == null ? "" : String.format(Locale.ROOT, ",\"peakGflops\":%.3f", peak1)));
        table.writeJson(opts.json());
    }

    static double measureMs(String method, String shape, int threads, boolean quick) throws Exception {
        return measureMs(RnnBenchmark.class, method, shape, threads, quick);
    }

    /** Milliseconds per call of one benchmark method at one shape, in one JMH fork. */
    static double measureMs(Class<?> benchmark, String method, String shape, int threads, boolean quick)
            throws Exception {
        var opts = new OptionsBuilder()
                .include(benchmark.getName() + "." + method + "$")
                .param("shape", shape)
                .param("threads", String.valueOf(threads))
                .forks(1)
                .warmupIterations(quick ? 2 : 4)
                .warmupTime(TimeValue.milliseconds(quick ? 600 : 1500))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.milliseconds(quick ? 600 : 1500))
                .verbosity(VerboseMode.SILENT)
                .build();
        RunResult r = new Runner(opts).runSingle();
        return r.getPrimaryResult().getScore();
    }
}
