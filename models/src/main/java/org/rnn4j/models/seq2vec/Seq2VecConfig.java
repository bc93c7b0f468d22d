package org.rnn4j.models.seq2vec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.models.config.ConfigException;
import org.rnn4j.models.config.ConfigJson;
import org.rnn4j.models.config.FamilyConfig;
import org.rnn4j.models.config.Node;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.text.Tokenizer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run of the sequence→vector family as a text classifier: labelled texts (TSV
 * {@code label<TAB>text} or JSON lines {@code {"text": ..., "label": ...}}, or the built-in
 * {@code parity} dataset) → embedding → (bi)RNN → pooling → softmax over the labels. Validated
 * like {@link Seq2SeqConfig}: errors name the JSON path.
 */
public record Seq2VecConfig(int formatVersion, Data data, Model model, TrainingConfig training)
        implements FamilyConfig {
    /**
     * The data set name of a classifier trained from Java ({@link TextClassifier#fit}): its model
     * folder loads for prediction, but the config names no data to train on again.
     */
    public static final String JAVA = ConfigJson.JAVA;

    /**
     * The training file's format: labelled texts ({@code tsv}, {@code jsonl}, {@code auto} tells
     * them apart), or sequences of numeric feature vectors ({@code steps}: {@code target<TAB>v v v;v v v;...},
     * one vector a step, the values of a step separated by spaces or commas).
     */
    public enum Format { AUTO, TSV, JSONL, STEPS }

    /** What the model predicts: a class, or one or more numbers (mean squared error; steps input only). */
    public enum Task { CLASSIFICATION, REGRESSION }

    public record Data(String dataset, String train, String validation, double validationSplit, Format format,
                       Tokenizer tokenizer, int maxVocab, int minCount, int generatedExamples) {
    }

    public record Model(int embedding, CellType cell, int hidden, int layers, boolean bidirectional, float rnnDropout,
                        Pooling pooling, float dropout, Task task) {
    }

    /** True when the inputs are numeric feature vectors per step (a steps file, or MNIST rows). */
    public boolean featureInput() {
        return data.format() == Format.STEPS || "mnist-rows".equals(data.dataset());
    }

    public static Seq2VecConfig parse(JsonNode root) {
        ConfigJson.Reading r = ConfigJson.read(root, "seq2vec", List.of("parity", "mnist-rows"), List.of(JAVA),
                "a TSV or JSON-lines file", "dataset");
        Node n = r.root();
        Node d = r.data();
        String dataset = r.dataset();
        Data data = new Data(dataset, r.train(), d.string("validation", null), d.number("validationSplit", 0.1, 0, 0.5, true),
                d.choice("format", Format.class, Format.AUTO), d.choice("tokenizer", Tokenizer.class,
                Tokenizer.WHITESPACE), d.integer("maxVocab", 20_000, 0, 10_000_000),
                d.integer("minCount", 1, 1, 1_000_000), d.integer("generatedExamples", 4000, 100, 10_000_000));
        d.done();
        Node m = n.object("model");
        Model model = new Model(m.integer("embedding", 32, 1, 65_536), m.choice("cell", CellType.class, CellType.LSTM),
                m.integer("hidden", 64, 1, 65_536), m.integer("layers", 1, 1, 32), m.bool("bidirectional", true),
                (float) m.number("rnnDropout", 0, 0, 0.99, true), m.choice("pooling", Pooling.class, Pooling.LAST),
                (float) m.number("dropout", 0, 0, 0.99, true), m.choice("task", Task.class, Task.CLASSIFICATION));
        m.done();
        if (data.format() == Format.STEPS && dataset != null) {
            throw new ConfigException("$.data.format", "\"steps\" reads a 'train' file of target<TAB>v v v;v v v;...;"
                    + " the built-in '" + dataset + "' has a format of its own (remove $.data.format)");
        }
        if (model.task() == Task.REGRESSION && data.format() != Format.STEPS) {
            throw new ConfigException("$.model.task", "regression reads numeric targets from a steps file: set"
                    + " $.data.format to \"steps\" (target<TAB>v v v;v v v;...)");
        }
        TrainingConfig training = TrainingConfig.parse(n.object("training"), model.task() == Task.REGRESSION
                ? List.of("mse") : List.of("accuracy", "macro_f1"), false);
        n.done();
        return new Seq2VecConfig(r.version(), data, model, training);
    }

    public static Seq2VecConfig load(Path file) throws IOException {
        return parse(Node.readFile(file));
    }

    @Override
    public ObjectNode toJson() {
        return ConfigJson.document(formatVersion, "seq2vec", data, model, training);
    }

    /** Token classification specs only (numeric-feature inputs and regression are Java-only so far). */
    public static Seq2VecConfig of(Seq2VecSpec s) {
        if (s.input() != Seq2VecSpec.Input.TOKENS || s.task() != Seq2VecSpec.Task.CLASSIFICATION) {
            throw new IllegalArgumentException("only token classification models have a config form yet (got "
                    + s.input() + " input, " + s.task() + ")");
        }
        ObjectNode r = ConfigJson.root("seq2vec", "parity");
        ConfigJson.write(r.putObject("model"), s, "embedding", "cell", "hidden", "layers", "bidirectional",
                "rnnDropout", "pooling", "dropout");
        return Seq2VecConfig.parse(r);
    }
}
