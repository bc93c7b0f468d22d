package org.rnn4j.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code rnn4j bench SUITE [--quick] [--threads N,...] [--json FILE]}: runs a JMH suite and prints
 * a table. Every speed is also given as a fraction of the FMA peak measured in the same run.
 * Exit codes: 0 once measuring finishes (targets met or not), 1 failure, 2 usage.
 */
public final class BenchMain {
    private BenchMain() {
    }

    static final String USAGE = """
            Usage: rnn4j bench SUITE [--quick] [--threads N[,N...]] [--json FILE]

            Suites:
              peak    the machine's FP32 FMA peak through the Vector API, per thread count
              gemm    SGEMM on the recurrent-layer shapes, as GFLOP/s and % of the same-run peak
              rnn     LSTM/GRU layers (S1-S3) forward and training step; dynamic vs static mode
              conv    conv2d 3x3 on the video / image-encoder shapes, forward and training step
              parallel  training throughput of the S1 LSTM step and the date job on 1x1, 1x2
                      and 2x1 devices x threads, as speed-ups over 1x1 (--threads is ignored)

            --quick        shorter warm-up and measurement (CI-sized)
            --threads      thread counts to measure (default 1,2)
            --json FILE    also write the rows as one JSON array""";

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> argv) {
        List<String> args = new ArrayList<>(argv);
        if (args.isEmpty() || args.getFirst().equals("--help") || args.getFirst().equals("-h")) {
            System.out.println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String suite = args.removeFirst();
        BenchOptions opts;
        try {
            opts = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("rnn4j bench: " + e.getMessage());
            System.err.println("hint: run 'rnn4j bench --help'");
            return 2;
        }
        try {
            switch (suite) {
                case "peak" -> PeakSuite.run(opts);
                case "gemm" -> GemmSuite.run(opts);
                case "rnn" -> RnnSuite.run(opts);
                case "conv" -> ConvSuite.run(opts);
                case "parallel" -> ParallelSuite.run(opts);
                default -> {
                    System.err.println("rnn4j bench: unknown suite '" + suite + "' (allowed: peak, gemm, rnn, conv, parallel)");
                    return 2;
                }
            }
            return 0;
        } catch (Exception e) {
            System.err.println("rnn4j bench " + suite + ": " + e);
            return 1;
        }
    }
}
