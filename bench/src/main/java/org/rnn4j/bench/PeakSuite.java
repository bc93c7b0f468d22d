package org.rnn4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnn4j.core.device.CpuInfo;

/** {@code rnn4j bench peak}: the FMA peak per thread count. */
final class PeakSuite {
    private PeakSuite() {
    }

    static void run(BenchOptions opts) throws Exception {
        System.out.println(CpuInfo.detect().describe());
        List<String> rows = new ArrayList<>();
        System.out.printf("%-8s %12s %14s%n", "threads", "GFLOP/s", "per thread");
        for (int t : opts.threads()) {
            double g = Peak.measureGflops(t, opts.quick());
            System.out.printf(Locale.ROOT, "%-8d %12.1f %14.1f%n", t, g, g / t);
            rows.add(String.format(Locale.ROOT, "{\"name\":\"fma-peak\",\"threads\":%d,\"gflops\":%.3f}", t, g));
        }
        if (opts.json().isPresent()) {
            try {
                Files.writeString(opts.json().get(), "[" + String.join(",\n", rows) + "]\n");
            } catch (IOException e) {
                throw new IOException("cannot write " + opts.json().get() + ": " + e.getMessage(), e);
            }
        }
    }
}
