package org.rnn4j.models.vec2seq;

import org.rnn4j.models.data.gen.NumberWords;
import org.rnn4j.models.data.FeatureRows;
import org.rnn4j.models.data.gen.MnistStrings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.data.DataPaths;
import org.rnn4j.models.family.JsonLines;
import org.rnn4j.models.family.ModelFamily;
import org.rnn4j.models.family.RunTraining;
import org.rnn4j.models.family.PredictOptions;
import org.rnn4j.models.family.UsageException;
import org.rnn4j.models.metrics.Metrics;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.text.Vocab;
import tools.jackson.databind.JsonNode;

/**
 * The vector→sequence family ({@link Vec2SeqRun}): feature vectors (TSV {@code f1 ... fN<TAB>target}),
 * the built-in {@code number-words}, or images of MNIST digit strings read by a CNN encoder;
 * validation measures greedy exact match.
 */
public final class Vec2SeqFamily implements ModelFamily {

    @Override
    public String name() {
        return "vec2seq";
    }

    @Override
    public String description() {
        return "feature vectors to text (TSV f1 f2 ... fN<TAB>target), the built-in\n"
                + "             \"number-words\", or \"mnist-strings\" (images of digits, CNN encoder)";
    }

    @Override
    public String tryNext(Path dir) {
        boolean images;
        try {
            images = MNIST_STRINGS_NAME.equals(org.rnn4j.models.train.RunFiles.readJson(dir.resolve("config.json"))
                    .path("data").path("dataset").asString(""));
        } catch (IOException e) {
            images = false;
        }
        return images ? "./rnn4j eval --model " + dir : "./rnn4j predict --model " + dir + " \"0 1 0 ...\"";
    }

    private static final String MNIST_STRINGS_NAME = Vec2SeqConfig.MNIST_STRINGS;

    @Override
    public Prepared prepare(JsonNode json, Path configFile, PrintStream log) throws IOException {
        return prepare(Vec2SeqConfig.parse(json), configFile, log);
    }

    /** Reads or makes the examples a config names and builds the vocabulary and the model. */
    public static Training prepare(Vec2SeqConfig cfg, Path configFile, PrintStream log) throws IOException {
        long seed = cfg.training().seed();
        List<FeatureRows.Row> val;
        List<FeatureRows.Row> train;
        if (cfg.data().images()) {
            Vec2SeqRun.Split split = Vec2SeqRun.mnistTrainingStrings(cfg);
            train = split.train();
            val = split.validation();
        } else {
            List<FeatureRows.Row> all = cfg.data().dataset() != null
                    ? NumberWords.generate(cfg.data().generatedExamples(), seed)
                    : new ArrayList<>(FeatureRows.read(DataPaths.resolve(configFile, cfg.data().train()), log));
            if (cfg.data().dataset() == null) {
                Collections.shuffle(all, new java.util.Random(seed));
            }
            int nVal = cfg.data().dataset() != null ? (int) Math.round(all.size() * cfg.data().validationSplit())
                    : org.rnn4j.models.data.Splits.validationCount(all.size(), cfg.data().validationSplit(), "examples");
            val = all.subList(0, nVal);
            train = all.subList(nVal, all.size());
        }
        if (train.isEmpty()) {
            throw new IOException("no training examples left after holding out " + val.size() + " for validation");
        }
        Tokenizer tok = cfg.data().tokenizer();
        Vocab vocab = Vocab.build(train.stream().map(e -> tok.split(e.target())).toList(), 0, 1);
        int width = train.getFirst().features().length;
        if (cfg.data().images()) {
            MnistStrings ms = Vec2SeqRun.mnistStrings(cfg);
            log.printf(Locale.ROOT, "data: %d training and %d validation images of %d-%d MNIST digits (%dx%d), from"
                    + " disjoint digit images; vocabulary %d%n", train.size(), val.size(), ms.minDigits(), ms.maxDigits(),
                    ms.height(), ms.width(), vocab.size());
        } else {
            log.printf(Locale.ROOT, "data: %d training and %d validation vectors of %d features, vocabulary %d%n",
                    train.size(), val.size(), width, vocab.size());
        }
        return new Training(new Vec2SeqRun(cfg, vocab, width), train, val);
    }

