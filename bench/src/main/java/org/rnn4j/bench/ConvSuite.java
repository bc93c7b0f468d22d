package org.rnn4j.bench;

import java.util.List;
import java.util.Locale;
import org.rnn4j.core.device.CpuInfo;
import org.rnn4j.core.kernel.Kernels;

/**
 * {@code rnn4j bench conv}: every shape of {@link ConvBenchmark}, forward and training step, per
 * thread count, with the FMA peak at the same thread count measured in the same run.
 */
final class ConvSuite {
    private ConvSuite() {
    }

    static void run(BenchOptions opts) throws Exception {
        System.out.println(CpuInfo.detect().describe() + "; kernels " + Kernels.describe());
        Table table = new Table("conv", List.of("shape", "N/C/HxW/O", "pass", "threads", "ms", "GFLOP/s", "% peak"));
        for (int t : opts.threads()) {
            Progress.line("measuring the FMA peak at " + t + " thread(s)");
            double peak = Peak.measureGflops(t, opts.quick());
            Progress.line(String.format(Locale.ROOT, "peak at %d thread(s): %.1f GFLOP/s", t, peak));
            for (ConvBenchmark.Shape s : ConvBenchmark.SHAPES) {
                for (String pass : new String[] {"forward", "train"}) {
                    Progress.line("measuring " + s.name() + " " + pass + " at " + t + " thread(s)");
                    double ms = RnnSuite.measureMs(ConvBenchmark.class, pass, s.name(), t, opts.quick());
                    double flops = pass.equals("train") ? s.trainFlops() : s.forwardFlops();
                    double gflops = flops / (ms * 1e6);
                    String dims = s.n() + "/" + s.c() + "/" + s.h() + "x" + s.w() + "/" + s.o();
                    table.add(List.of(s.name(), dims, pass, t, GemmSuite.round(ms, 3), GemmSuite.round(gflops, 1),
                                    GemmSuite.round(100 * gflops / peak, 1)),
                            String.format(Locale.ROOT,
                                    "{\"shape\":\"%s\",\"n\":%d,\"c\":%d,\"h\":%d,\"w\":%d,\"o\":%d,\"pass\":\"%s\","
                                            + "\"threads\":%d,\"msPerCall\":%.4f,\"gflops\":%.3f,\"peakGflops\":%.3f,"
                                            + "\"peakRatio\":%.4f}",
                                    s.name(), s.n(), s.c(), s.h(), s.w(), s.o(), pass, t, ms, gflops, peak,
                                    gflops / peak));
                }
            }
        }
        table.print(System.out);
        table.writeJson(opts.json());
    }
}
