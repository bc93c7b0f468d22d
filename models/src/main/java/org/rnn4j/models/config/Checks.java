package org.rnn4j.models.config;

/**
 * The field checks every model spec and settings record makes on construction, each failure an
 * {@link IllegalArgumentException} whose message starts with the field's name.
 */
public final class Checks {
    private Checks() {
    }

    /** {@code name} must be at least {@code min}. */
    public static void atLeast(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
        }
    }

    /** {@code name} must be given. */
    public static void required(String name, Object v) {
        if (v == null) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    /** A dropout probability: in [0, 1) (NaN is refused). */
    public static void dropout(String name, float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + p);
        }
    }
}
