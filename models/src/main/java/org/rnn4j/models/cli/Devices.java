package org.rnn4j.models.cli;

import org.rnn4j.models.family.UsageException;

/** Parses {@code --devices}: {@code auto}, {@code cpu} or {@code cpu:N}; the CUDA backend is not installed yet. */
final class Devices {
    private Devices() {
    }

    /** Kernel threads for a device spec (null = default). */
    static Integer threadsFor(String spec) throws UsageException {
        if (spec.equals("auto") || spec.equals("cpu")) {
            return null;
        }
        if (spec.startsWith("cpu:")) {
            try {
                int n = Integer.parseInt(spec.substring(4));
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("--devices cpu:N needs a positive N, got '" + spec + "'");
        }
        if (spec.startsWith("cuda") || spec.startsWith("gpu")) {
            throw new UsageException("--devices " + spec + ": the CUDA backend is not installed (allowed: auto, cpu, cpu:N)");
        }
        throw new UsageException("--devices '" + spec + "' is not one of auto, cpu, cpu:N");
    }
}
