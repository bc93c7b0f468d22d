package org.rnn4j.models.vec2seq;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
 * A run of the vector→sequence family: feature vectors → a token sequence. Data: TSV lines
 * {@code f1 f2 ... fN<TAB>target} (features separated by spaces or commas), the built-in
 * {@code number-words} task (a noisy one-hot code of a number 0-999 → its English words), or
 * {@code mnist-strings}: images of {@code minDigits}-{@code maxDigits} real MNIST digits side by side
 * → the digit string, read by a CNN image encoder ({@code model.encoder}) feeding the decoder.
 */
public record Vec2SeqConfig(int formatVersion, Data data, Model model, TrainingConfig training, int maxLength)
        implements FamilyConfig {
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

    public static Vec2SeqConfig parse(JsonNode root) {
        ConfigJson.Reading r = ConfigJson.read(root, "vec2seq", List.of(NUMBER_WORDS, MNIST_STRINGS), List.of(),
                "a TSV file of features<TAB>target", "dataset");
        Node n = r.root();
        Node d = r.data();
        String dataset = r.dataset();
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
        Data data = new Data(dataset, r.train(), split, tok, generated, minDigits, maxDigits);
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
        TrainingConfig training = TrainingConfig.parse(n.object("training"), List.of("exact_match"), false);
        int maxLength = n.object("decoding").integer("maxLength", 32, 1, 100_000);
        n.done();
        return new Vec2SeqConfig(r.version(), data, model, training, maxLength);
    }

    public static Vec2SeqConfig load(Path file) throws IOException {
        return parse(Node.readFile(file));
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode root = ConfigJson.document(formatVersion, "vec2seq", data, model, training);
        if (!data.images()) {
            ((ObjectNode) root.get("data")).remove(List.of("minDigits", "maxDigits"));   // image data only
        }
        root.putObject("decoding").put("maxLength", maxLength);
        return root;
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
            ConfigJson.write(m.putObject("encoder"), im, "conv1", "conv2", "kernel", "features");
        }
        ConfigJson.write(m, s, "embedding", "cell", "hidden", "initState", "feedEveryStep", "dropout");
        return Vec2SeqConfig.parse(r);
    }
}
