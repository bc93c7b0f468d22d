package org.rnn4j.models.vec2seq;

import org.rnn4j.models.data.FeatureRows;
import org.rnn4j.models.data.gen.MnistStrings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.vec2seq.Vec2SeqConfig;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.text.Vocab;
import org.rnn4j.models.family.ModelRun;
import org.rnn4j.models.train.RunFiles;

/**
 * The vector→sequence family from a {@link Vec2SeqConfig}: training with validation exact match,
 * checkpoints, and a model folder ({@code config.json}, {@code vocab.json} with the feature size,
 * {@code model.safetensors}, {@code metrics.json}) that loads back for prediction.
 */
public final class Vec2SeqRun extends ModelRun<Vec2SeqConfig, Vec2Seq> {

    private final Vocab vocab;
    private final int featureSize;
    private final Tokenizer tokenizer;

    public Vec2SeqRun(Vec2SeqConfig config, Vocab vocab, int featureSize) {
        super("vec2seq", "vec2seq", config, specOf(config, vocab.size(), featureSize).parameterCount(), (mem, seed) -> new Vec2Seq(specOf(config, vocab.size(), featureSize), mem,
                seed));
        this.vocab = vocab;
        this.featureSize = featureSize;
        this.tokenizer = config().data().tokenizer();
    }

    /**
     * The model spec a vec2seq config describes, for a vocabulary and inputs of these sizes
     * ({@code inputSize}: feature vector width, or for image data the pixels of one image).
     */
    public static Vec2SeqSpec specOf(Vec2SeqConfig config, int vocabSize, int inputSize) {
        Vec2SeqConfig.Model m = config.model();
        Vec2SeqSpec spec = Vec2SeqSpec.of(inputSize, vocabSize, m.embedding(), m.hidden()).withCell(m.cell())
                .withConditioning(m.initState(), m.feedEveryStep()).withDropout(m.dropout());
        if (config.data().images()) {
            MnistStrings ms = mnistStrings(config);
            Vec2SeqConfig.Encoder e = m.encoder();
            spec = spec.withImage(new ImageEncoderSpec(1, ms.height(), ms.width(), e.conv1(), e.conv2(), e.kernel(),
                    e.features()));
            if (spec.inputSize() != inputSize) {
                throw new IllegalArgumentException("inputs have " + inputSize + " values but the config's images are "
                        + ms.height() + "x" + ms.width() + " = " + spec.inputSize());
            }
        }
        return spec;
    }

    /** The digit-string generator of an mnist-strings config. */
    static MnistStrings mnistStrings(Vec2SeqConfig config) {
        return new MnistStrings(config.data().minDigits(), config.data().maxDigits());
    }

    /**
     * Training and validation digit strings of an mnist-strings config, from disjoint digit images:
     * training strings use the first (1 − validationSplit) of the 60,000 training images, validation
     * strings the rest.
     */
    static Split mnistTrainingStrings(Vec2SeqConfig cfg) throws IOException {
        var digits = org.rnn4j.models.data.sets.Mnist.fromCache("train");
        var images = digits.images();
        int[] labels = digits.labels();
        int n = cfg.data().generatedExamples();
        int nVal = (int) Math.round(n * cfg.data().validationSplit());
        int cut = (int) Math.round(images.count() * (1 - cfg.data().validationSplit()));
        MnistStrings ms = mnistStrings(cfg);
        long seed = cfg.training().seed();
        return new Split(ms.generate(images, labels, 0, cut, n - nVal, seed),
                nVal == 0 ? List.of() : ms.generate(images, labels, cut, images.count(), nVal, seed + 1));
    }

    /** Training and validation examples. */
    record Split(List<FeatureRows.Row> train, List<FeatureRows.Row> validation) {
    }

    /** {@code n} test digit strings (from the 10,000 MNIST test images) for this model's config. */
    public List<FeatureRows.Row> mnistTestStrings(int n, long seed) throws IOException {
        if (!config().data().images()) {
            throw new IllegalStateException("this model was not trained on mnist-strings");
        }
        var digits = org.rnn4j.models.data.sets.Mnist.fromCache("t10k");
        return mnistStrings(config()).generate(digits.images(), digits.labels(), 0, digits.images().count(), n, seed);
    }

    /** True when the inputs are images (mnist-strings). */
    public boolean imageInputs() {
        return config().data().images();
    }

    /** Generated texts for feature vectors. */
    public List<String> predict(List<float[]> features) {
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).length != featureSize) {
                throw new IllegalArgumentException("input " + i + " has " + features.get(i).length + " features; the"
                        + " model takes " + featureSize);
            }
        }
        List<String> out = new ArrayList<>();
        try (Workspace ws = new Workspace("vec2seq predict", 1 << 20)) {
            for (int from = 0; from < features.size(); from += 256) {   // chunks bound the workspace
                float[][] part = features.subList(from, Math.min(features.size(), from + 256)).toArray(float[][]::new);
                for (int[] seq : model().greedy(new Tape(ws), part, config().maxLength())) {
                    out.add(tokenizer.join(vocab.decode(seq)));
                }
                ws.reset();
            }
        }
        return out;
    }

    public int featureSize() {
        return featureSize;
    }

    public Vocab vocab() {
        return vocab;
    }

    @Override
    protected void saveFiles(Path dir) throws IOException {
        RunFiles.writeVocab(dir.resolve("vocab.json"), vocab, tokenizer, Map.of("featureSize", featureSize));
    }

    public static Vec2SeqRun load(Path dir) throws IOException {
        Vec2SeqConfig cfg = RunFiles.readConfig(dir, Vec2SeqConfig::parse);
        Path vf = dir.resolve("vocab.json");
        Vec2SeqRun run;
        try {
            run = new Vec2SeqRun(cfg, RunFiles.readVocab(vf), RunFiles.readJson(vf).path("featureSize").asInt(0));
        } catch (IllegalArgumentException e) {
            throw new IOException(vf + ": " + e.getMessage(), e);
        }
        return run.withWeights(dir);
    }

    static String join(float[] f) {
        return Arrays.toString(f);
    }
}
