package org.rnn4j.core.device;

/**
 * A kind of device other than the CPU, found at run time through {@link java.util.ServiceLoader}
 * (the CUDA backend in {@code rnn4j-bindings} is one). A provider that cannot run here says why
 * in one line rather than failing.
 */
public interface DeviceProvider {

    /** The kind, as device specs name it ({@code cuda}). */
    String kind();

    /** Null when devices of this kind can be opened here; otherwise why not, in one line. */
    String unavailableReason();

    /** How many devices of this kind are present (0 when unavailable). */
    int count();

    /** Opens device {@code index} (0-based, below {@link #count()}). */
    Device open(int index);
}
