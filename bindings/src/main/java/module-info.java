/**
 * rnn4j CUDA bindings: locates the CUDA driver, runtime and cuDNN through FFM, lazily, and
 * offers the {@code cuda} device kind to the core's device manager. Nothing here links to CUDA
 * at build time; with no GPU or no library the CPU path runs and the device list says why.
 */
module org.rnn4j.cuda {
    requires org.rnn4j.core;

    exports org.rnn4j.cuda;

    provides org.rnn4j.core.device.DeviceProvider with org.rnn4j.cuda.CudaDeviceProvider;
}
