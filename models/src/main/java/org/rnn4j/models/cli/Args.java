package org.rnn4j.models.cli;

import org.rnn4j.models.family.UsageException;
import java.util.List;

/** Small helpers for reading option values; every error names the option and the bad value. */
final class Args {
    private Args() {
    }

    static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    static int positiveInt(List<String> args, int i, String option) throws UsageException {
        String v = value(args, i, option);
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new UsageException(option + " takes a positive integer, got '" + v + "'");
    }

    static double positiveDouble(List<String> args, int i, String option) throws UsageException {
        String v = value(args, i, option);
        try {
            double d = Double.parseDouble(v);
            if (d > 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new UsageException(option + " takes a positive number, got '" + v + "'");
    }
}
