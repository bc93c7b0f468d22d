package org.rnn4j.bench;

import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.rnn4j.core.device.CpuInfo;

/**
 * {@code rnn4j bench parallel}: training throughput of the S1 LSTM step and the date seq2seq job
 * on 1 device x 1 thread, 1 x 2 and 2 devices x 1 thread, each as a speed-up over 1 x 1 measured
 * in the same run, with the FMA peak at 1 and 2 threads (what the machine can give at best) and
 * the off-heap bytes the steps took.
 */
final class ParallelSuite {
    private ParallelSuite() {
    }

    static void run(BenchOptions opts) throws Exception {
        System.out.println(CpuInfo.detect().describe());
        Table table = new Table("parallel", List.of("job", "devices", "threads/device", "seq/s", "speedup", "peak MiB"));
        Progress.line("measuring the FMA peak at 1 and 2 threads");
        double peak1 = Peak.measureGflops(1, opts.quick());
        double peak2 = Peak.measureGflops(2, opts.quick());
        for (String job : ParallelJobs.jobs()) {
            int steps = job.equals("S1") ? (opts.quick() ? 2 : 4) : (opts.quick() ? 20 : 40);
            double base = Double.NaN;
            for (int[] c : ParallelJobs.CONFIGS) {
                String spec = ParallelJobs.spec(c[0], c[1]);
                Progress.line("measuring " + job + " on " + spec);
                double ms = measureMs(job, spec, steps, opts.quick());
                long bytes;
                int batch;
                try (ParallelJobs.Job j = ParallelJobs.open(job)) {
                    bytes = ParallelJobs.train(j, spec, 2).stepBytes();
                    batch = j.batch();
                }
                double seqPerSec = steps * batch / (ms / 1000);
                if (c[0] == 1 && c[1] == 1) {
                    base = seqPerSec;
                }
                double speedup = seqPerSec / base;
                table.add(List.of(job, c[0], c[1], GemmSuite.round(seqPerSec, 1), GemmSuite.round(speedup, 2),
                                GemmSuite.round(bytes / 1048576.0, 1)),
                        String.format(Locale.ROOT, "{\"job\":\"%s\",\"devices\":%d,\"threadsPerDevice\":%d,"
                                        + "\"seqPerSec\":%.3f,\"speedup\":%.4f,\"peakBytes\":%d,\"steps\":%d,\"msPerCall\":%.3f}",
                                job, c[0], c[1], seqPerSec, speedup, bytes, steps, ms));
            }
        }
        table.addJsonOnly(String.format(Locale.ROOT, "{\"name\":\"fma-peak\",\"gflops1\":%.3f,\"gflops2\":%.3f,"
                + "\"ratio\":%.4f}", peak1, peak2, peak2 / peak1));
        table.print(System.out);
        System.out.printf(Locale.ROOT, "%nFMA peak: %.1f GFLOP/s at 1 thread, %.1f at 2 (%.2fx): the most a second thread"
                + " or device can add to FMA-bound work here%n", peak1, peak2, peak2 / peak1);
        table.writeJson(opts.json());
    }

    private static double measureMs(String job, String devices, int steps, boolean quick) throws Exception {
        var o = new OptionsBuilder()
                .include(ParallelBenchmark.class.getName() + ".train$")
                .param("job", job)
                .param("devices", devices)
                .param("steps", String.valueOf(steps))
                .forks(1)
                .warmupIterations(quick ? 1 : 2)
                .measurementIterations(quick ? 2 : 4)
                .verbosity(VerboseMode.SILENT)
                .build();
        RunResult r = new Runner(o).runSingle();
        return r.getPrimaryResult().getScore();
    }
}
