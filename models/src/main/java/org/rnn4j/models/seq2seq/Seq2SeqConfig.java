package org.rnn4j.models.seq2seq;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rnn4j.core.nn.Attention;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.models.config.ConfigBuilder;
import org.rnn4j.models.config.ConfigException;
import org.rnn4j.models.config.ConfigJson;
import org.rnn4j.models.config.FamilyConfig;
import org.rnn4j.models.config.Node;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.text.Tokenizer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One JSON document describing a training run of a sequence→sequence model: data, model,
 * training and decoding. Immutable records, validated completely at load — before any data is
 * read — with errors naming the JSON path and the allowed values. Defaults: docs/config.md.
 */
public record Seq2SeqConfig(int formatVersion, String family, Data data, Model model, TrainingConfig training,
                        Decoding decoding)
        implements FamilyConfig {
    /**
     * The data set name of a model built and trained from Java ({@link #builder()},
     * {@link Seq2SeqFamily#fromPairs}): its folder loads for prediction; the config names no data.
     */
    public static final String JAVA = ConfigJson.JAVA;

    /** The early-stopping metrics of the family (the first is the default). */
    public static final java.util.List<String> METRICS = List.of("exact_match", "token_accuracy", "bleu", "error_rate");

    public enum Strategy { GREEDY, BEAM, SAMPLE }

    /** Where examples come from: a built-in dataset name, or TSV files of source TAB target. */
    public record Data(String dataset, String train, String validation, double validationSplit, Tokenizer tokenizer,
                       int maxVocab, int minCount, int generatedExamples) {
    }

    public record Model(int embedding, CellType encoderCell, int encoderHidden, int encoderLayers,
                        boolean bidirectional, float dropout, int decoderHidden, Attention.Kind attention,
                        int attentionSize) {
    }

    public record Decoding(Strategy strategy, int beamWidth, float lengthPenalty, int maxLength, float temperature,
                           int topK) {
    }

    public static Seq2SeqConfig parse(JsonNode root) {
        ConfigJson.Reading r = ConfigJson.read(root, "seq2seq", List.of("dates"), List.of(JAVA),
                "a TSV file", "dataset");
        Node n = r.root();
        Node d = r.data();
        String dataset = r.dataset();
        Data data = new Data(dataset, r.train(), d.string("validation", null),
                d.number("validationSplit", 0.05, 0.0, 0.5, true), d.choice("tokenizer", Tokenizer.class, Tokenizer.CHARACTER),
                d.integer("maxVocab", 0, 0, 10_000_000), d.integer("minCount", 1, 1, 1_000_000),
                d.integer("generatedExamples", 20_000, 100, 10_000_000));
        d.done();

        Node m = n.object("model");
        Node enc = m.object("encoder");
        Node dec = m.object("decoder");
        Node att = m.object("attention");
        Model model = new Model(m.integer("embedding", 32, 1, 65_536),
                enc.choice("cell", CellType.class, CellType.LSTM), enc.integer("hidden", 64, 1, 65_536),
                enc.integer("layers", 1, 1, 32), enc.bool("bidirectional", true),
                (float) enc.number("dropout", 0, 0, 1, true), dec.integer("hidden", 128, 1, 65_536),
                att.choice("kind", Attention.Kind.class, Attention.Kind.GENERAL), att.integer("size", 0, 0, 65_536));
        if (dec.has("bidirectional")) {
            throw new ConfigException("$.model.decoder.bidirectional", "a decoder cannot be bidirectional: it generates"
                    + " one token at a time, left to right (remove the field)");
        }
        if (model.dropout() >= 1f) {
            throw new ConfigException("$.model.encoder.dropout", "must be in [0, 1), got " + model.dropout());
        }
        if (model.attention() == Attention.Kind.ADDITIVE && model.attentionSize() < 1) {
            throw new ConfigException("$.model.attention.size", "additive attention needs size >= 1");
        }
        if (model.attention() == Attention.Kind.DOT
                && model.decoderHidden() != (model.bidirectional() ? 2 : 1) * model.encoderHidden()) {
            throw new ConfigException("$.model.attention.kind", "dot attention needs decoder.hidden == directions *"
                    + " encoder.hidden (" + (model.bidirectional() ? 2 : 1) * model.encoderHidden() + "), got "
                    + model.decoderHidden() + " (allowed kinds: dot, general, additive)");
        }
        enc.done();
        dec.done();
        att.done();
        m.done();

        TrainingConfig training = TrainingConfig.parse(n.object("training"), METRICS, true);

        Node dc = n.object("decoding");
        Decoding decoding = new Decoding(dc.choice("strategy", Strategy.class, Strategy.GREEDY),
                dc.integer("beamWidth", 4, 1, 1000), (float) dc.number("lengthPenalty", 1, 0, 10, true),
                dc.integer("maxLength", 64, 1, 100_000), (float) dc.number("temperature", 1, 0, 100, false),
                dc.integer("topK", 0, 0, 1_000_000));
        dc.done();
        n.done();
        return new Seq2SeqConfig(r.version(), "seq2seq", data, model, training, decoding);
    }

    /** Reads and validates {@code file}; every problem is a {@link ConfigException} naming the path. */
    public static Seq2SeqConfig load(Path file) throws IOException {
        return parse(Node.readFile(file));
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode root = ConfigJson.document(formatVersion, family, data, null, training);
        writeModel((ObjectNode) root.get("model"), model);
        ConfigJson.write(root.putObject("decoding"), decoding);
        return root;
    }

    /** The model section: the record is flat, the JSON has encoder, decoder and attention objects. */
    private static void writeModel(ObjectNode m, Model model) {
        m.put("embedding", model.embedding());
        ObjectNode e = m.putObject("encoder");
        e.put("cell", ConfigJson.lower(model.encoderCell()));
        e.put("hidden", model.encoderHidden());
        e.put("layers", model.encoderLayers());
        e.put("bidirectional", model.bidirectional());
        e.put("dropout", model.dropout());
        m.putObject("decoder").put("hidden", model.decoderHidden());
        ObjectNode a = m.putObject("attention");
        a.put("kind", ConfigJson.lower(model.attention()));
        a.put("size", model.attentionSize());
    }

    /**
     * The config that describes a model built in plain Java from its spec: the same JSON a config
     * file would hold, validated the same way. The data section names the family's built-in data
     * set and training takes the defaults.
     */
    public static Seq2SeqConfig of(Seq2SeqSpec s) {
        ObjectNode r = ConfigJson.root("seq2seq", "dates");
        writeModel(r.putObject("model"), new Model(s.embedding(), s.encoderCell(), s.encoderHidden(), s.encoderLayers(),
                s.bidirectional(), s.dropout(), s.decoderHidden(), s.attention(), s.attentionSize()));
        return Seq2SeqConfig.parse(r);
    }

    /** A config built in code, sizes by name; every setting has the config file's default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings of an encoder-decoder built from Java (validated like a config file on {@link #build}). */
    public static final class Builder extends ConfigBuilder<Builder> {
        private final ObjectNode encoder = model.putObject("encoder");
        private final ObjectNode decoder = model.putObject("decoder");
        private final ObjectNode attention = model.putObject("attention");
        private final ObjectNode decoding = root.putObject("decoding");

        private Builder() {
            super("seq2seq", JAVA);
        }

        public Builder encoder(CellType cell, int hidden, int layers) {
            encoder.put("cell", ConfigJson.lower(cell));
            encoder.put("hidden", hidden);
            encoder.put("layers", layers);
            return this;
        }

        public Builder bidirectional(boolean v) {
            encoder.put("bidirectional", v);
            return this;
        }

        public Builder decoderHidden(int size) {
            decoder.put("hidden", size);
            return this;
        }

        /** The attention kind; {@code size} is the additive attention's width (0 for dot and general). */
        public Builder attention(Attention.Kind kind, int size) {
            attention.put("kind", ConfigJson.lower(kind));
            attention.put("size", size);
            return this;
        }

        /** The longest output decoding may produce. */
        public Builder maxLength(int n) {
            decoding.put("maxLength", n);
            return this;
        }

        public Seq2SeqConfig build() {
            return Seq2SeqConfig.parse(root.deepCopy());
        }
    }
}
