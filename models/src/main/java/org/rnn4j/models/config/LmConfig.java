package org.rnn4j.models.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.rnn4j.core.nn.CellType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run of the language-model family: a plain text file (or the built-in {@code sample} text)
 * as one token stream, trained with truncated back-propagation through time over windows of
 * {@code data.window} tokens; generation settings for {@code predict}. Errors name the JSON path.
 */
public record LmConfig(int formatVersion, Data data, Model model, RunConfig.Training training, Generation generation) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Data(String dataset, String train, double validationSplit, RunConfig.Tokenizer tokenizer,
                       int maxVocab, int minCount, int window) {
    }

    public record Model(int embedding, CellType cell, int hidden, int layers, float dropout) {
    }

    public record Generation(int length, float temperature, int topK) {
    }

    public static LmConfig load(Path file) throws IOException {
        return parse(Node.readFile(file));
    }

    public static LmConfig parse(JsonNode root) {
        Node n = new Node(root, "$");
        int version = n.integer("formatVersion", RunConfig.FORMAT_VERSION, RunConfig.FORMAT_VERSION,
                RunConfig.FORMAT_VERSION);
        String family = n.requiredString("family");
        if (!family.equals("lm")) {
            throw new ConfigException("$.family", "expected 'lm' here, got '" + family + "'");
        }
        Node d = n.object("data");
        String dataset = d.string("dataset", null);
        String train = d.string("train", null);
        if ((dataset == null) == (train == null)) {
            throw new ConfigException("$.data", "give exactly one of 'dataset' (allowed: sample) or 'train' (a text file)");
        }
        if (dataset != null && !dataset.equals("sample")) {
            throw new ConfigException("$.data.dataset", "'" + dataset + "' is not a built-in text (allowed: sample)");
        }
        Data data = new Data(dataset, train, d.number("validationSplit", 0.05, 0, 0.5, true),
                d.choice("tokenizer", RunConfig.Tokenizer.class, RunConfig.Tokenizer.CHARACTER),
                d.integer("maxVocab", 0, 0, 10_000_000), d.integer("minCount", 1, 1, 1_000_000),
                d.integer("window", 64, 2, 100_000));
        d.done();
        Node m = n.object("model");
        Model model = new Model(m.integer("embedding", 32, 1, 65_536), m.choice("cell", CellType.class, CellType.LSTM),
                m.integer("hidden", 128, 1, 65_536), m.integer("layers", 1, 1, 32),
                (float) m.number("dropout", 0, 0, 0.99, true));
        m.done();
        RunConfig.Training training = RunConfig.parseTraining(n.object("training"), java.util.List.of("perplexity"));
        Node g = n.object("generation");
        Generation gen = new Generation(g.integer("length", 200, 1, 1_000_000),
                (float) g.number("temperature", 0.8, 0, 100, true), g.integer("topK", 0, 0, 1_000_000));
        g.done();
        n.done();
        return new LmConfig(version, data, model, training, gen);
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", formatVersion);
        root.put("family", "lm");
        ObjectNode d = root.putObject("data");
        if (data.dataset() != null) {
            d.put("dataset", data.dataset());
        } else {
            d.put("train", data.train());
        }
        d.put("validationSplit", data.validationSplit());
        d.put("tokenizer", data.tokenizer().name().toLowerCase(Locale.ROOT));
        d.put("maxVocab", data.maxVocab());
        d.put("minCount", data.minCount());
        d.put("window", data.window());
        ObjectNode m = root.putObject("model");
        m.put("embedding", model.embedding());
        m.put("cell", model.cell().name().toLowerCase(Locale.ROOT));
        m.put("hidden", model.hidden());
        m.put("layers", model.layers());
        m.put("dropout", model.dropout());
        RunConfig.writeTraining(root.putObject("training"), training);
        ObjectNode g = root.putObject("generation");
        g.put("length", generation.length());
        g.put("temperature", generation.temperature());
        g.put("topK", generation.topK());
        return root;
    }

    public String toJsonString() {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n";
    }
}
