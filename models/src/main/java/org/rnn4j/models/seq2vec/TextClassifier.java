package org.rnn4j.models.seq2vec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.models.data.LabelledFiles;
import org.rnn4j.models.metrics.Metrics;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.text.Vocab;
import org.rnn4j.models.family.ModelRun;
import org.rnn4j.models.train.RunFiles;
import org.rnn4j.models.train.Trainer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A text classifier (the sequence→vector family): embedding → (bi)RNN → pooling → softmax over
 * the labels. Built from a {@link Seq2VecConfig} (the CLI) or in code with {@link #builder()};
 * trained through the one {@link Trainer} ({@link #fit}); saved as the model folder
 * ({@code config.json}, {@code vocab.json}, {@code labels.json}, {@code model.safetensors},
 * {@code metrics.json}) that {@code rnn4j predict} and {@link #load} read.
 *
 * <pre>{@code
 * try (TextClassifier clf = TextClassifier.builder().hidden(32).build(train)) {
 *     clf.fit(train, validation, Trainer.builder().epochs(20));
 *     clf.save(Path.of("runs/sentiment"));
 * }
 * }</pre>
 */
public final class TextClassifier extends ModelRun<Seq2VecConfig, Seq2Vec> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Row-by-row MNIST: each 28x28 image is a sequence of 28 rows of 28 pixels (scaled to [0, 1]). */
    static final int ROW = 28;

    private final Vocab vocab;
    private final List<String> labels;
    private final Tokenizer tokenizer;

    private final int featureSize;
    private final int outputs;

    public TextClassifier(Seq2VecConfig config, Vocab vocab, List<String> labels) {
        this(config, vocab, labels, isRows(config) ? ROW : 0, labels.size());
    }

    /**
     * A model over numeric feature vectors of {@code featureSize} values a step (a steps file), with
     * {@code outputs} classes (then {@code labels} names them) or regression values.
     */
    public TextClassifier(Seq2VecConfig config, Vocab vocab, List<String> labels, int featureSize, int outputs) {
        super("seq2vec", "classifier", config, specOf(config, vocab.size(), outputs, featureSize).parameterCount(),
                (mem, seed) -> new Seq2Vec(specOf(config, vocab.size(), outputs, featureSize), mem,
                seed));
        this.vocab = vocab;
        this.labels = List.copyOf(labels);
        this.tokenizer = config().data().tokenizer();
        this.featureSize = featureSize;
        this.outputs = outputs;
    }

    /** The model spec a classifier config describes, for a vocabulary and a label set of these sizes. */
    public static Seq2VecSpec specOf(Seq2VecConfig config, int vocabSize, int labelCount) {
        return specOf(config, vocabSize, labelCount, isRows(config) ? ROW : 0);
    }

    /** As {@link #specOf(Seq2VecConfig, int, int)}; feature input ({@code featureSize} values a step) for a steps file. */
    public static Seq2VecSpec specOf(Seq2VecConfig config, int vocabSize, int outputs, int featureSize) {
        Seq2VecConfig.Model m = config.model();
        Seq2VecSpec base = config.featureInput() ? Seq2VecSpec.features(featureSize, m.hidden(), outputs)
                : Seq2VecSpec.tokens(vocabSize, m.embedding(), m.hidden(), outputs).withPaddingIdx(Vocab.PAD_ID);
        if (m.task() == Seq2VecConfig.Task.REGRESSION) {
            base = base.regression(outputs);
        }
        return base.withCell(m.cell()).withLayers(m.layers()).withBidirectional(m.bidirectional())
                .withRnnDropout(m.layers() > 1 ? m.rnnDropout() : 0f).withPooling(m.pooling()).withDropout(m.dropout());
    }

    /** Values a step of a feature-input model (0 for text). */
    public int featureSize() {
        return featureSize;
    }

    /** Classes, or regression values. */
    public int outputs() {
        return outputs;
    }

    /**
     * Scores of sequences of feature vectors: class probabilities, or the regression values (safe
     * from several threads). A step of the wrong width is an error naming the input and the step.
     */
    public List<float[]> predictSteps(List<float[][]> inputs) {
        if (!config().featureInput()) {
            throw new IllegalStateException("this model reads text; use predict");
        }
        for (int i = 0; i < inputs.size(); i++) {
            float[][] in = inputs.get(i);
            if (in.length == 0) {
                throw new IllegalArgumentException("input " + (i + 1) + " has no steps");
            }
            for (int t = 0; t < in.length; t++) {
                if (in[t].length != featureSize) {
                    throw new IllegalArgumentException("input " + (i + 1) + ", step " + (t + 1) + " has " + in[t].length
                            + " values; the model takes " + featureSize);
                }
            }
        }
        if (inputs.isEmpty()) {
            return List.of();
        }
        return java.util.Arrays.asList(model().predictScores(Batch.ofFeatures(inputs.toArray(float[][][]::new))));
    }

    static boolean isRows(Seq2VecConfig cfg) {
        return "mnist-rows".equals(cfg.data().dataset());
    }

    /** A classifier built in code: set the sizes, then {@link Builder#build} it from its training texts. */
    public static Builder builder() {
        return new Builder();
    }

    /** MNIST images as row sequences, from the data cache ({@code rnn4j data get mnist}). */
    static float[][][] mnistRows(org.rnn4j.models.data.sets.Mnist.Digits digits) {
        var images = digits.images();
        float[][][] seqs = new float[images.count()][ROW][ROW];
        for (int i = 0; i < images.count(); i++) {
            for (int r = 0; r < ROW; r++) {
                for (int c = 0; c < ROW; c++) {
                    seqs[i][r][c] = images.pixel(i, r, c) / 255f;
                }
            }
        }
        return seqs;
    }

    /** Accuracy on the MNIST test set (10,000 images) of a row-MNIST classifier. */
    public double mnistTestAccuracy() throws IOException {
        var digits = org.rnn4j.models.data.sets.Mnist.fromCache("t10k");
        float[][][] x = mnistRows(digits);
        int[] y = digits.labels();
        int[] pred = model().predictClasses(Batch.ofFeatures(x));
        int[] gold = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            gold[i] = labels.indexOf(String.valueOf(y[i]));
        }
        return Metrics.accuracy(pred, gold);
    }

    /** A prediction: the label and its probability. */
    public record Prediction(String label, double probability) {
    }

    int[] encode(String text) {
        int[] ids = vocab.encode(tokenizer.split(text));
        return ids.length == 0 ? new int[] {Vocab.UNK_ID} : ids;
    }

    /** Labels and probabilities for texts (inference; safe from several threads). */
    public List<Prediction> predict(List<String> texts) {
        List<Prediction> out = new ArrayList<>();
        if (texts.isEmpty()) {
            return out;
        }
        int[][] ids = texts.stream().map(this::encode).toArray(int[][]::new);
        float[][] scores = model().predictScores(Batch.ofTokens(ids));
        for (float[] s : scores) {
            int best = 0;
            for (int c = 1; c < s.length; c++) {
                if (s[c] > s[best]) {
                    best = c;
                }
            }
            out.add(new Prediction(labels.get(best), s[best]));
        }
        return out;
    }

    public List<String> labels() {
        return labels;
    }

    /**
     * Trains on labelled texts in memory through {@code trainer} (its optimizer, schedule, limits,
     * early stopping and listeners; with no early-stopping metric set, it watches validation
     * accuracy), validating on {@code validation} (may be empty). The classifier keeps the best
     * weights. Texts whose label the classifier does not know are an error naming the label.
     */
    public Trainer.Result fit(List<LabelledFiles.Example> train, List<LabelledFiles.Example> validation,
                              Trainer.Builder trainer) throws IOException {
        Seq2VecFamily.Training t = Seq2VecFamily.Training.ofTexts(this, train, validation, config().training().batchSize(),
                config().training().seed(), false);
        return trainer.defaultMetric("accuracy").build().fit(t);
    }

    @Override
    protected void saveFiles(Path dir) throws IOException {
        RunFiles.writeVocab(dir.resolve("vocab.json"), vocab, tokenizer, config().data().format() == Seq2VecConfig.Format.STEPS
                ? Map.of("featureSize", featureSize, "outputs", outputs) : Map.of());
        ObjectNode l = JSON.createObjectNode();
        ArrayNode la = l.putArray("labels");
        labels.forEach(la::add);
        RunFiles.writeAtomically(dir.resolve("labels.json"), RunFiles.pretty(l));
    }

    /** Writes the model folder with no metrics. */
    public void save(Path dir) throws IOException {
        save(dir, Map.of());
    }

    /** Loads a classifier folder; errors name the file and what is wrong. */
    public static TextClassifier load(Path dir) throws IOException {
        Seq2VecConfig cfg = RunFiles.readConfig(dir, Seq2VecConfig::parse);
        List<String> labels = new ArrayList<>();
        RunFiles.readJson(dir.resolve("labels.json")).path("labels").forEach(t -> labels.add(t.asString()));
        TextClassifier c;
        try {
            Path vf = dir.resolve("vocab.json");
            if (cfg.data().format() == Seq2VecConfig.Format.STEPS) {
                var v = RunFiles.readJson(vf);
                c = new TextClassifier(cfg, RunFiles.readVocab(vf), labels, v.path("featureSize").asInt(0),
                        v.path("outputs").asInt(labels.size()));
            } else {
                c = new TextClassifier(cfg, RunFiles.readVocab(vf), labels);
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(dir + ": " + e.getMessage(), e);
        }
        return c.withWeights(dir);
    }

    /** The sizes of a classifier built in code; every one has the config file's default. */
    public static final class Builder extends org.rnn4j.models.config.ConfigBuilder<Builder> {
        private Builder() {
            super("seq2vec", Seq2VecConfig.JAVA);
        }

        /** Keep at most this many tokens (0: all) seen at least {@code minCount} times. */
        public Builder vocabulary(int maxVocab, int minCount) {
            data.put("maxVocab", maxVocab);
            data.put("minCount", minCount);
            return this;
        }

        public Builder hidden(int size) {
            model.put("hidden", size);
            return this;
        }

        public Builder cell(CellType cell) {
            model.put("cell", cell.name().toLowerCase(java.util.Locale.ROOT));
            return this;
        }

        public Builder layers(int n) {
            model.put("layers", n);
            return this;
        }

        public Builder bidirectional(boolean v) {
            model.put("bidirectional", v);
            return this;
        }

        public Builder pooling(Pooling p) {
            model.put("pooling", p.name().toLowerCase(java.util.Locale.ROOT));
            return this;
        }

        public Builder dropout(float p) {
            model.put("dropout", p);
            return this;
        }

        /** The config these settings make (validated like a config file: errors name the JSON path). */
        public Seq2VecConfig config() {
            return Seq2VecConfig.parse(root.deepCopy());
        }

        /** A fresh classifier whose vocabulary and labels come from {@code train}. */
        public TextClassifier build(List<LabelledFiles.Example> train) {
            Seq2VecConfig cfg = config();
            Tokenizer tok = cfg.data().tokenizer();
            Vocab vocab = Vocab.build(train.stream().map(e -> tok.split(e.text())).toList(), cfg.data().maxVocab(),
                    cfg.data().minCount());
            List<String> labels = new ArrayList<>(new TreeSet<>(train.stream().map(LabelledFiles.Example::label).toList()));
            if (labels.size() < 2) {
                throw new IllegalArgumentException("the training texts have " + labels.size()
                        + " label(s); a classifier needs at least 2");
            }
            return new TextClassifier(cfg, vocab, labels);
        }
    }
}
