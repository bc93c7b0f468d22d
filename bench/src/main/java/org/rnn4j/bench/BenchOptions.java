package org.rnn4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The options every {@code rnn4j bench} suite takes. */
record BenchOptions(boolean quick, List<Integer> threads, Optional<Path> json) {

    static BenchOptions parse(List<String> args) {
        boolean quick = false;
        List<Integer> threads = List.of(1, 2);
        Path json = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--quick" -> quick = true;
                case "--threads" -> threads = parseThreads(value(args, ++i, a));
                case "--json" -> json = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a
                        + "' (allowed: --quick, --threads N[,N...], --json FILE)");
            }
        }
        return new BenchOptions(quick, threads, Optional.ofNullable(json));
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static List<Integer> parseThreads(String spec) {
        List<Integer> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            try {
                int n = Integer.parseInt(part.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                out.add(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--threads takes positive integers separated by commas, got '"
                        + spec + "'");
            }
        }
        return List.copyOf(out);
    }
}
