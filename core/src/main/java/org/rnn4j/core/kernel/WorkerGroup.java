package org.rnn4j.core.kernel;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A group of kernel threads that one device owns: kernels called while the group is bound to
 * the calling thread ({@link #call}) split their work over this group's threads, not over the
 * JVM-wide default group that {@link Parallel#setThreads} configures. Two CPU devices therefore
 * train side by side in one JVM, each on its own threads. The calling thread always takes one
 * share, so a group of {@code threads} has {@code threads - 1} pool threads (none for 1).
 */
public final class WorkerGroup implements AutoCloseable {
    private static final ThreadLocal<WorkerGroup> BOUND = new ThreadLocal<>();

    private final String name;
    private final int threads;
    private final ExecutorService pool;
    private volatile boolean closed;

    /** A group of {@code threads} (>= 1) named {@code name} (its pool threads are "NAME-k"). */
    public WorkerGroup(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a worker group needs at least 1 thread, got " + threads);
        }
        this.name = name;
        this.threads = threads;
        this.pool = threads == 1 ? null : newPool(name, threads - 1);
    }

    static ExecutorService newPool(String name, int size) {
        int[] n = {0};
        return Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(() -> {
                Parallel.markPoolThread();
                r.run();
            }, name + "-" + (n[0]++));
            t.setDaemon(true);
            return t;
        });
    }

    public String name() {
        return name;
    }

    /** Threads a kernel running in this group may use (the caller included). */
    public int threads() {
        return threads;
    }

    ExecutorService pool() {
        return pool;
    }

    /** The group bound to the calling thread, or null (kernels then use the default group). */
    static WorkerGroup bound() {
        return BOUND.get();
    }

    /** Runs {@code work} on the calling thread with kernels splitting over this group; returns its result. */
    public <T> T call(Callable<T> work) throws Exception {
        if (closed) {
            throw new IllegalStateException("worker group " + name + " is closed");
        }
        WorkerGroup before = BOUND.get();
        BOUND.set(this);
        try {
            return work.call();
        } finally {
            if (before == null) {
                BOUND.remove();
            } else {
                BOUND.set(before);
            }
        }
    }

    /** Stops the pool threads; work bound to the group afterwards is refused. */
    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return name + " (" + threads + " thread" + (threads == 1 ? "" : "s") + ")";
    }
}
