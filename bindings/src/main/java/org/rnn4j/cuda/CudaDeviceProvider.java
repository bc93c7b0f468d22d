package org.rnn4j.cuda;

import org.rnn4j.core.device.Device;
import org.rnn4j.core.device.DeviceProvider;

/**
 * The {@code cuda} device kind, as {@link org.rnn4j.core.device.DeviceManager} finds it through
 * {@link java.util.ServiceLoader}. Today it reports, in one line, what stands between this
 * machine and a GPU device: a missing driver, runtime or cuDNN library — or, with all three
 * present, that the cuDNN recurrent backend (the GPU issues) is not built yet. It never claims a
 * device it cannot run.
 */
public final class CudaDeviceProvider implements DeviceProvider {
    private volatile CudaLibraries.Report report;

    private CudaLibraries.Report report() {
        CudaLibraries.Report r = report;
        if (r == null) {
            r = CudaLibraries.discover();
            report = r;
        }
        return r;
    }

    @Override
    public String kind() {
        return "cuda";
    }

    @Override
    public String unavailableReason() {
        CudaLibraries.Report r = report();
        if (!r.usable()) {
            return r.summary().replaceFirst("^CUDA: not usable: ", "");
        }
        return "the CUDA libraries are present (" + r.summary().replaceFirst("^CUDA: libraries found \\(", "")
                .replaceFirst("\\)$", "") + "), but rnn4j's cuDNN backend is not built yet";
    }

    @Override
    public int count() {
        return 0;
    }

    @Override
    public Device open(int index) {
        throw new IllegalStateException("cuda:" + index + " cannot be opened: " + unavailableReason());
    }
}
