/**
 * rnn4j CUDA bindings: locates the CUDA driver, runtime and cuDNN through FFM, lazily. Nothing
 * here links to CUDA at build time; with no GPU or no library the CPU path runs.
 */
module org.rnn4j.cuda {
    requires org.rnn4j.core;

    exports org.rnn4j.cuda;
}
