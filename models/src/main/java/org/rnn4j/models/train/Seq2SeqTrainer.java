package org.rnn4j.models.train;

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
import java.util.SplittableRandom;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.kernel.Parallel;
import org.rnn4j.core.optim.Optimizer;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.config.ConfigException;
import org.rnn4j.models.config.RunConfig;
import org.rnn4j.models.data.DateData;
import org.rnn4j.models.data.PairFiles;
import org.rnn4j.models.metrics.Metrics;
import org.rnn4j.models.metrics.MetricsLog;
import org.rnn4j.models.seq2seq.ModelFolder;
import org.rnn4j.models.seq2seq.Seq2Seq;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.text.Vocab;

/**
 * Trains a sequence→sequence model from a {@link RunConfig}: epochs over batches bucketed by
 * source length (less padding, shuffled with the seed), scheduled sampling, validation every
 * epoch (exact match, token accuracy, edit-distance error rate, BLEU), early stopping on exact
 * match, best and last checkpoints (atomic), resume, a progress line, and a stop with a clear
 * error the moment the loss is NaN or infinite (the last good checkpoint stays).
 *
 * <p>The run folder: {@code checkpoints/last}, {@code checkpoints/best}, {@code metrics.jsonl},
 * and the model folder files (config.json, vocabularies, model.safetensors with the best
 * weights, metrics.json).
 */
public final class Seq2SeqTrainer {
    /** Command-line overrides of the config (null = the config's value). */
    public record Overrides(Integer epochs, Integer maxSteps, Integer threads, boolean resume) {
    }

    /** What a run achieved. */
    public record Summary(int epochs, long steps, String metric, double bestMetric, Map<String, Double> lastMetrics,
                          double seconds) {
    }

    private Seq2SeqTrainer() {
    }

