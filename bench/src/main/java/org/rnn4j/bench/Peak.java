package org.rnn4j.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Measures the FP32 FMA peak (all threads together) with {@link FmaPeakBenchmark}. */
final class Peak {
    private Peak() {
    }

    /** GFLOP/s of {@code threads} threads each running the FMA loop, in one JMH fork. */
    static double measureGflops(int threads, boolean quick) throws RunnerException {
        Options opts = new OptionsBuilder()
                .include(FmaPeakBenchmark.class.getName() + ".fma$")
                .threads(threads)
                .forks(1)
                .warmupIterations(quick ? 2 : 3)
                .warmupTime(TimeValue.milliseconds(quick ? 300 : 1000))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.milliseconds(quick ? 300 : 1000))
                .verbosity(VerboseMode.SILENT)
                .build();
        RunResult result = new Runner(opts).runSingle();
        double callsPerSecond = result.getPrimaryResult().getScore(); // all threads together
        return callsPerSecond * FmaPeakBenchmark.flopsPerCall() / 1e9;
    }
}
