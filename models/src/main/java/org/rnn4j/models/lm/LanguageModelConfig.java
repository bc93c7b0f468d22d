package org.rnn4j.models.lm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.models.config.ConfigJson;
import org.rnn4j.models.config.FamilyConfig;
import org.rnn4j.models.config.Node;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.text.Tokenizer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run of the language-model family: a plain text file (or the built-in {@code sample} text)
 * as one token stream, trained with truncated back-propagation through time over windows of
 * {@code data.window} tokens; generation settings for {@code predict}. Errors name the JSON path.
 */
public record LanguageModelConfig(int formatVersion, Data data, Model model, TrainingConfig training, Generation generation)
        implements FamilyConfig {

    public record Data(String dataset, String train, double validationSplit, Tokenizer tokenizer,
                       int maxVocab, int minCount, int window) {
    }

    public record Model(int embedding, CellType cell, int hidden, int layers, float dropout) {
    }

    public record Generation(int length, float temperature, int topK) {
    }

    public static LanguageModelConfig parse(JsonNode root) {
        ConfigJson.Reading r = ConfigJson.read(root, "lm", List.of("sample"), List.of(),
                "a text file", "text");
        Node n = r.root();
        Node d = r.data();
        Data data = new Data(r.dataset(), r.train(), d.number("validationSplit", 0.05, 0, 0.5, true),
                d.choice("tokenizer", Tokenizer.class, Tokenizer.CHARACTER),
                d.integer("maxVocab", 0, 0, 10_000_000), d.integer("minCount", 1, 1, 1_000_000),
                d.integer("window", 64, 2, 100_000));
        d.done();
        Node m = n.object("model");
        Model model = new Model(m.integer("embedding", 32, 1, 65_536), m.choice("cell", CellType.class, CellType.LSTM),
                m.integer("hidden", 128, 1, 65_536), m.integer("layers", 1, 1, 32),
                (float) m.number("dropout", 0, 0, 0.99, true));
        m.done();
        TrainingConfig training = TrainingConfig.parse(n.object("training"), List.of("perplexity"), false);
        Node g = n.object("generation");
        Generation gen = new Generation(g.integer("length", 200, 1, 1_000_000),
                (float) g.number("temperature", 0.8, 0, 100, true), g.integer("topK", 0, 0, 1_000_000));
        g.done();
        n.done();
        return new LanguageModelConfig(r.version(), data, model, training, gen);
    }

    public static LanguageModelConfig load(Path file) throws IOException {
        return parse(Node.readFile(file));
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode root = ConfigJson.document(formatVersion, "lm", data, model, training);
        ConfigJson.write(root.putObject("generation"), generation);
        return root;
    }

    /**
     * The config that describes a model built in plain Java from its spec: the same JSON a config
     * file would hold, validated the same way. The data section names the family's built-in data
     * set and training takes the defaults.
     */
    public static LanguageModelConfig of(LanguageModelSpec s) {
        ObjectNode r = ConfigJson.root("lm", "sample");
        ConfigJson.write(r.putObject("model"), s, "embedding", "cell", "hidden", "layers", "dropout");
        return LanguageModelConfig.parse(r);
    }
}