    public static Summary train(RunConfig cfg, Path configFile, Path out, Overrides ov, PrintStream log,
                                Progress progress) throws IOException {
        RunConfig.Training tc = cfg.training();
        int threads = ov.threads() != null ? ov.threads() : tc.threads();
        if (threads > 0) {
            Parallel.setThreads(threads);
        }
        int epochs = ov.epochs() != null ? ov.epochs() : tc.epochs();
        Tokenizer tok = Tokenizer.valueOf(cfg.data().tokenizer().name());

        // ---- data (the config is fully validated before this point) ----
        List<DateData.Pair> train;
        List<DateData.Pair> val;
        SplittableRandom split = new SplittableRandom(tc.seed());
        if (cfg.data().dataset() != null) {
            List<DateData.Pair> all = DateData.generate(cfg.data().generatedExamples(), tc.seed());
            int nVal = Math.max(1, (int) Math.round(all.size() * cfg.data().validationSplit()));
            val = all.subList(0, nVal);
            train = all.subList(nVal, all.size());
        } else {
            PairFiles.Read tr = PairFiles.read(org.rnn4j.models.data.DataPaths.resolve(configFile, cfg.data().train()));
            report(log, tr);
            if (cfg.data().validation() != null) {
                PairFiles.Read vr = PairFiles.read(org.rnn4j.models.data.DataPaths.resolve(configFile,
                        cfg.data().validation()));
                report(log, vr);
                train = tr.pairs();
                val = vr.pairs();
            } else {
                List<DateData.Pair> all = new ArrayList<>(tr.pairs());
                Collections.shuffle(all, new java.util.Random(split.nextLong()));
                int nVal = (int) Math.round(all.size() * cfg.data().validationSplit());
                if (nVal == 0 && all.size() > 1 && cfg.data().validationSplit() > 0) {
                    nVal = 1;
                }
                val = all.subList(0, nVal);
                train = all.subList(nVal, all.size());
            }
        }
        if (train.isEmpty()) {
            throw new IOException("no training examples left after the validation split");
        }
        List<List<String>> srcToks = new ArrayList<>();
        List<List<String>> tgtToks = new ArrayList<>();
        for (DateData.Pair p : train) {
            srcToks.add(tok.split(p.source()));
            tgtToks.add(tok.split(p.target()));
        }
        Vocab srcVocab = Vocab.build(srcToks, cfg.data().maxVocab(), cfg.data().minCount());
        Vocab tgtVocab = Vocab.build(tgtToks, cfg.data().maxVocab(), cfg.data().minCount());
        if (cfg.decoding().strategy() == RunConfig.Strategy.BEAM && cfg.decoding().beamWidth() > tgtVocab.size()) {
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
        log.printf(Locale.ROOT, "data: %d training and %d validation pairs; vocabularies %d (source) and %d (target)%n",
                train.size(), val.size(), srcVocab.size(), tgtVocab.size());

        Path ckDir = RunFiles.startRun(out, ov.resume());
        try (NativeAllocator mem = new NativeAllocator("model parameters");
             Workspace ws = new Workspace("training step", 16 << 20);
             Seq2Seq model = new Seq2Seq(ModelFolder.specOf(cfg, srcVocab.size(), tgtVocab.size()), mem, tc.seed());
             Optimizer opt = Optimizers.of(cfg.training(), model.parameters())) {
            List<int[]> batches = buckets(trainSrc, tc.batchSize());
            long perEpoch = batches.size();
            TrainStep trainStep = new TrainStep(tc, opt, ws, ckDir, perEpoch, epochs, ov.maxSteps());
            long totalSteps = trainStep.totalSteps(perEpoch, epochs);
            EarlyStopping es = new EarlyStopping(ckDir, model.namedParameters(), opt, tc.patience());
            int startEpoch = ov.resume() ? es.resume(log) : 0;
            long step = es.step();
            progress.resumeFrom(step * tc.batchSize());
            Map<String, Double> last = Map.of();
            int epoch = startEpoch;
            boolean stop = false;
            try (MetricsLog metricsLog = new MetricsLog(out.resolve("metrics.jsonl"))) {
                for (; epoch < epochs && !stop; epoch++) {
                    List<int[]> order = new ArrayList<>(batches);
                    Collections.shuffle(order, new java.util.Random(tc.seed() * 31 + epoch));
                    float tf = (float) (tc.teacherForcing() * Math.pow(1 - tc.scheduledSamplingDecay(), epoch));
                    SplittableRandom tfRng = new SplittableRandom(tc.seed() + 7919L * epoch);
                    double lossSum = 0;
                    int lossCount = 0;
                    for (int[] batch : order) {
                        if (trainStep.limitReached(step, progress)) {
                            stop = true;
                            break;
                        }
                        int[][] bs = new int[batch.length][];
                        int[][] bt = new int[batch.length][];
                        for (int i = 0; i < batch.length; i++) {
                            bs[i] = trainSrc[batch[i]];
                            bt[i] = trainTgt[batch[i]];
                        }
                        Tape tape = new Tape(ws);
                        Var loss = model.loss(tape, bs, bt, true, tf, tfRng);
                        float lv = trainStep.apply(tape, loss, epoch, step);
                        step++;
                        lossSum += lv;
                        lossCount++;
                        progress.update(step * tc.batchSize(), totalSteps * tc.batchSize(), String.format(Locale.ROOT,
                                "epoch %d/%d step %d loss %.4f", epoch + 1, epochs, step, lv), false);
                    }
                    last = validate(model, valSrc, valRef, cfg.decoding().maxLength(), ws);
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("epoch", epoch + 1);
                    record.put("step", step);
                    record.put("train_loss", lossCount == 0 ? Double.NaN : lossSum / lossCount);
                    record.put("lr", (double) opt.learningRate());
                    last.forEach((k, v) -> record.put("val_" + k, v));
                    metricsLog.append(record);
                    progress.update(step * tc.batchSize(), totalSteps * tc.batchSize(), String.format(Locale.ROOT,
                            "epoch %d/%d step %d validation exact match %.2f%%", epoch + 1, epochs, step,
                            100 * last.get("exact_match")), true);
                    String metricName = tc.earlyStoppingMetric();
                    double raw = last.getOrDefault(metricName, Double.NaN);
                    stop |= es.endEpoch(epoch + 1, step, RunConfig.lowerIsBetter(metricName) ? -raw : raw, log,
                            metricName);
                }
            }
            progress.finish();
            es.restoreBest();
            double best = es.best();
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("epochs", epoch);
            metrics.put("steps", step);
            metrics.put("earlyStoppingMetric", tc.earlyStoppingMetric());
            metrics.put("bestValidationMetric", RunConfig.lowerIsBetter(tc.earlyStoppingMetric()) ? -best : best);
            last.forEach((k, v) -> metrics.put("last_val_" + k, v));
            ModelFolder.save(out, cfg, model, srcVocab, tgtVocab, tok, metrics);
            CurveWriter.write(out.resolve("metrics.jsonl"), out.resolve("curve.svg"));
            return new Summary(epoch, step, tc.earlyStoppingMetric(),
                    RunConfig.lowerIsBetter(tc.earlyStoppingMetric()) ? -best : best, last, progress.elapsedSeconds());
        }
    }

    /** Validation metrics of greedy decoding: exact_match, token_accuracy, error_rate (fractions) and bleu (0-100). */
    static Map<String, Double> validate(Seq2Seq model, int[][] src, List<int[]> ref, int maxLen, Workspace ws) {
        List<int[]> hyp = new ArrayList<>();
        for (int i = 0; i < src.length; i += 256) {
            int[][] chunk = Arrays.copyOfRange(src, i, Math.min(src.length, i + 256));
            hyp.addAll(Arrays.asList(model.greedy(new Tape(ws), chunk, maxLen)));
        }
        Map<String, Double> m = new LinkedHashMap<>();
        if (src.length == 0) {
            m.put("exact_match", 0.0);
            return m;
        }
        m.put("exact_match", Metrics.exactMatch(hyp, ref));
        m.put("token_accuracy", Metrics.tokenAccuracy(hyp, ref));
        m.put("error_rate", Metrics.errorRate(hyp, ref));
        m.put("bleu", Metrics.bleu(hyp, ref));
        return m;
    }

    /** Batches of indices with similar source lengths (sorted by length, then cut). */
    static List<int[]> buckets(int[][] src, int batchSize) {
        Integer[] idx = new Integer[src.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Integer.compare(src[a].length, src[b].length));
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < idx.length; i += batchSize) {
            int n = Math.min(batchSize, idx.length - i);
            int[] b = new int[n];
            for (int j = 0; j < n; j++) {
                b[j] = idx[i + j];
            }
            out.add(b);
        }
        return out;
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
}
