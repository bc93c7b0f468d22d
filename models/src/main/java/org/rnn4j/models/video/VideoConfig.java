package org.rnn4j.models.video;

import java.io.IOException;
import java.nio.file.Path;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.models.config.ConfigException;
import org.rnn4j.models.config.ConfigJson;
import org.rnn4j.models.config.FamilyConfig;
import org.rnn4j.models.config.Node;
import org.rnn4j.models.config.TrainingConfig;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run of the CNN + RNN video classifier on built-in clips: {@code moving-squares} (the direction
 * a square moves; 12x12, 6-10 frames per clip) or {@code moving-mnist} (which real MNIST digit
 * bounces around a 64x64 frame; 10-20 frames per clip). Errors name the JSON path.
 */
public record VideoConfig(int formatVersion, Data data, Model model, TrainingConfig training)
        implements FamilyConfig {

    public static final String MOVING_SQUARES = "moving-squares";
    public static final String MOVING_MNIST = "moving-mnist";

    public record Data(String dataset, int generatedExamples, double validationSplit) {
        public boolean mnist() {
            return MOVING_MNIST.equals(dataset);
        }
    }

    public record Model(int conv1, int conv2, int conv3, int kernel, boolean coordinates, CellType cell, int hidden, int layers,
                        boolean bidirectional, float dropout) {
    }

    public static VideoConfig load(Path file) throws IOException {
        return parse(Node.readFile(file));
    }

    public static VideoConfig parse(JsonNode root) {
        Node n = new Node(root, "$");
        int version = ConfigJson.readHeader(n, "video");
        Node d = n.object("data");
        String dataset = d.string("dataset", MOVING_SQUARES);
        if (!dataset.equals(MOVING_SQUARES) && !dataset.equals(MOVING_MNIST)) {
            throw new ConfigException("$.data.dataset", "'" + dataset + "' is not a built-in dataset (allowed:"
                    + " moving-squares, moving-mnist)");
        }
        Data data = new Data(dataset, d.integer("generatedExamples", 4000, 10, 10_000_000),
                d.number("validationSplit", 0.1, 0, 0.5, true));
        d.done();
        Node m = n.object("model");
        Model model = new Model(m.integer("conv1", 8, 1, 4096), m.integer("conv2", 16, 1, 4096),
                m.integer("conv3", 0, 0, 4096), m.integer("kernel", 3, 1, 15), m.bool("coordinates", true), m.choice("cell", CellType.class, CellType.LSTM),
                m.integer("hidden", 32, 1, 65_536), m.integer("layers", 1, 1, 32), m.bool("bidirectional", false),
                (float) m.number("dropout", 0, 0, 0.99, true));
        m.done();
        TrainingConfig training = TrainingConfig.parse(n.object("training"), java.util.List.of("accuracy"), false);
        n.done();
        return new VideoConfig(version, data, model, training);
    }

    @Override
    public ObjectNode toJson() {
        return ConfigJson.document(formatVersion, "video", data, model, training);
    }

    /** A video config; the frame size and classes pick the data set (12x12 and 4: moving squares, 64x64 and 10: moving MNIST). */
    public static VideoConfig of(VideoSpec s) {
        String dataset;
        if (s.channels() == 1 && s.height() == 12 && s.width() == 12 && s.classes() == 4) {
            dataset = MOVING_SQUARES;
        } else if (s.channels() == 1 && s.height() == 64 && s.width() == 64 && s.classes() == 10) {
            dataset = MOVING_MNIST;
        } else {
            throw new IllegalArgumentException("frames of " + s.channels() + "x" + s.height() + "x" + s.width() + " with "
                    + s.classes() + " classes have no config data set (moving-squares: 1x12x12, 4 classes;"
                    + " moving-mnist: 1x64x64, 10 classes)");
        }
        ObjectNode r = ConfigJson.root("video", dataset);
        ConfigJson.write(r.putObject("model"), s, "conv1", "conv2", "conv3", "kernel", "coordinates", "cell", "hidden",
                "layers", "bidirectional", "dropout");
        return VideoConfig.parse(r);
    }
}
