package org.rnn4j.core.device;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * Where training work runs: a CPU worker group, or (with the CUDA backend) a GPU. A device runs
 * the work it is given on a thread of its own, in submission order, with kernels on the
 * device's resources, so several devices work at once. Closing a device stops its threads; work
 * submitted afterwards is refused.
 */
public interface Device extends AutoCloseable {

    /** The device's name in a device spec and in messages ({@code cpu:0}, {@code cuda:1}). */
    String name();

    /** The kind of device ({@code cpu}, {@code cuda}). */
    String kind();

    /** One line: the name and what it has ({@code cpu:1 (2 threads)}). */
    String describe();

    /** Runs {@code work} on the device; the future holds its result or its failure. */
    <T> Future<T> submit(Callable<T> work);

    @Override
    void close();
}