    /**
     * A model the config describes, with its vocabulary built from {@code train}'s targets,
     * ready for the {@link org.rnn4j.models.train.Trainer}; {@code save} writes the model folder.
     */
    public static Training fromExamples(Vec2SeqConfig cfg, List<FeatureRows.Row> train,
                                        List<FeatureRows.Row> val) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        Tokenizer tok = cfg.data().tokenizer();
        Vocab vocab = Vocab.build(train.stream().map(e -> tok.split(e.target())).toList(), 0, 1);
        return new Training(new Vec2SeqRun(cfg, vocab, train.getFirst().features().length), train, val);
    }

    /** A vec2seq model and its examples as the trainer sees them; a batch is a list of example indices. */
    public static final class Training extends RunTraining<Vec2SeqRun, Vec2Seq> {
        private final List<FeatureRows.Row> train;
        private final List<FeatureRows.Row> val;
        private final int[][] targets;
        private final List<int[]> valRef;

        Training(Vec2SeqRun run, List<FeatureRows.Row> train, List<FeatureRows.Row> val) {
            super(run, train.size());
            this.train = train;
            this.val = val;
            Tokenizer tok = run().config().data().tokenizer();
            this.targets = train.stream().map(e -> run().vocab().encode(tok.split(e.target()))).toArray(int[][]::new);
            this.valRef = val.stream().map(e -> run().vocab().encode(tok.split(e.target()))).toList();
        }

        @Override
        protected Var loss(Vec2Seq model, Tape tape, int[] b) {
            float[][] f = new float[b.length][];
            int[][] t = new int[b.length][];
            for (int j = 0; j < b.length; j++) {
                f[j] = train.get(b[j]).features();
                t[j] = targets[b[j]];
            }
            return model.loss(tape, f, t, true);
        }

        /** The loss is a mean over target tokens, the end token included. */
        @Override
        public double weight(int[] shard) {
            return tokens(shard, targets);
        }

        @Override
        public Map<String, Double> validate() {
            if (val.isEmpty()) {
                return Map.of();
            }
            Tokenizer tok = run().config().data().tokenizer();
            List<String> pred = run().predict(val.stream().map(FeatureRows.Row::features).toList());
            List<int[]> hyp = pred.stream().map(s -> run().vocab().encode(tok.split(s))).toList();
            return Map.of("exact_match", Metrics.exactMatch(hyp, valRef));
        }

    }

    @Override
    public void evaluate(Path dir, Path data, PrintStream out) throws IOException {
        try (var v = Vec2SeqRun.load(dir)) {
            var examples = data != null ? FeatureRows.read(data, out)
                    : v.imageInputs() ? v.mnistTestStrings(10_000, 4242) : NumberWords.generate(1000, 4242);
            if (data == null && v.imageInputs()) {
                out.println("data: digit strings built from the MNIST test images (never seen in training)");
            }
            List<String> pred = v.predict(examples.stream().map(FeatureRows.Row::features).toList());
            List<int[]> hyp = new ArrayList<>();
            List<int[]> ref = new ArrayList<>();
            for (int i = 0; i < pred.size(); i++) {
                hyp.add(Metrics.codePoints(pred.get(i)));
                ref.add(Metrics.codePoints(examples.get(i).target()));
            }
            out.printf(Locale.ROOT, "examples: %d%n", pred.size());
            out.printf(Locale.ROOT, "exact match: %.2f%%%n", 100 * Metrics.exactMatch(hyp, ref));
            out.printf(Locale.ROOT, "character error rate: %.2f%%%n", 100 * Metrics.errorRate(hyp, ref));
        }
    }

    @Override
    public void predict(Path dir, PredictOptions o, List<String> inputs, PrintStream out) throws IOException {
        o.refuse("a vector → sequence model decodes greedily (no beam search or sampling yet)", "--beam", "--nbest",
                "--sample", "--temperature", "--top-k", "--seed");
        try (var v = Vec2SeqRun.load(dir)) {
            if (v.imageInputs()) {
                throw new UsageException(dir + " reads images of digit strings, whose inputs are pixels, not text:"
                        + " measure it with 'rnn4j eval --model " + dir + "' or use"
                        + " org.rnn4j.models.vec2seq.Vec2SeqRun.predict from Java");
            }
            List<float[]> feats = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                try {
                    feats.add(FeatureRows.parse(inputs.get(i)));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("input " + (i + 1) + ": " + e.getMessage());
                }
            }
            List<String> res = v.predict(feats);
            for (int i = 0; i < inputs.size(); i++) {
                out.println(o.json() ? "{\"input\":" + JsonLines.quote(inputs.get(i)) + ",\"output\":"
                        + JsonLines.quote(res.get(i)) + "}" : res.get(i));
            }
        }
    }
}
