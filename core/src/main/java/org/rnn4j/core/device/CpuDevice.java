package org.rnn4j.core.device;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.rnn4j.core.kernel.WorkerGroup;

/**
 * A CPU device: a worker group of {@code threads} threads that it owns. Submitted work runs on
 * the device's lead thread with the group bound ({@link WorkerGroup#call}), so the kernels it
 * calls split over this device's threads alone — never over another device's or the JVM's
 * default group.
 */
public final class CpuDevice implements Device {
    private final String name;
    private final WorkerGroup group;
    private final ExecutorService lead;

    /** CPU device number {@code index} with {@code threads} kernel threads (the lead thread included). */
    public CpuDevice(int index, int threads) {
        this.name = "cpu:" + index;
        this.group = new WorkerGroup("rnn4j-" + name, threads);
        this.lead = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rnn4j-" + name + "-lead");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "cpu";
    }

    public int threads() {
        return group.threads();
    }

    @Override
    public String describe() {
        return name + " (" + group.threads() + (group.threads() == 1 ? " thread)" : " threads)");
    }

    @Override
    public <T> Future<T> submit(Callable<T> work) {
        try {
            return lead.submit(() -> group.call(work));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("device " + name + " is closed", e);
        }
    }

    @Override
    public void close() {
        lead.shutdownNow();
        group.close();
    }

    @Override
    public String toString() {
        return describe();
    }
}
