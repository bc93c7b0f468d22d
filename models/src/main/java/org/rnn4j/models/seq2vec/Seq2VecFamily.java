package org.rnn4j.models.seq2vec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.data.DataPaths;
import org.rnn4j.models.data.LabelledFiles;
import org.rnn4j.models.family.JsonLines;
import org.rnn4j.models.family.ModelFamily;
import org.rnn4j.models.family.RunTraining;
import org.rnn4j.models.family.PredictOptions;
import org.rnn4j.models.family.UsageException;
import org.rnn4j.models.metrics.F1Report;
import org.rnn4j.models.metrics.Metrics;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.text.Vocab;
import tools.jackson.databind.JsonNode;

/**
 * The sequence→vector family as a text classifier ({@link TextClassifier}): labelled texts
 * (TSV {@code label<TAB>text} or JSON lines), the built-in {@code parity}, or MNIST images read
 * row by row ({@code mnist-rows}). Batches are bucketed by length; validation measures accuracy
 * and macro F1.
 */
public final class Seq2VecFamily implements ModelFamily {

    @Override
    public String name() {
        return "seq2vec";
    }

    @Override
    public String description() {
        return "a classifier on TSV label<TAB>text or JSON lines {\"text\", \"label\"},\n"
                + "             the built-in \"parity\" or \"mnist-rows\", or sequences of feature vectors\n"
                + "             (format \"steps\"), classified or regressed";
    }

    @Override
    public Prepared prepare(JsonNode json, Path configFile, PrintStream log) throws IOException {
        return prepare(Seq2VecConfig.parse(json), configFile, log);
    }

