/**
 * rnn4j core: off-heap tensors on the Foreign Memory API, SIMD kernels on the Vector API, and
 * (as they land) layers, training and devices. Requires nothing beyond the JDK.
 */
module org.rnn4j.core {
    requires jdk.incubator.vector;
    requires jdk.management;   // the machine's memory size, for NativeMemory's limit

    uses org.rnn4j.core.device.DeviceProvider;

    exports org.rnn4j.core.device;
    exports org.rnn4j.core.kernel;
    exports org.rnn4j.core.tensor;
    exports org.rnn4j.core.seq;
    exports org.rnn4j.core.nn;
    exports org.rnn4j.core.autograd;
    exports org.rnn4j.core.io;
    exports org.rnn4j.core.optim;
}
