package org.rnn4j.core.kernel;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The threads kernels split large work over: the {@link WorkerGroup} bound to the calling thread
 * (a device's), or else the JVM-wide default group, whose size the user sets
 * ({@link #setThreads}, default: available processors). The calling thread always takes one
 * share, so {@code threads - 1} pool threads exist. A kernel called from inside a pool task runs
 * on that thread alone (no nested fan-out, no deadlock).
 */
public final class Parallel {
    private static final ThreadLocal<Boolean> IN_POOL = ThreadLocal.withInitial(() -> false);
    private static int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static ExecutorService pool;

    private Parallel() {
    }

    /** Threads a kernel called on this thread may use (the caller included). */
    public static int threads() {
        WorkerGroup g = WorkerGroup.bound();
        return g != null ? g.threads() : defaultThreads();
    }

    /** Threads of the default group (kernels on threads no device has bound). */
    public static synchronized int defaultThreads() {
        return threads;
    }

    static void markPoolThread() {
        IN_POOL.set(true);
    }

    /**
     * Sets the number of threads of the default group from now on (>= 1); replaces its pool.
     * A device's {@link WorkerGroup} is not affected.
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        if (n != threads) {
            threads = n;
            if (pool != null) {
                pool.shutdown();
                pool = null;
            }
        }
    }

    private static ExecutorService pool() {
        WorkerGroup g = WorkerGroup.bound();
        if (g != null) {
            return g.pool();
        }
        synchronized (Parallel.class) {
            if (pool == null && threads > 1) {
                pool = WorkerGroup.newPool("rnn4j-kernel", threads - 1);
            }
            return pool;
        }
    }

    /** Any thread other than the caller; a segment it may access is shared (not confined). */
    private static final Thread OTHER = new Thread(() -> { });

    /** True if every non-null segment may be accessed from pool threads (none is confined). */
    public static boolean shareable(MemorySegment... segments) {
        for (MemorySegment s : segments) {
            if (s != null && !s.isAccessibleBy(OTHER)) {
                return false;
            }
        }
        return true;
    }

    /** True when the current thread is a pool thread (work must not fan out again). */
    static boolean inPool() {
        return IN_POOL.get();
    }

    /**
     * Runs {@code body(0) ... body(tasks - 1)}: task 0 on the caller, the others on the pool, and
     * returns when all are done. The first failure is rethrown.
     */
    public static void run(int tasks, IntConsumer body) {
        if (tasks <= 1 || inPool()) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        ExecutorService p = pool();
        if (p == null) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(tasks - 1);
        List<Integer> inline = new ArrayList<>();
        for (int i = 1; i < tasks; i++) {
            int task = i;
            try {
                futures.add(p.submit(() -> body.accept(task)));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                inline.add(task);   // setThreads replaced the pool meanwhile: the caller runs the task
            }
        }
        RuntimeException first = null;
        try {
            body.accept(0);
            for (int task : inline) {
                body.accept(task);
            }
        } catch (RuntimeException e) {
            first = e;
        }
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException re ? re : new RuntimeException(e.getCause());
                    }
                    break;
                } catch (InterruptedException e) {
                    // Keep waiting: the tasks write into buffers the caller uses as soon as this returns.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (first != null) {
            throw first;
        }
    }
}
