package org.rnn4j.models.seq2seq;

import org.rnn4j.core.nn.Parameter;
import org.rnn4j.models.train.FlatModel;
import org.rnn4j.models.train.Shardable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.config.ConfigException;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.data.DataPaths;
import org.rnn4j.models.data.gen.DateData;
import org.rnn4j.models.data.PairFiles;
import org.rnn4j.models.family.ModelFamily;
import org.rnn4j.models.family.PredictOptions;
import org.rnn4j.models.metrics.Metrics;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.text.Vocab;
import org.rnn4j.models.train.ExampleTrainable;
import org.rnn4j.models.family.JsonLines;
import org.rnn4j.models.family.UsageException;
import tools.jackson.databind.JsonNode;

/**
 * The sequence→sequence family: TSV pairs {@code source<TAB>target} (or the built-in
 * {@code dates}) → encoder–decoder with attention. Training batches are bucketed by source
 * length (less padding) and shuffled with the seed; scheduled sampling lowers teacher forcing
 * each epoch; validation decodes greedily (exact match, token accuracy, edit-distance error rate,
 * BLEU). The model folder: {@link ModelFolder}.
 */
public final class Seq2SeqFamily implements ModelFamily {

    @Override
    public String name() {
        return "seq2seq";
    }

    @Override
    public String description() {
        return "TSV pairs source<TAB>target, or the built-in \"dates\"";
    }

    @Override
    public Prepared prepare(JsonNode json, Path configFile, PrintStream log) throws IOException {
        return prepare(Seq2SeqConfig.parse(json), configFile, log);
    }

    /** Reads the data a config names, builds the vocabularies and the model. */
    public static Training prepare(Seq2SeqConfig cfg, Path configFile, PrintStream log) throws IOException {
        TrainingConfig tc = cfg.training();
        List<DateData.Pair> train;
        List<DateData.Pair> val;
        SplittableRandom split = new SplittableRandom(tc.seed());
        org.rnn4j.models.config.ConfigJson.requireData(cfg.data().dataset(), "a TSV file of source<TAB>target");
        if (cfg.data().dataset() != null) {
            List<DateData.Pair> all = DateData.generate(cfg.data().generatedExamples(), tc.seed());
            int nVal = Math.max(1, (int) Math.round(all.size() * cfg.data().validationSplit()));
            val = all.subList(0, nVal);
            train = all.subList(nVal, all.size());
        } else {
            PairFiles.Read tr = PairFiles.read(DataPaths.resolve(configFile, cfg.data().train()));
            report(log, tr);
            if (cfg.data().validation() != null) {
                PairFiles.Read vr = PairFiles.read(DataPaths.resolve(configFile, cfg.data().validation()));
                report(log, vr);
                train = tr.pairs();
                val = vr.pairs();
            } else {
                List<DateData.Pair> all = new ArrayList<>(tr.pairs());
                Collections.shuffle(all, new java.util.Random(split.nextLong()));
                int nVal = org.rnn4j.models.data.Splits.validationCount(all.size(), cfg.data().validationSplit(),
                        "examples");
                val = all.subList(0, nVal);
                train = all.subList(nVal, all.size());
            }
        }
        if (train.isEmpty()) {
            throw new IOException("no training examples left after the validation split");
        }
        Training t = fromPairs(cfg, train, val);
        log.printf(Locale.ROOT, "data: %d training and %d validation pairs; vocabularies %d (source) and %d (target)%n",
                train.size(), val.size(), t.srcVocab.size(), t.tgtVocab.size());
        return t;
    }

