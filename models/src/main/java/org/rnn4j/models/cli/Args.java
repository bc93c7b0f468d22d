package org.rnn4j.models.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.rnn4j.models.family.UsageException;

/**
 * A command's arguments, read once: options that take a value ({@code --out DIR}), switches
 * ({@code --resume}) and positional arguments. Every error is a {@link UsageException} that
 * names the option and the bad value; an option given twice keeps its last value.
 */
final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> switches = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    /**
     * Reads {@code args}: each of {@code valued} takes the argument after it, each of
     * {@code flags} stands alone, any other {@code --option} is an error, and at most
     * {@code maxPositional} other arguments are accepted.
     */
    static Args parse(List<String> args, Set<String> valued, Set<String> flags, int maxPositional)
            throws UsageException {
        Args r = new Args();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (valued.contains(a)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(a + " needs a value");
                }
                r.values.put(a, args.get(++i));
            } else if (flags.contains(a)) {
                r.switches.add(a);
            } else if (a.startsWith("--")) {
                throw new UsageException("unknown option '" + org.rnn4j.models.text.Snippet.of(a) + "'");
            } else if (r.positional.size() >= maxPositional) {
                throw new UsageException("unexpected argument '" + org.rnn4j.models.text.Snippet.of(a) + "'");
            } else {
                r.positional.add(a);
            }
        }
        return r;
    }

    boolean has(String option) {
        return switches.contains(option) || values.containsKey(option);
    }

    /** The option's value, or null when it was not given. */
    String string(String option) {
        return values.get(option);
    }

    Path path(String option, Path otherwise) {
        String v = values.get(option);
        return v == null ? otherwise : Path.of(v);
    }

    Integer positiveInt(String option, Integer otherwise) throws UsageException {
        return positive(option, otherwise, Integer::valueOf, n -> n >= 1, "a positive integer");
    }

    /** A count where 0 means "the default" ({@code --top-k 0}: all tokens). */
    Integer nonNegativeInt(String option, Integer otherwise) throws UsageException {
        return positive(option, otherwise, Integer::valueOf, n -> n >= 0, "an integer >= 0");
    }

    Double positiveDouble(String option, Double otherwise) throws UsageException {
        return positive(option, otherwise, Double::valueOf, d -> d > 0 && Double.isFinite(d), "a positive number");
    }

    private <T> T positive(String option, T otherwise, Function<String, T> parse, Predicate<T> ok, String what)
            throws UsageException {
        String v = values.get(option);
        if (v == null) {
            return otherwise;
        }
        try {
            T n = parse.apply(v);
            if (ok.test(n)) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new UsageException(option + " takes " + what + ", got '" + org.rnn4j.models.text.Snippet.of(v) + "'");
    }

    /** The device spec given with {@code option}, checked now (a bad one is a usage error naming it), or null. */
    String devices(String option) throws UsageException {
        String spec = values.get(option);
        if (spec != null) {
            try {
                org.rnn4j.core.device.DeviceManager.parse(spec);
            } catch (IllegalArgumentException e) {
                throw new UsageException(option + ": " + e.getMessage());
            }
        }
        return spec;
    }

    List<String> positional() {
        return positional;
    }
}
