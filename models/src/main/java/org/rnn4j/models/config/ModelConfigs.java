package org.rnn4j.models.config;

import java.util.Locale;
import org.rnn4j.models.lm.LanguageModelSpec;
import org.rnn4j.models.seq2seq.Seq2SeqSpec;
import org.rnn4j.models.seq2vec.Seq2VecSpec;
import org.rnn4j.models.vec2seq.Vec2SeqSpec;
import org.rnn4j.models.video.VideoSpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * From a model built in plain Java (its spec record, e.g. {@code Seq2VecSpec.tokens(...).withCell(GRU)})
 * to the run config that describes it — the same JSON a config file would hold, validated the
 * same way. The data section names the family's built-in data set and training takes the
 * defaults; change them in the JSON (or the records) before training on your own files.
 */
public final class ModelConfigs {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ModelConfigs() {
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static ObjectNode root(String family, String dataset) {
        ObjectNode r = JSON.createObjectNode();
        r.put("formatVersion", RunConfig.FORMAT_VERSION);
        r.put("family", family);
        r.putObject("data").put("dataset", dataset);
        return r;
    }

    public static RunConfig of(Seq2SeqSpec s) {
        ObjectNode r = root("seq2seq", "dates");
        ObjectNode m = r.putObject("model");
        m.put("embedding", s.embedding());
        ObjectNode e = m.putObject("encoder");
        e.put("cell", lower(s.encoderCell()));
        e.put("hidden", s.encoderHidden());
        e.put("layers", s.encoderLayers());
        e.put("bidirectional", s.bidirectional());
        e.put("dropout", s.dropout());
        m.putObject("decoder").put("hidden", s.decoderHidden());
        ObjectNode a = m.putObject("attention");
        a.put("kind", lower(s.attention()));
        a.put("size", s.attentionSize());
        return RunConfig.parse(r);
    }

    /** Token classification specs only (numeric-feature inputs and regression are Java-only so far). */
    public static ClassifierConfig of(Seq2VecSpec s) {
        if (s.input() != Seq2VecSpec.Input.TOKENS || s.task() != Seq2VecSpec.Task.CLASSIFICATION) {
            throw new IllegalArgumentException("only token classification models have a config form yet (got "
                    + s.input() + " input, " + s.task() + ")");
        }
        ObjectNode r = root("seq2vec", "parity");
        ObjectNode m = r.putObject("model");
        m.put("embedding", s.embedding());
        m.put("cell", lower(s.cell()));
        m.put("hidden", s.hidden());
        m.put("layers", s.layers());
        m.put("bidirectional", s.bidirectional());
        m.put("rnnDropout", s.rnnDropout());
        m.put("pooling", lower(s.pooling()));
        m.put("dropout", s.dropout());
        return ClassifierConfig.parse(r);
    }

    public static LmConfig of(LanguageModelSpec s) {
        ObjectNode r = root("lm", "sample");
        ObjectNode m = r.putObject("model");
        m.put("embedding", s.embedding());
        m.put("cell", lower(s.cell()));
        m.put("hidden", s.hidden());
        m.put("layers", s.layers());
        m.put("dropout", s.dropout());
        return LmConfig.parse(r);
    }

    /**
     * A vec2seq config; a spec with an image encoder must read MNIST digit strings (1 channel,
     * 28 high, a multiple of 28 wide), the only image data set with a config name.
     */
    public static Vec2SeqConfig of(Vec2SeqSpec s) {
        var im = s.image();
        ObjectNode r = root("vec2seq", im == null ? Vec2SeqConfig.NUMBER_WORDS : Vec2SeqConfig.MNIST_STRINGS);
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
        m.put("cell", lower(s.cell()));
        m.put("hidden", s.hidden());
        m.put("initState", s.initState());
        m.put("feedEveryStep", s.feedEveryStep());
        m.put("dropout", s.dropout());
        return Vec2SeqConfig.parse(r);
    }

    /** A video config; the frame size and classes pick the data set (12x12 and 4: moving squares, 64x64 and 10: moving MNIST). */
    public static VideoConfig of(VideoSpec s) {
        String dataset;
        if (s.channels() == 1 && s.height() == 12 && s.width() == 12 && s.classes() == 4) {
            dataset = VideoConfig.MOVING_SQUARES;
        } else if (s.channels() == 1 && s.height() == 64 && s.width() == 64 && s.classes() == 10) {
            dataset = VideoConfig.MOVING_MNIST;
        } else {
            throw new IllegalArgumentException("frames of " + s.channels() + "x" + s.height() + "x" + s.width() + " with "
                    + s.classes() + " classes have no config data set (moving-squares: 1x12x12, 4 classes;"
                    + " moving-mnist: 1x64x64, 10 classes)");
        }
        ObjectNode r = root("video", dataset);
        ObjectNode m = r.putObject("model");
        m.put("conv1", s.conv1());
        m.put("conv2", s.conv2());
        m.put("conv3", s.conv3());
        m.put("kernel", s.kernel());
        m.put("coordinates", s.coordinates());
        m.put("cell", lower(s.cell()));
        m.put("hidden", s.hidden());
        m.put("layers", s.layers());
        m.put("bidirectional", s.bidirectional());
        m.put("dropout", s.dropout());
        return VideoConfig.parse(r);
    }
}
