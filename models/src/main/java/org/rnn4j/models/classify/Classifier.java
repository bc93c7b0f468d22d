package org.rnn4j.models.classify;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.kernel.Parallel;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.config.ClassifierConfig;
import org.rnn4j.models.data.LabelledFiles;
import org.rnn4j.models.metrics.F1Report;
import org.rnn4j.models.metrics.Metrics;
import org.rnn4j.models.metrics.MetricsLog;
import org.rnn4j.models.seq2vec.Batch;
import org.rnn4j.models.seq2vec.Seq2Vec;
import org.rnn4j.models.seq2vec.Seq2VecSpec;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.text.Vocab;
import org.rnn4j.models.train.EarlyStopping;
import org.rnn4j.models.train.Progress;
import org.rnn4j.models.train.RunFiles;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A text classifier (the sequence→vector family from a {@link ClassifierConfig}): training
 * with validation accuracy and macro F1 every epoch, early stopping on accuracy, best and last
 * checkpoints, resume, and a model folder ({@code config.json}, {@code vocab.json},
 * {@code labels.json}, {@code model.safetensors}, {@code metrics.json}) that loads back for
 * prediction.
 */
public final class Classifier implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ClassifierConfig config;
    private final Vocab vocab;
    private final List<String> labels;
    private final Tokenizer tokenizer;
    private final NativeAllocator mem = new NativeAllocator("classifier");
    private final Seq2Vec model;

    public Classifier(ClassifierConfig config, Vocab vocab, List<String> labels) {
        this.config = config;
        this.vocab = vocab;
        this.labels = List.copyOf(labels);
        this.tokenizer = Tokenizer.valueOf(config.data().tokenizer().name());
        this.model = new Seq2Vec(specOf(config, vocab.size(), labels.size()), mem, config.training().seed());
    }

    /** The model spec a classifier config describes, for a vocabulary and a label set of these sizes. */
    public static Seq2VecSpec specOf(ClassifierConfig config, int vocabSize, int labelCount) {
        ClassifierConfig.Model m = config.model();
        Seq2VecSpec base = isRows(config) ? Seq2VecSpec.features(ROW, m.hidden(), labelCount)
                : Seq2VecSpec.tokens(vocabSize, m.embedding(), m.hidden(), labelCount).withPaddingIdx(Vocab.PAD_ID);
        return base.withCell(m.cell()).withLayers(m.layers()).withBidirectional(m.bidirectional())
                .withRnnDropout(m.layers() > 1 ? m.rnnDropout() : 0f).withPooling(m.pooling()).withDropout(m.dropout());
    }

    /** Row-by-row MNIST: each 28x28 image is a sequence of 28 rows of 28 pixels (scaled to [0, 1]). */
    static final int ROW = 28;

    static boolean isRows(ClassifierConfig cfg) {
        return "mnist-rows".equals(cfg.data().dataset());
    }

    /** MNIST images as row sequences and their labels, from the data cache ({@code rnn4j data get mnist}). */
    public static Object[] mnistRows(String set) throws IOException {
        var digits = org.rnn4j.models.datasets.Mnist.fromCache(set);
        var images = digits.images();
        int[] labels = digits.labels();
        float[][][] seqs = new float[images.count()][ROW][ROW];
        for (int i = 0; i < images.count(); i++) {
            for (int r = 0; r < ROW; r++) {
                for (int c = 0; c < ROW; c++) {
                    seqs[i][r][c] = images.pixel(i, r, c) / 255f;
                }
            }
        }
        return new Object[] {seqs, labels};
    }

    /** Accuracy on the MNIST test set (10,000 images) of a row-MNIST classifier. */
    public double mnistTestAccuracy() throws IOException {
        Object[] t = mnistRows("t10k");
        float[][][] x = (float[][][]) t[0];
        int[] y = (int[]) t[1];
        int[] pred = model.predictClasses(Batch.ofFeatures(x));
        int[] gold = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            gold[i] = labels.indexOf(String.valueOf(y[i]));
        }
        return Metrics.accuracy(pred, gold);
    }

    /** What a run achieved. */
    public record Summary(int epochs, long steps, double bestAccuracy, double lastMacroF1) {
        // bestAccuracy: the best value of training.earlyStopping.metric (accuracy or macro_f1)
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
        float[][] scores = model.predictScores(Batch.ofTokens(ids));
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

    /** Trains from the config's data into {@code out}. */
    public static Summary train(ClassifierConfig cfg, Path configFile, Path out, Integer epochsOverride,
                                Integer maxSteps, Integer threads, boolean resume, PrintStream log, Progress progress)
            throws IOException {
        if (threads != null) {
            Parallel.setThreads(threads);
        } else if (cfg.training().threads() > 0) {
            Parallel.setThreads(cfg.training().threads());
        }
        List<LabelledFiles.Example> train;
        List<LabelledFiles.Example> val;
        long seed = cfg.training().seed();
        float[][][] rows = null;
        if (isRows(cfg)) {
            Object[] t = mnistRows("train");
            rows = (float[][][]) t[0];
            int[] y = (int[]) t[1];
            List<LabelledFiles.Example> all = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                all.add(new LabelledFiles.Example(String.valueOf(y[i]), "#" + i));   // text = the image's index
            }
            int nVal = (int) Math.round(all.size() * cfg.data().validationSplit());
            train = all.subList(0, all.size() - nVal);
            val = all.subList(all.size() - nVal, all.size());
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
            };
            LabelledFiles.Read tr = LabelledFiles.read(org.rnn4j.models.data.DataPaths.resolve(configFile, cfg.data().train()), jl);
            tr.problems().stream().limit(5).forEach(p -> log.println("skipped: " + p));
            if (cfg.data().validation() != null) {
                LabelledFiles.Read vr = LabelledFiles.read(org.rnn4j.models.data.DataPaths.resolve(configFile,
                        cfg.data().validation()), jl);
                vr.problems().stream().limit(5).forEach(p -> log.println("skipped: " + p));
                train = tr.examples();
                val = vr.examples();
            } else {
                List<LabelledFiles.Example> all = new ArrayList<>(tr.examples());
                Collections.shuffle(all, new java.util.Random(seed));
                int nVal = (int) Math.round(all.size() * cfg.data().validationSplit());
                val = all.subList(0, nVal);
                train = all.subList(nVal, all.size());
            }
        }
        Tokenizer tok = Tokenizer.valueOf(cfg.data().tokenizer().name());
        List<List<String>> toks = train.stream().map(e -> tok.split(e.text())).toList();
        Vocab vocab = rows != null ? Vocab.build(List.of(), 0, 1)
                : Vocab.build(toks, cfg.data().maxVocab(), cfg.data().minCount());
        List<String> labels = new ArrayList<>(new TreeSet<>(train.stream().map(LabelledFiles.Example::label).toList()));
        if (labels.size() < 2) {
            throw new IOException("the training data has " + labels.size() + " label(s); a classifier needs at least 2");
        }
        Map<String, Integer> labelId = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            labelId.put(labels.get(i), i);
        }
        log.printf(Locale.ROOT, "data: %d training and %d validation texts, %d labels, vocabulary %d%n", train.size(),
                val.size(), labels.size(), vocab.size());
        Path ck = RunFiles.startRun(out, resume);
        int epochs = epochsOverride != null ? epochsOverride : cfg.training().epochs();
        try (Classifier c = new Classifier(cfg, vocab, labels);
             Workspace ws = new Workspace("classifier step", 8 << 20);
             org.rnn4j.core.optim.Optimizer adam = org.rnn4j.models.train.Optimizers.of(cfg.training(),
                     c.model.parameters());
             MetricsLog mlog = new MetricsLog(out.resolve("metrics.jsonl"))) {
            boolean isRows = rows != null;
            float[][][] rowData = rows;
            int[][] x = isRows ? train.stream().map(e -> new int[ROW]).toArray(int[][]::new)
                    : train.stream().map(e -> c.encode(e.text())).toArray(int[][]::new);
            float[][][] fx = isRows ? train.stream().map(e -> rowData[Integer.parseInt(e.text().substring(1))])
                    .toArray(float[][][]::new) : null;
            int[] y = train.stream().mapToInt(e -> labelId.get(e.label())).toArray();
            int[][] vx = isRows ? null : val.stream().map(e -> c.encode(e.text())).toArray(int[][]::new);
            float[][][] vfx = isRows ? val.stream().map(e -> rowData[Integer.parseInt(e.text().substring(1))])
                    .toArray(float[][][]::new) : null;
            int[] vy = val.stream().mapToInt(e -> labelId.getOrDefault(e.label(), -1)).toArray();
            int bs = cfg.training().batchSize();
            Integer[] order = new Integer[x.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Integer.compare(x[a].length, x[b].length));
            List<int[]> batches = new ArrayList<>();
            for (int i = 0; i < order.length; i += bs) {
                int[] b = new int[Math.min(bs, order.length - i)];
                for (int j = 0; j < b.length; j++) {
                    b[j] = order[i + j];
                }
                batches.add(b);
            }
            EarlyStopping es = new EarlyStopping(ck, c.model.namedParameters(), adam, cfg.training().patience());
            int startEpoch = resume ? es.resume(log) : 0;
            long step = es.step();
            progress.resumeFrom(step * bs);
            var trainStep = new org.rnn4j.models.train.TrainStep(cfg.training(), adam, ws, ck,
                    (x.length + bs - 1) / bs, epochs, maxSteps);
            double lastF1 = Double.NaN;
            int epoch = startEpoch;
            boolean stop = false;
            for (; epoch < epochs && !stop; epoch++) {
                List<int[]> shuffled = new ArrayList<>(batches);
                Collections.shuffle(shuffled, new java.util.Random(seed * 31 + epoch));
                double sum = 0;
                int count = 0;
                for (int[] b : shuffled) {
                    if (trainStep.limitReached(step, progress)) {
                        stop = true;
                        break;
                    }
                    int[][] bx = new int[b.length][];
                    float[][][] bf = new float[b.length][][];
                    int[] by = new int[b.length];
                    for (int i = 0; i < b.length; i++) {
                        bx[i] = x[b[i]];
                        by[i] = y[b[i]];
                        if (isRows) {
                            bf[i] = fx[b[i]];
                        }
                    }
                    Tape tape = new Tape(ws);
                    Batch batch = isRows ? Batch.ofFeatures(bf).withLabels(by) : Batch.ofTokens(bx).withLabels(by);
                    Var loss = c.model.loss(tape, batch, true);
                    float lv = trainStep.apply(tape, loss, epoch, step);
                    step++;
                    sum += lv;
                    count++;
                    progress.update(step * bs, (long) epochs * x.length, String.format(Locale.ROOT,
                            "epoch %d/%d step %d loss %.4f", epoch + 1, epochs, step, lv), false);
                }
                double acc = Double.NaN;
                if (!val.isEmpty()) {
                    int[] pred = c.model.predictClasses(isRows ? Batch.ofFeatures(vfx) : Batch.ofTokens(vx));
                    int[] gold = vy.clone();
                    for (int i = 0; i < gold.length; i++) {
                        if (gold[i] < 0) {
                            gold[i] = (pred[i] + 1) % labels.size();   // an unseen label counts as wrong
                        }
                    }
                    acc = Metrics.accuracy(pred, gold);
                    F1Report f1 = Metrics.f1(pred, gold, labels.size());
                    lastF1 = f1.macroF1();
                }
                Map<String, Object> rec = new LinkedHashMap<>();
                rec.put("epoch", epoch + 1);
                rec.put("step", step);
                rec.put("train_loss", count == 0 ? Double.NaN : sum / count);
                rec.put("lr", (double) adam.learningRate());
                rec.put("val_accuracy", acc);
                rec.put("val_macro_f1", lastF1);
                mlog.append(rec);
                progress.update(step * bs, (long) epochs * x.length, String.format(Locale.ROOT,
                        "epoch %d/%d validation accuracy %.2f%% macro-F1 %.3f", epoch + 1, epochs, 100 * acc, lastF1), true);
                String metric = cfg.training().earlyStoppingMetric();
                stop |= es.endEpoch(epoch + 1, step, metric.equals("macro_f1") ? lastF1 : acc, log, metric);
            }
            progress.finish();
            es.restoreBest();
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("epochs", epoch);
            metrics.put("steps", step);
            metrics.put("bestValidation_" + cfg.training().earlyStoppingMetric(), es.best());
            metrics.put("lastValidationMacroF1", lastF1);
            c.save(out, metrics);
            org.rnn4j.models.train.CurveWriter.write(out.resolve("metrics.jsonl"), out.resolve("curve.svg"), "val_accuracy",
                    "validation accuracy");
            return new Summary(epoch, step, es.best(), lastF1);
        }
    }

    /** Writes the model folder (each file atomically). */
    public void save(Path dir, Map<String, Object> metrics) throws IOException {
        Files.createDirectories(dir);
        RunFiles.writeAtomically(dir.resolve("config.json"), config.toJsonString());
        RunFiles.writeVocab(dir.resolve("vocab.json"), vocab, tokenizer, Map.of());
        ObjectNode l = JSON.createObjectNode();
        ArrayNode la = l.putArray("labels");
        labels.forEach(la::add);
        RunFiles.writeAtomically(dir.resolve("labels.json"), RunFiles.pretty(l));
        RunFiles.writeWeights(dir.resolve("model.safetensors"), model.namedParameters(), "seq2vec");
        RunFiles.writeMetrics(dir, metrics);
    }

    /** Loads a classifier folder; errors name the file and what is wrong. */
    public static Classifier load(Path dir) throws IOException {
        ClassifierConfig cfg = RunFiles.readConfig(dir, ClassifierConfig::parse);
        List<String> labels = new ArrayList<>();
        RunFiles.readJson(dir.resolve("labels.json")).path("labels").forEach(t -> labels.add(t.asString()));
        Classifier c;
        try {
            c = new Classifier(cfg, RunFiles.readVocab(dir.resolve("vocab.json")), labels);
        } catch (IllegalArgumentException e) {
            throw new IOException(dir + ": " + e.getMessage(), e);
        }
        RunFiles.loadWeights(dir, c.model.namedParameters(), c::close);
        return c;
    }

    @Override
    public void close() {
        model.close();
        mem.close();
    }
}
