package org.rnn4j.core.optim;

/**
 * Argument checks for hyper-parameters and schedules. Every failure is an
 * {@link IllegalArgumentException} naming the argument, the bad value and the allowed range.
 */
final class Check {
    private Check() {
    }

    /** A finite number >= 0. */
    static float nonNegative(String name, float value) {
        if (!(value >= 0f) || value == Float.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** A number in [0, 1). */
    static float unitOpen(String name, float value) {
        if (!(value >= 0f && value < 1f)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** A number in [0, 1]. */
    static float unitClosed(String name, float value) {
        if (!(value >= 0f && value <= 1f)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
        return value;
    }

    /** A count >= min. */
    static long atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
        return value;
    }
}
