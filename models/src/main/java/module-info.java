/**
 * rnn4j models: the model families, JSON configs, trainer, decoding, data loading and the
 * command-line tool. The CUDA bindings are found at run time, never linked.
 */
module org.rnn4j.models {
    requires transitive org.rnn4j.core;   // the API returns and takes core types (tensors, parameters, devices)
    requires tools.jackson.databind;
    requires org.tukaani.xz;
    requires jdk.unsupported;   // sun.misc.Signal: SIGINT/SIGTERM end a training run cleanly

    exports org.rnn4j.models.cli;
    exports org.rnn4j.models.config;
    exports org.rnn4j.models.text;
    exports org.rnn4j.models.data;
    exports org.rnn4j.models.seq2seq;
    exports org.rnn4j.models.train;
    exports org.rnn4j.models.family;
    exports org.rnn4j.models.seq2vec;
    exports org.rnn4j.models.metrics;
    exports org.rnn4j.models.video;
    exports org.rnn4j.models.vec2seq;
    exports org.rnn4j.models.lm;
    exports org.rnn4j.models.data.archive;
    exports org.rnn4j.models.data.sets;

    uses org.rnn4j.models.family.ModelFamily;
    provides org.rnn4j.models.family.ModelFamily with org.rnn4j.models.seq2seq.Seq2SeqFamily,
            org.rnn4j.models.seq2vec.Seq2VecFamily, org.rnn4j.models.lm.LanguageModelFamily,
            org.rnn4j.models.vec2seq.Vec2SeqFamily, org.rnn4j.models.video.VideoFamily;
}
