package org.rnn4j.models.vec2seq;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.models.config.ConfigException;
import org.rnn4j.models.config.ConfigJson;
import org.rnn4j.models.config.Node;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.text.Tokenizer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run of the vector→sequence family: feature vectors → a token sequence. Data: TSV lines
 * {@code f1 f2 ... fN<TAB>target} (features separated by spaces or commas), the built-in
 * {@code number-words} task (a noisy one-hot code of a number 0-999 → its English words), or
 * {@code mnist-strings}: images of {@code minDigits}-{@code maxDigits} real MNIST digits side by side
 * → the digit string, read by a CNN image encoder ({@code model.encoder}) feeding the decoder.
 */
public record Vec2SeqConfig(int formatVersion, Data data, Model model, TrainingConfig training, int maxLength) {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The built-in data sets. */
    public static final String NUMBER_WORDS = "number-words";
    public static final String MNIST_STRINGS = "mnist-strings";

    public record Data(String dataset, String train, double validationSplit, Tokenizer tokenizer,
                       int generatedExamples, int minDigits, int maxDigits) {
        /** True for the image data set (inputs are images read by the CNN encoder). */
        public boolean images() {
            return MNIST_STRINGS.equals(dataset);
        }
    }

    /** The CNN image encoder (image data only): conv1/conv2 filters, kernel, embedding width. */
    public record Encoder(int conv1, int conv2, int kernel, int features) {
    }

    public record Model(int embedding, CellType cell, int hidden, boolean initState, boolean feedEveryStep, float dropout,
                        Encoder encoder) {
    }

    public static Vec2SeqConfig load(Path file) throws IOException {
        return parse(Node.readFile(file));
    }

    public static Vec2SeqConfig parse(JsonNode root) {
        Node n = new Node(root, "$");
        int version = ConfigJson.readHeader(n, "vec2seq");
        Node d = n.object("data");
        ConfigJson.Source source = ConfigJson.readSource(d, java.util.List.of(NUMBER_WORDS, MNIST_STRINGS), java.util.List.of(),
                "a TSV file of features<TAB>target", "dataset");
        String dataset = source.dataset();
        String train = source.train();
        boolean images = MNIST_STRINGS.equals(dataset);
        double split = d.number("validationSplit", 0.1, 0, 0.5, true);
        Tokenizer tok = d.choice("tokenizer", Tokenizer.class,
                images ? Tokenizer.CHARACTER : Tokenizer.WHITESPACE);
        int generated = d.integer("generatedExamples", 4000, 10, 10_000_000);
        int minDigits = 0;
        int maxDigits = 0;
        if (images) {
            minDigits = d.integer("minDigits", 3, 1, 32);
            maxDigits = d.integer("maxDigits", 5, 1, 32);
            if (maxDigits < minDigits) {
                throw new ConfigException("$.data.maxDigits", maxDigits + " is below minDigits " + minDigits);
            }
            if (tok != Tokenizer.CHARACTER) {
                throw new ConfigException("$.data.tokenizer", "mnist-strings targets are digit strings (\"407\"): use"
                        + " 'character'");
            }
        }
        Data data = new Data(dataset, train, split, tok, generated, minDigits, maxDigits);
        d.done();
        Node m = n.object("model");
        Encoder encoder = null;
        if (m.has("encoder") && !images) {
            throw new ConfigException("$.model.encoder", "an image encoder needs image data (data.dataset"
                    + " 'mnist-strings'); these inputs are feature vectors");
        }
        if (images) {
            Node e = m.object("encoder");
            encoder = new Encoder(e.integer("conv1", 16, 1, 4096), e.integer("conv2", 32, 1, 4096),
                    e.integer("kernel", 3, 1, 15), e.integer("features", 256, 1, 65_536));
            if (encoder.kernel() % 2 == 0) {
                throw new ConfigException("$.model.encoder.kernel", "must be odd (same padding), got " + encoder.kernel());
            }
            e.done();
        }
        Model model = new Model(m.integer("embedding", 16, 1, 65_536), m.choice("cell", CellType.class, CellType.LSTM),
                m.integer("hidden", 64, 1, 65_536), m.bool("initState", true), m.bool("feedEveryStep", false),
                (float) m.number("dropout", 0, 0, 0.99, true), encoder);
        if (model.cell() != CellType.LSTM && model.cell() != CellType.GRU) {
            throw new ConfigException("$.model.cell", "'" + model.cell().name().toLowerCase(Locale.ROOT)
                    + "' is not one of [lstm, gru] (the decoder is a cell)");
        }
        if (!model.initState() && !model.feedEveryStep()) {
            throw new ConfigException("$.model", "set initState or feedEveryStep (or both): otherwise the vector never"
                    + " reaches the decoder");
        }
        m.done();
        TrainingConfig training = TrainingConfig.parse(n.object("training"), java.util.List.of("exact_match"), false);
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
            if (data.images()) {
                d.put("minDigits", data.minDigits());
                d.put("maxDigits", data.maxDigits());
            }
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
        if (model.encoder() != null) {
            ObjectNode e = m.putObject("encoder");
            e.put("conv1", model.encoder().conv1());
            e.put("conv2", model.encoder().conv2());
            e.put("kernel", model.encoder().kernel());
            e.put("features", model.encoder().features());
        }
        training.write(root.putObject("training"), false);
        root.putObject("decoding").put("maxLength", maxLength);
        return root;
    }

    public String toJsonString() {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n";
    }

    /**
     * A vec2seq config; a spec with an image encoder must read MNIST digit strings (1 channel,
     * 28 high, a multiple of 28 wide), the only image data set with a config name.
     */
    public static Vec2SeqConfig of(Vec2SeqSpec s) {
        var im = s.image();
        ObjectNode r = ConfigJson.root("vec2seq", im == null ? NUMBER_WORDS : MNIST_STRINGS);
        ObjectNode m = r.putObject("model");
        if (im != null) {
            if (im.channels() != 1 || im.height() != 28 || im.width() % 28 != 0) {
                throw new IllegalArgumentException("images of " + im.channels() + "x" + im.height() + "x" + im.width()
                        + " have no config data set (mnist-strings images are 1x28x(28*maxDigits))");
            }
            ObjectNode d = (ObjectNode) r.get("data");
            d.put("tokenizer", "character");
            d.put("minDigits", 1);
            d.put("maxDigits", im.width() / 28);
            ObjectNode e = m.putObject("encoder");
            e.put("conv1", im.conv1());
            e.put("conv2", im.conv2());
            e.put("kernel", im.kernel());
            e.put("features", im.features());
        }
        m.put("embedding", s.embedding());
        m.put("cell", ConfigJson.lower(s.cell()));
        m.put("hidden", s.hidden());
        m.put("initState", s.initState());
        m.put("feedEveryStep", s.feedEveryStep());
        m.put("dropout", s.dropout());
        return Vec2SeqConfig.parse(r);
    }
}