    /**
     * A model the config describes, with vocabularies built from {@code train}, ready for the
     * {@link org.rnn4j.models.train.Trainer} (from Java: {@code Trainer.fromConfig(cfg.training()).build().fit(t)},
     * then {@code t.save(dir, metrics)} writes the folder {@code rnn4j predict} reads). The data
     * section of {@code cfg} is not read, only its tokenizer and vocabulary limits.
     */
    public static Training fromPairs(Seq2SeqConfig cfg, List<DateData.Pair> train, List<DateData.Pair> val) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training pairs");
        }
        Tokenizer tok = cfg.data().tokenizer();
        List<List<String>> srcToks = new ArrayList<>();
        List<List<String>> tgtToks = new ArrayList<>();
        for (DateData.Pair p : train) {
            srcToks.add(tok.split(p.source()));
            tgtToks.add(tok.split(p.target()));
        }
        Vocab srcVocab = Vocab.build(srcToks, cfg.data().maxVocab(), cfg.data().minCount());
        Vocab tgtVocab = Vocab.build(tgtToks, cfg.data().maxVocab(), cfg.data().minCount());
        if (cfg.decoding().strategy() == Seq2SeqConfig.Strategy.BEAM && cfg.decoding().beamWidth() > tgtVocab.size()) {
            throw new ConfigException("$.decoding.beamWidth", "beam width " + cfg.decoding().beamWidth()
                    + " exceeds the target vocabulary of " + tgtVocab.size() + " tokens");
        }
        int[][] trainSrc = encodeAll(srcToks, srcVocab);
        int[][] trainTgt = encodeAll(tgtToks, tgtVocab);
        int[][] valSrc = new int[val.size()][];
        List<int[]> valRef = new ArrayList<>();
        for (int i = 0; i < val.size(); i++) {
            valSrc[i] = nonEmpty(srcVocab.encode(tok.split(val.get(i).source())));
            valRef.add(tgtVocab.encode(tok.split(val.get(i).target())));
        }
        return new Training(cfg, srcVocab, tgtVocab, trainSrc, trainTgt, valSrc, valRef);
    }

    /** A seq2seq model and its data as the trainer sees them; a batch is a list of example indices. */
    public static final class Training extends ExampleTrainable implements Prepared, Shardable<int[]> {
        private final Seq2SeqConfig cfg;
        private final Vocab srcVocab;
        private final Vocab tgtVocab;
        private final int[][] trainSrc;
        private final int[][] trainTgt;
        private final int[][] valSrc;
        private final List<int[]> valRef;
        private final NativeAllocator mem;
        private final Workspace evalWs = new Workspace("validation", 1 << 20);
        private final Seq2Seq model;
        private float teacherForcing;
        private SplittableRandom tfRng;
        private volatile int epoch;

        Training(Seq2SeqConfig cfg, Vocab srcVocab, Vocab tgtVocab, int[][] trainSrc, int[][] trainTgt, int[][] valSrc,
                 List<int[]> valRef) {
            Seq2SeqSpec spec = ModelFolder.specOf(cfg, srcVocab.size(), tgtVocab.size());
            org.rnn4j.core.tensor.NativeMemory.requireRoomFor(spec.parameterCount(), "the seq2seq model of this config");
            NativeAllocator mem = NativeAllocator.flatFor("model parameters", a -> new Seq2Seq(spec, a, cfg.training().seed()));
            Seq2Seq model = new Seq2Seq(spec, mem, cfg.training().seed());
            super(model.namedParameters(), model.parameters(), Arrays.stream(trainSrc).mapToInt(a -> a.length).toArray(),
                    cfg.training().batchSize(), cfg.training().seed());
            this.mem = mem;
            this.model = model;
            this.cfg = cfg;
            this.srcVocab = srcVocab;
            this.tgtVocab = tgtVocab;
            this.trainSrc = trainSrc;
            this.trainTgt = trainTgt;
            this.valSrc = valSrc;
            this.valRef = valRef;
        }

        public Seq2Seq model() {
            return model;
        }


        @Override
        public TrainingConfig training() {
            return cfg.training();
        }

        @Override
        public Iterator<int[]> batches(int epoch) {
            TrainingConfig tc = cfg.training();
            teacherForcing = (float) (tc.teacherForcing() * Math.pow(1 - tc.scheduledSamplingDecay(), epoch));
            tfRng = new SplittableRandom(tc.seed() + 7919L * epoch);
            this.epoch = epoch;
            return super.batches(epoch);
        }

        @Override
        public Var loss(Tape tape, int[] batch) {
            return loss(model, tape, batch, tfRng);
        }

        /** The loss of examples {@code batch} on {@code m} (the model or a replica), sampling from {@code rng}. */
        private Var loss(Seq2Seq m, Tape tape, int[] batch, SplittableRandom rng) {
            int[][] bs = new int[batch.length][];
            int[][] bt = new int[batch.length][];
            for (int i = 0; i < batch.length; i++) {
                bs[i] = trainSrc[batch[i]];
                bt[i] = trainTgt[batch[i]];
            }
            return m.loss(tape, bs, bt, true, teacherForcing, rng);
        }

        @Override
        public Map<String, Double> validate() {
            return Seq2SeqFamily.validate(model, valSrc, valRef, cfg.decoding().maxLength(), evalWs);
        }

        /** The loss is a mean over target tokens, the end token included. */
        @Override
        public double weight(int[] shard) {
            return tokens(shard, trainTgt);
        }

        /**
         * A model of the same spec in an allocator of its own; dropout seeded with the run's seed
         * plus {@code index}, scheduled sampling from a stream of the replica's own per epoch.
         */
        @Override
        public Replica<int[]> replica(int index) {
            long seed = cfg.training().seed() + index;
            FlatModel<Seq2Seq> fm = FlatModel.build("parameters of replica " + index,
                    a -> new Seq2Seq(model.spec(), a, seed));
            Seq2Seq r = fm.model();
            return new Replica<>() {
                private int rngEpoch = -1;
                private SplittableRandom rng;

                @Override
                public List<Parameter> parameters() {
                    return r.parameters();
                }

                @Override
                public Var loss(Tape tape, int[] batch) {
                    int e = epoch;
                    if (e != rngEpoch) {
                        rng = new SplittableRandom(cfg.training().seed() + 7919L * e + 1_000_003L * index);
                        rngEpoch = e;
                    }
                    return Training.this.loss(r, tape, batch, rng);
                }

                @Override
                public void close() {
                    fm.close();
                }
            };
        }


        @Override
        public long workspaceBytes() {
            return 16L << 20;
        }

        @Override
        public void save(Path dir, Map<String, Object> metrics) throws IOException {
            ModelFolder.save(dir, cfg, model, srcVocab, tgtVocab, cfg.data().tokenizer(), metrics);
        }

        @Override
        public void close() {
            model.close();
            evalWs.close();
            mem.close();
        }
    }

    /** Validation metrics of greedy decoding: exact_match, token_accuracy, error_rate (fractions) and bleu (0-100). */
    static Map<String, Double> validate(Seq2Seq model, int[][] src, List<int[]> ref, int maxLen, Workspace ws) {
        List<int[]> hyp = new ArrayList<>();
        for (int i = 0; i < src.length; i += 256) {
            int[][] chunk = Arrays.copyOfRange(src, i, Math.min(src.length, i + 256));
            hyp.addAll(Arrays.asList(model.greedy(new Tape(ws), chunk, maxLen)));
            ws.reset();
        }
        Map<String, Double> m = new LinkedHashMap<>();
        if (src.length == 0) {
            return m;
        }
        m.put("exact_match", Metrics.exactMatch(hyp, ref));
        m.put("token_accuracy", Metrics.tokenAccuracy(hyp, ref));
        m.put("error_rate", Metrics.errorRate(hyp, ref));
        m.put("bleu", Metrics.bleu(hyp, ref));
        return m;
    }

    private static int[][] encodeAll(List<List<String>> toks, Vocab v) {
        int[][] out = new int[toks.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = nonEmpty(v.encode(toks.get(i)));
        }
        return out;
    }

    private static int[] nonEmpty(int[] ids) {
        return ids.length == 0 ? new int[] {Vocab.UNK_ID} : ids;
    }

    private static void report(PrintStream log, PairFiles.Read r) {
        if (!r.problems().isEmpty()) {
            log.println("skipped " + r.problems().size() + " bad line(s):");
            r.problems().stream().limit(5).forEach(p -> log.println("  " + p));
            if (r.problems().size() > 5) {
                log.println("  ...");
            }
        }
    }

    @Override
    public void evaluate(Path dir, Path data, PrintStream out) throws IOException {
        try (ModelFolder.Loaded model = ModelFolder.load(dir)) {
            List<DateData.Pair> pairs;
            if (data != null) {
                PairFiles.Read r = PairFiles.read(data.toString().startsWith(DataPaths.CACHE)
                        ? DataPaths.resolve(Path.of("."), data.toString()) : data);
                if (!r.problems().isEmpty()) {
                    out.println("skipped " + r.problems().size() + " bad line(s), first: " + r.problems().getFirst());
                }
                pairs = r.pairs();
            } else if ("dates".equals(model.config().data().dataset())) {
                pairs = DateData.generate(1000, 424242);
            } else {
                throw new UsageException("--data FILE is required for a model not trained on a built-in dataset");
            }
            List<String> outputs = model.predict(pairs.stream().map(DateData.Pair::source).toList());
            List<int[]> hyp = new ArrayList<>();
            List<int[]> ref = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                hyp.add(model.targetVocab().encode(model.tokenizer().split(outputs.get(i))));
                ref.add(model.targetVocab().encode(model.tokenizer().split(pairs.get(i).target())));
            }
            out.printf(Locale.ROOT, "examples: %d%n", pairs.size());
            out.printf(Locale.ROOT, "exact match: %.2f%%%n", 100 * Metrics.exactMatch(hyp, ref));
            out.printf(Locale.ROOT, "token accuracy: %.2f%%%n", 100 * Metrics.tokenAccuracy(hyp, ref));
            out.printf(Locale.ROOT, "error rate (edit distance / reference tokens, e.g. PER): %.2f%%%n",
                    100 * Metrics.errorRate(hyp, ref));
            out.printf(Locale.ROOT, "sequence error rate (any error, e.g. G2P WER): %.2f%%%n",
                    100 * Metrics.sequenceErrorRate(hyp, ref));
            out.printf(Locale.ROOT, "BLEU: %.2f%n", Metrics.bleu(hyp, ref));
        }
    }

    @Override
    public void predict(Path dir, PredictOptions o, List<String> inputs, PrintStream out) throws IOException {
        o.samplingNeedsSample();
        try (ModelFolder.Loaded model = ModelFolder.load(dir)) {
            if (o.beam() > 0 || o.sample()) {
                float temperature = o.temperature() != null ? o.temperature() : 1f;
                List<List<ModelFolder.Loaded.Scored>> res = model.decode(inputs, o.beam(), o.nBest(), temperature,
                        o.topK(), o.seed());
                for (int i = 0; i < inputs.size(); i++) {
                    List<ModelFolder.Loaded.Scored> hs = res.get(i);
                    if (o.json()) {
                        StringBuilder nb = new StringBuilder("[");
                        for (int k = 0; k < hs.size(); k++) {
                            nb.append(k > 0 ? "," : "").append("{\"output\":").append(JsonLines.quote(hs.get(k).text()))
                                    .append(",\"score\":").append(String.format(Locale.ROOT, "%.6f", hs.get(k).score()))
                                    .append('}');
                        }
                        out.println("{\"input\":" + JsonLines.quote(inputs.get(i)) + ",\"output\":"
                                + JsonLines.quote(hs.getFirst().text()) + ",\"nbest\":" + nb + "]}");
                    } else if (o.nBest() > 1) {
                        for (ModelFolder.Loaded.Scored h : hs) {
                            out.printf(Locale.ROOT, "%s\t%.4f%n", h.text(), h.score());
                        }
                        out.println();
                    } else {
                        out.println(hs.getFirst().text());
                    }
                }
                return;
            }
            List<String> outputs = model.predict(inputs);
            for (int i = 0; i < inputs.size(); i++) {
                out.println(o.json() ? "{\"input\":" + JsonLines.quote(inputs.get(i)) + ",\"output\":"
                        + JsonLines.quote(outputs.get(i)) + "}" : outputs.get(i));
            }
        }
    }
}
