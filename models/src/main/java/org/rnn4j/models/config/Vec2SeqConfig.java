package org.rnn4j.models.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.rnn4j.core.nn.CellType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run of the vector→sequence family: feature vectors → a token sequence. Data: TSV lines
 * {@code f1 f2 ... fN<TAB>target} (features separated by spaces or commas) or the built-in
 * {@code number-words} task (a noisy one-hot code of a number 0-999 → its English words).
 */
public record Vec2SeqConfig(int formatVersion, Data data, Model model, RunConfig.Training training, int maxLength) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Data(String dataset, String train, double validationSplit, RunConfig.Tokenizer tokenizer,
                       int generatedExamples) {
    }

    public record Model(int embedding, CellType cell, int hidden, boolean initState, boolean feedEveryStep, float dropout) {
    }

    public static Vec2SeqConfig load(Path file) throws IOException {
        return parse(Node.readFile(file));
    }

    public static Vec2SeqConfig parse(JsonNode root) {
        Node n = new Node(root, "$");
        int version = n.integer("formatVersion", RunConfig.FORMAT_VERSION, RunConfig.FORMAT_VERSION,
                RunConfig.FORMAT_VERSION);
        String family = n.requiredString("family");
        if (!family.equals("vec2seq")) {
            throw new ConfigException("$.family", "expected 'vec2seq' here, got '" + family + "'");
        }
        Node d = n.object("data");
        String dataset = d.string("dataset", null);
        String train = d.string("train", null);
        if ((dataset == null) == (train == null)) {
            throw new ConfigException("$.data", "give exactly one of 'dataset' (allowed: number-words) or 'train' (a TSV"
                    + " file of features<TAB>target)");
        }
        if (dataset != null && !dataset.equals("number-words")) {
            throw new ConfigException("$.data.dataset", "'" + dataset + "' is not a built-in dataset (allowed:"
                    + " number-words)");
        }
        Data data = new Data(dataset, train, d.number("validationSplit", 0.1, 0, 0.5, true),
                d.choice("tokenizer", RunConfig.Tokenizer.class, RunConfig.Tokenizer.WHITESPACE),
                d.integer("generatedExamples", 4000, 10, 10_000_000));
        d.done();
        Node m = n.object("model");
        Model model = new Model(m.integer("embedding", 16, 1, 65_536), m.choice("cell", CellType.class, CellType.LSTM),
                m.integer("hidden", 64, 1, 65_536), m.bool("initState", true), m.bool("feedEveryStep", false),
                (float) m.number("dropout", 0, 0, 0.99, true));
        if (model.cell() != CellType.LSTM && model.cell() != CellType.GRU) {
            throw new ConfigException("$.model.cell", "'" + model.cell().name().toLowerCase(Locale.ROOT)
                    + "' is not one of [lstm, gru] (the decoder is a cell)");
        }
        if (!model.initState() && !model.feedEveryStep()) {
            throw new ConfigException("$.model", "set initState or feedEveryStep (or both): otherwise the vector never"
                    + " reaches the decoder");
        }
        m.done();
        RunConfig.Training training = RunConfig.parseTraining(n.object("training"), java.util.List.of("exact_match"));
        int maxLength = n.object("decoding").integer("maxLength", 32, 1, 100_000);
        n.done();
        return new Vec2SeqConfig(version, data, model, training, maxLength);
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", formatVersion);
        root.put("family", "vec2seq");
        ObjectNode d = root.putObject("data");
        if (data.dataset() != null) {
            d.put("dataset", data.dataset());
            d.put("generatedExamples", data.generatedExamples());
        } else {
            d.put("train", data.train());
        }
        d.put("validationSplit", data.validationSplit());
        d.put("tokenizer", data.tokenizer().name().toLowerCase(Locale.ROOT));
        ObjectNode m = root.putObject("model");
        m.put("embedding", model.embedding());
        m.put("cell", model.cell().name().toLowerCase(Locale.ROOT));
        m.put("hidden", model.hidden());
        m.put("initState", model.initState());
        m.put("feedEveryStep", model.feedEveryStep());
        m.put("dropout", model.dropout());
        RunConfig.writeTraining(root.putObject("training"), training);
        root.putObject("decoding").put("maxLength", maxLength);
        return root;
    }

    public String toJsonString() {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n";
    }
}