    /** Reads the data a config names and builds the vocabulary, the labels and the classifier. */
    public static Training prepare(Seq2VecConfig cfg, Path configFile, PrintStream log) throws IOException {
        List<LabelledFiles.Example> train;
        List<LabelledFiles.Example> val;
        long seed = cfg.training().seed();
        org.rnn4j.models.config.ConfigJson.requireData(cfg.data().dataset(), "a TSV or JSON-lines file");
        if (TextClassifier.isRows(cfg)) {
            return mnistRows(cfg, log);
        }
        if (cfg.data().format() == Seq2VecConfig.Format.STEPS) {
            return steps(cfg, configFile, log);
        } else if (cfg.data().dataset() != null) {
            List<LabelledFiles.Example> all = LabelledFiles.parity(cfg.data().generatedExamples(), seed);
            int nVal = (int) Math.round(all.size() * cfg.data().validationSplit());
            val = all.subList(0, nVal);
            train = all.subList(nVal, all.size());
        } else {
            Boolean jl = switch (cfg.data().format()) {
                case AUTO -> null;
                case TSV -> false;
                case JSONL -> true;
                case STEPS -> throw new IllegalStateException("steps files are read by steps()");
            };
            LabelledFiles.Read tr = LabelledFiles.read(DataPaths.resolve(configFile, cfg.data().train()), jl);
            tr.problems().stream().limit(5).forEach(p -> log.println("skipped: " + p));
            if (cfg.data().validation() != null) {
                LabelledFiles.Read vr = LabelledFiles.read(DataPaths.resolve(configFile, cfg.data().validation()), jl);
                vr.problems().stream().limit(5).forEach(p -> log.println("skipped: " + p));
                train = tr.examples();
                val = vr.examples();
            } else {
                List<LabelledFiles.Example> all = new ArrayList<>(tr.examples());
                Collections.shuffle(all, new java.util.Random(seed));
                int nVal = org.rnn4j.models.data.Splits.validationCount(all.size(), cfg.data().validationSplit(),
                        "examples");
                val = all.subList(0, nVal);
                train = all.subList(nVal, all.size());
            }
        }
        Tokenizer tok = cfg.data().tokenizer();
        List<List<String>> toks = train.stream().map(e -> tok.split(e.text())).toList();
        Vocab vocab = Vocab.build(toks, cfg.data().maxVocab(), cfg.data().minCount());
        List<String> labels = new ArrayList<>(new TreeSet<>(train.stream().map(LabelledFiles.Example::label).toList()));
        if (labels.size() < 2) {
            throw new IOException("the training data has " + labels.size() + " label(s); a classifier needs at least 2");
        }
        log.printf(Locale.ROOT, "data: %d training and %d validation texts, %d labels, vocabulary %d%n", train.size(),
                val.size(), labels.size(), vocab.size());
        TextClassifier c = new TextClassifier(cfg, vocab, labels);
        try {
            return Training.ofTexts(c, train, val, cfg.training().batchSize(), seed, true);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Row-by-row MNIST: each training image a sequence of 28 rows of 28 pixels; the last
     * validationSplit of the 60,000 training images validates.
     */
    private static Training mnistRows(Seq2VecConfig cfg, PrintStream log) throws IOException {
        var digits = org.rnn4j.models.data.sets.Mnist.fromCache("train");
        float[][][] rows = TextClassifier.mnistRows(digits);
        int[] y = digits.labels();
        int nVal = (int) Math.round(y.length * cfg.data().validationSplit());
        int nTrain = y.length - nVal;
        List<String> labels = new ArrayList<>(new TreeSet<>(java.util.Arrays.stream(y, 0, nTrain)
                .mapToObj(String::valueOf).toList()));
        if (labels.size() < 2) {
            throw new IOException("the training images have " + labels.size() + " label(s); a classifier needs at least 2");
        }
        log.printf(Locale.ROOT, "data: %d training and %d validation images (row by row), %d labels%n", nTrain, nVal,
                labels.size());
        Map<String, Integer> labelId = labelIds(labels);
        TextClassifier c = new TextClassifier(cfg, Vocab.build(List.of(), 0, 1), labels);
        try {
            float[][][] fx = java.util.Arrays.copyOfRange(rows, 0, nTrain);
            float[][][] vfx = java.util.Arrays.copyOfRange(rows, nTrain, y.length);
            int[][] x = new int[nTrain][TextClassifier.ROW];   // lengths only: every image has 28 rows
            int[] ty = new int[nTrain];
            for (int i = 0; i < nTrain; i++) {
                ty[i] = labelId.get(String.valueOf(y[i]));
            }
            int[] vy = new int[nVal];
            for (int i = 0; i < nVal; i++) {
                vy[i] = labelId.getOrDefault(String.valueOf(y[nTrain + i]), -1);
            }
            return new Training(c, x, fx, ty, null, vfx, vy, cfg.training().batchSize(), cfg.training().seed(), true);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Sequences of feature vectors from a steps file ({@code target<TAB>v v v;v v v;...}): a class
     * per sequence, or regression targets; validation from the validation file or a seeded split.
     */
    private static Training steps(Seq2VecConfig cfg, Path configFile, PrintStream log) throws IOException {
        boolean regression = cfg.model().task() == Seq2VecConfig.Task.REGRESSION;
        var tr = org.rnn4j.models.data.StepFiles.read(DataPaths.resolve(configFile, cfg.data().train()), regression);
        tr.problems().stream().limit(5).forEach(p -> log.println("skipped: " + p));
        List<org.rnn4j.models.data.StepFiles.Example> train;
        List<org.rnn4j.models.data.StepFiles.Example> val;
        if (cfg.data().validation() != null) {
            var vr = org.rnn4j.models.data.StepFiles.read(DataPaths.resolve(configFile, cfg.data().validation()),
                    regression);
            vr.problems().stream().limit(5).forEach(p -> log.println("skipped: " + p));
            if (vr.width() != tr.width()) {
                throw new IOException("the validation steps have " + vr.width() + " values, the training steps "
                        + tr.width());
            }
            train = tr.examples();
            val = vr.examples();
        } else {
            List<org.rnn4j.models.data.StepFiles.Example> all = new ArrayList<>(tr.examples());
            Collections.shuffle(all, new java.util.Random(cfg.training().seed()));
            int nVal = org.rnn4j.models.data.Splits.validationCount(all.size(), cfg.data().validationSplit(),
                    "sequences");
            val = all.subList(0, nVal);
            train = all.subList(nVal, all.size());
        }
        if (train.isEmpty()) {
            throw new IOException("no training sequences left after holding out " + val.size() + " for validation");
        }
        if (regression) {
            int outputs = train.getFirst().values().length;
            for (var e : val) {
                if (e.values().length != outputs) {
                    throw new IOException("a validation sequence has " + e.values().length + " target value(s), the"
                            + " training sequences " + outputs);
                }
            }
        }
        float[][][] fx = train.stream().map(org.rnn4j.models.data.StepFiles.Example::steps).toArray(float[][][]::new);
        float[][][] vfx = val.stream().map(org.rnn4j.models.data.StepFiles.Example::steps).toArray(float[][][]::new);
        int[][] x = train.stream().map(e -> new int[e.steps().length]).toArray(int[][]::new);   // lengths
        TextClassifier c;
        Training t;
        if (regression) {
            int outputs = train.getFirst().values().length;
            log.printf(Locale.ROOT, "data: %d training and %d validation sequences of %d-value steps, %d target(s)%n",
                    train.size(), val.size(), tr.width(), outputs);
            c = new TextClassifier(cfg, Vocab.build(List.of(), 0, 1), List.of(), tr.width(), outputs);
            float[][] ty = train.stream().map(org.rnn4j.models.data.StepFiles.Example::values).toArray(float[][]::new);
            float[][] vty = val.stream().map(org.rnn4j.models.data.StepFiles.Example::values).toArray(float[][]::new);
            t = new Training(c, x, fx, null, null, vfx, null, cfg.training().batchSize(), cfg.training().seed(), true)
                    .withTargets(ty, vty);
        } else {
            List<String> labels = new ArrayList<>(new TreeSet<>(train.stream()
                    .map(org.rnn4j.models.data.StepFiles.Example::target).toList()));
            if (labels.size() < 2) {
                throw new IOException("the training data has " + labels.size() + " label(s); a classifier needs at least 2");
            }
            log.printf(Locale.ROOT, "data: %d training and %d validation sequences of %d-value steps, %d labels%n",
                    train.size(), val.size(), tr.width(), labels.size());
            Map<String, Integer> labelId = labelIds(labels);
            c = new TextClassifier(cfg, Vocab.build(List.of(), 0, 1), labels, tr.width(), labels.size());
            int[] y = train.stream().mapToInt(e -> labelId.get(e.target())).toArray();
            int[] vy = val.stream().mapToInt(e -> labelId.getOrDefault(e.target(), -1)).toArray();
            t = new Training(c, x, fx, y, null, vfx, vy, cfg.training().batchSize(), cfg.training().seed(), true);
        }
        return t;
    }

    private static Map<String, Integer> labelIds(List<String> labels) {
        Map<String, Integer> labelId = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            labelId.put(labels.get(i), i);
        }
        return labelId;
    }

    /** A classifier and its examples as the trainer sees them; a batch is a list of example indices. */
    public static final class Training extends RunTraining<TextClassifier, Seq2Vec> {
        private final TextClassifier c;
        private final int[][] x;
        private final float[][][] fx;
        private final int[] y;
        private final int[][] vx;
        private final float[][][] vfx;
        private final int[] vy;
        private final boolean owns;
        private float[][] ty;
        private float[][] vty;

        /** Regression: the targets of the training and validation sequences. */
        Training withTargets(float[][] train, float[][] validation) {
            this.ty = train;
            this.vty = validation;
            return this;
        }

        Training(TextClassifier c, int[][] x, float[][][] fx, int[] y, int[][] vx, float[][][] vfx, int[] vy,
                 int batchSize, long seed, boolean owns) {
            super(c, Arrays.stream(x).mapToInt(a -> a.length).toArray(), batchSize, seed);
            this.c = c;
            this.x = x;
            this.fx = fx;
            this.y = y;
            this.vx = vx;
            this.vfx = vfx;
            this.vy = vy;
            this.owns = owns;
        }

        /** Texts; a training label the classifier does not know is an error, an unknown validation label counts as wrong. */
        static Training ofTexts(TextClassifier c, List<LabelledFiles.Example> train, List<LabelledFiles.Example> val,
                                int batchSize, long seed, boolean owns) {
            Map<String, Integer> labelId = labelIds(c.labels());
            int[][] x = train.stream().map(e -> c.encode(e.text())).toArray(int[][]::new);
            int[] y = new int[train.size()];
            for (int i = 0; i < y.length; i++) {
                Integer id = labelId.get(train.get(i).label());
                if (id == null) {
                    throw new IllegalArgumentException("training text " + (i + 1) + " has label '" + train.get(i).label()
                            + "', which the classifier does not know (it knows " + c.labels() + ")");
                }
                y[i] = id;
            }
            int[][] vx = val.stream().map(e -> c.encode(e.text())).toArray(int[][]::new);
            int[] vy = val.stream().mapToInt(e -> labelId.getOrDefault(e.label(), -1)).toArray();
            return new Training(c, x, null, y, vx, null, vy, batchSize, seed, owns);
        }

        @Override
        protected Var loss(Seq2Vec model, Tape tape, int[] b) {
            int[][] bx = new int[b.length][];
            float[][][] bf = new float[b.length][][];
            int[] by = new int[b.length];
            float[][] bt = ty != null ? new float[b.length][] : null;
            for (int i = 0; i < b.length; i++) {
                bx[i] = x[b[i]];
                if (ty != null) {
                    bt[i] = ty[b[i]];
                } else {
                    by[i] = y[b[i]];
                }
                if (fx != null) {
                    bf[i] = fx[b[i]];
                }
            }
            Batch batch = ty != null ? Batch.ofFeatures(bf).withTargets(bt)
                    : fx != null ? Batch.ofFeatures(bf).withLabels(by) : Batch.ofTokens(bx).withLabels(by);
            return model.loss(tape, batch, true);
        }

        @Override
        public Map<String, Double> validate() {
            Map<String, Double> m = new LinkedHashMap<>();
            if (ty != null) {
                if (vty.length > 0) {
                    m.put("mse", c.model().meanSquaredError(Batch.ofFeatures(vfx).withTargets(vty)));
                }
                return m;
            }
            if (vy.length == 0) {
                return m;
            }
            int[] pred = c.model().predictClasses(fx != null ? Batch.ofFeatures(vfx) : Batch.ofTokens(vx));
            int[] gold = vy.clone();
            for (int i = 0; i < gold.length; i++) {
                if (gold[i] < 0) {
                    gold[i] = (pred[i] + 1) % c.labels().size();   // an unseen label counts as wrong
                }
            }
            m.put("accuracy", Metrics.accuracy(pred, gold));
            F1Report f1 = Metrics.f1(pred, gold, c.labels().size());
            m.put("macro_f1", f1.macroF1());
            return m;
        }

        @Override
        public void close() {
            if (owns) {
                super.close();
            }
        }
    }

    @Override
    public void evaluate(Path dir, Path data, PrintStream out) throws IOException {
        try (var c = TextClassifier.load(dir)) {
            if (data == null && TextClassifier.isRows(c.config())) {
                out.printf(Locale.ROOT, "MNIST test accuracy (10,000 images, row by row): %.2f%%%n",
                        100 * c.mnistTestAccuracy());
                return;
            }
            if (data == null) {
                throw new UsageException("--data FILE (TSV label<TAB>text or JSON lines) is required for a classifier");
            }
            if (c.config().data().format() == Seq2VecConfig.Format.STEPS) {
                evaluateSteps(c, data, out);
                return;
            }
            var r = LabelledFiles.read(data, null);
            if (!r.problems().isEmpty()) {
                out.println("skipped " + r.problems().size() + " bad line(s), first: " + r.problems().getFirst());
            }
            var preds = c.predict(r.examples().stream().map(LabelledFiles.Example::text).toList());
            List<String> labels = c.labels();
            int[] p = new int[preds.size()];
            int[] g = new int[preds.size()];
            int unknown = 0;
            for (int i = 0; i < p.length; i++) {
                p[i] = labels.indexOf(preds.get(i).label());
                g[i] = labels.indexOf(r.examples().get(i).label());
                if (g[i] < 0) {
                    unknown++;
                    g[i] = (p[i] + 1) % labels.size();   // a label the model never saw counts as wrong
                }
            }
            out.printf(Locale.ROOT, "examples: %d%s%n", p.length, unknown > 0 ? " (" + unknown + " with unseen labels)" : "");
            out.printf(Locale.ROOT, "accuracy: %.2f%%%n", 100 * Metrics.accuracy(p, g));
            out.printf(Locale.ROOT, "macro F1: %.4f%n", Metrics.f1(p, g, labels.size()).macroF1());
        }
    }

    private static void evaluateSteps(TextClassifier c, Path data, PrintStream out) throws IOException {
        boolean regression = c.config().model().task() == Seq2VecConfig.Task.REGRESSION;
        var r = org.rnn4j.models.data.StepFiles.read(data, regression);
        if (!r.problems().isEmpty()) {
            out.println("skipped " + r.problems().size() + " bad line(s), first: " + r.problems().getFirst());
        }
        List<float[]> scores = c.predictSteps(r.examples().stream().map(org.rnn4j.models.data.StepFiles.Example::steps)
                .toList());
        out.printf(Locale.ROOT, "examples: %d%n", scores.size());
        if (regression) {
            double sum = 0;
            long n = 0;
            for (int i = 0; i < scores.size(); i++) {
                float[] want = r.examples().get(i).values();
                if (want.length != c.outputs()) {
                    throw new IOException(data + ": sequence " + (i + 1) + " has " + want.length + " target value(s),"
                            + " the model predicts " + c.outputs());
                }
                for (int k = 0; k < want.length; k++) {
                    double d = scores.get(i)[k] - want[k];
                    sum += d * d;
                    n++;
                }
            }
            out.printf(Locale.ROOT, "mean squared error: %.6f%n", sum / n);
            return;
        }
        List<String> labels = c.labels();
        int[] p = new int[scores.size()];
        int[] g = new int[scores.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = argmax(scores.get(i));
            g[i] = labels.indexOf(r.examples().get(i).target());
            if (g[i] < 0) {
                g[i] = (p[i] + 1) % labels.size();   // a label the model never saw counts as wrong
            }
        }
        out.printf(Locale.ROOT, "accuracy: %.2f%%%n", 100 * Metrics.accuracy(p, g));
        out.printf(Locale.ROOT, "macro F1: %.4f%n", Metrics.f1(p, g, labels.size()).macroF1());
    }

    private static int argmax(float[] s) {
        int best = 0;
        for (int k = 1; k < s.length; k++) {
            if (s[k] > s[best]) {
                best = k;
            }
        }
        return best;
    }

    @Override
    public void predict(Path dir, PredictOptions o, List<String> inputs, PrintStream out) throws IOException {
        o.refuse("a sequence → vector model predicts a class (or values) per input; it decodes no sequence", "--beam",
                "--nbest", "--sample", "--temperature", "--top-k", "--seed");
        try (var c = TextClassifier.load(dir)) {
            if (c.config().data().format() == Seq2VecConfig.Format.STEPS) {
                List<float[][]> in = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) {
                    try {
                        in.add(org.rnn4j.models.data.StepFiles.parseSteps(inputs.get(i)));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("input " + (i + 1) + ", " + e.getMessage());
                    }
                }
                List<float[]> scores;
                try {
                    scores = c.predictSteps(in);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                boolean regression = c.config().model().task() == Seq2VecConfig.Task.REGRESSION;
                for (int i = 0; i < inputs.size(); i++) {
                    float[] sc = scores.get(i);
                    String result;
                    if (regression) {
                        StringBuilder sb = new StringBuilder();
                        for (float v : sc) {
                            sb.append(sb.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.6g", v));
                        }
                        result = o.json() ? "{\"input\":" + JsonLines.quote(inputs.get(i)) + ",\"output\":["
                                + sb.toString().replace(' ', ',') + "]}" : sb.toString();
                    } else {
                        int k = argmax(sc);
                        result = o.json() ? "{\"input\":" + JsonLines.quote(inputs.get(i)) + ",\"label\":"
                                + JsonLines.quote(c.labels().get(k)) + ",\"probability\":"
                                + String.format(Locale.ROOT, "%.6f", sc[k]) + "}"
                                : String.format(Locale.ROOT, "%s\t%.4f", c.labels().get(k), sc[k]);
                    }
                    out.println(result);
                }
                return;
            }
            var preds = c.predict(inputs);
            for (int i = 0; i < inputs.size(); i++) {
                if (o.json()) {
                    out.println("{\"input\":" + JsonLines.quote(inputs.get(i)) + ",\"label\":"
                            + JsonLines.quote(preds.get(i).label()) + ",\"probability\":"
                            + String.format(Locale.ROOT, "%.6f", preds.get(i).probability()) + "}");
                } else {
                    out.printf(Locale.ROOT, "%s\t%.4f%n", preds.get(i).label(), preds.get(i).probability());
                }
            }
        }
    }
}
