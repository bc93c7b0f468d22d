package org.rnn4j.core.tensor;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The off-heap bytes all of rnn4j's allocators hold, and the most they may: the machine's
 * physical memory (or {@code -Drnn4j.maxNativeBytes}). An allocation past it is refused before
 * any memory is touched, with an {@link OutOfMemoryError} that says the bytes asked for, what is
 * in use and what the machine has — not left to the operating system, which would kill the JVM
 * once the zero-filled pages no longer fit.
 */
public final class NativeMemory {
    private static final AtomicLong IN_USE = new AtomicLong();
    /** Why -Drnn4j.maxNativeBytes cannot be used, or null. */
    private static String limitError;
    private static final long LIMIT = limit();

    private NativeMemory() {
    }

    private static long limit() {
        String p = System.getProperty("rnn4j.maxNativeBytes");
        if (p != null) {
            try {
                long v = Long.parseLong(p.trim());
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported at the first allocation, as one line (not from a static initialiser)
            }
            limitError = "-Drnn4j.maxNativeBytes must be a positive number of bytes, got '" + p + "'";
            return Long.MAX_VALUE;
        }
        try {
            if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os) {
                long total = os.getTotalMemorySize();
                return total > 0 ? total : Long.MAX_VALUE;
            }
        } catch (RuntimeException | LinkageError e) {
            // no figure: no limit
        }
        return Long.MAX_VALUE;
    }

    /** The most bytes rnn4j's tensors may hold. */
    public static long limitBytes() {
        return LIMIT;
    }

    /** Bytes rnn4j's tensors hold now. */
    public static long inUse() {
        return IN_USE.get();
    }

    /**
     * Refuses a model whose {@code parameters} will not fit, before anything of it is allocated:
     * {@code what} names it ("the seq2vec model of this config"). Weights and gradients take 8 bytes
     * a parameter; training with Adam adds 8 more, which the message says.
     */
    public static void requireRoomFor(long parameters, String what) {
        long bytes = parameters * 8;
        long free = LIMIT - IN_USE.get();
        if (bytes > free || parameters < 0 || bytes < 0) {
            throw new OutOfMemoryError(String.format(Locale.ROOT, "%s has %,d parameters: %s for its weights and"
                    + " gradients (%s with Adam's state when training), and %s of this machine's %s are free for"
                    + " rnn4j's tensors (-Drnn4j.maxNativeBytes to set the limit)", what, parameters, human(bytes),
                    human(2 * bytes), human(Math.max(0, free)), human(LIMIT)));
        }
    }

    /** Takes {@code bytes} for {@code what}, or refuses them (nothing is held then). */
    static void reserve(long bytes, String what) {
        if (limitError != null) {
            throw new IllegalArgumentException(limitError);
        }
        long now = IN_USE.addAndGet(bytes);
        if (now > LIMIT || now < 0) {
            IN_USE.addAndGet(-bytes);
            throw new OutOfMemoryError(String.format(Locale.ROOT, "%s needs %s more, with %s already held by rnn4j's"
                    + " tensors, and this machine has %s of memory (-Drnn4j.maxNativeBytes to set the limit)", what,
                    human(bytes), human(now - bytes), human(LIMIT)));
        }
    }

    /** Gives {@code bytes} back. */
    static void release(long bytes) {
        IN_USE.addAndGet(-bytes);
    }

    static String human(long bytes) {
        if (bytes < 1L << 20) {
            return bytes + " bytes";
        }
        return bytes < 1L << 30 ? String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0)
                : String.format(Locale.ROOT, "%.1f GiB", bytes / 1073741824.0);
    }
}
