package org.rnn4j.models.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line with rate and ETA: redrawn in place on a terminal, printed as plain periodic
 * lines otherwise (CI logs, pipes).
 */
public final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private final long intervalNanos;
    private long lastPrint;
    private long baseline;       // units done before this process started (a resumed run)
    private String unit = "seq/s";

    /** The rate's unit (default {@code seq/s}; a language model counts {@code tok/s}). */
    public Progress unit(String perSecond) {
        this.unit = perSecond;
        return this;
    }

    public Progress(PrintStream out, boolean terminal, double plainIntervalSeconds) {
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = (long) ((terminal ? 0.2 : plainIntervalSeconds) * 1e9);
    }

    /** For the real console: a terminal when System.console() is one. */
    public static Progress forStdout() {
        return new Progress(System.out, System.console() != null && System.console().isTerminal(), 5.0);
    }

    /**
     * A resumed run: {@code done} units were done by an earlier process, so the rate and ETA count
     * only what this one does (otherwise a run resumed at step 5,000 reports thousands of seq/s).
     */
    public void resumeFrom(long done) {
        this.baseline = Math.max(0, done);
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Reports {@code done} of {@code total} units (sequences), with a message; prints at most every
     * interval unless {@code force}.
     */
    public void update(long done, long total, String message, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastPrint < intervalNanos) {
            return;
        }
        lastPrint = now;
        double secs = Math.max(1e-9, (now - start) / 1e9);
        double rate = Math.max(0, done - baseline) / secs;
        double eta = rate > 0 && total > done ? (total - done) / rate : 0;
        String line = String.format(Locale.ROOT, "%s | %.0f %s | %s elapsed | ETA %s", message, rate, unit,
                clock(secs), clock(eta));
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the in-place line on a terminal. */
    public void finish() {
        if (terminal) {
            out.println();
        }
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
