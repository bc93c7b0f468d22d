package org.rnn4j.models.video;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.kernel.Parallel;
import org.rnn4j.core.optim.GradClip;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.config.VideoConfig;
import org.rnn4j.models.metrics.Metrics;
import org.rnn4j.models.metrics.MetricsLog;
import org.rnn4j.models.train.CurveWriter;
import org.rnn4j.models.train.EarlyStopping;
import org.rnn4j.models.train.RunFiles;
import org.rnn4j.models.train.Progress;

/**
 * The video classifier from a {@link VideoConfig}: trains on generated moving-square clips,
 * validates accuracy every epoch, keeps best/last checkpoints, writes a model folder
 * ({@code config.json}, {@code model.safetensors}, {@code metrics.json}, {@code metrics.jsonl},
 * {@code curve.svg}) that loads back for evaluation on fresh clips.
 */
public final class VideoRun implements AutoCloseable {
    private final VideoConfig config;
    private final MovingSquares data = MovingSquares.standard();
    private final NativeAllocator mem = new NativeAllocator("video classifier");
    private final VideoClassifier model;

    public VideoRun(VideoConfig config) {
        this.config = config;
        this.model = new VideoClassifier(specOf(config), mem, config.training().seed());
    }

    /** The model spec a video config describes (1-channel moving-square frames, 4 classes). */
    public static VideoSpec specOf(VideoConfig config) {
        VideoConfig.Model m = config.model();
        int size = MovingSquares.standard().size();
        return VideoSpec.of(1, size, size, MovingSquares.CLASSES).withCell(m.cell())
                .withRecurrent(m.hidden(), m.layers(), m.bidirectional()).withConv(m.conv1(), m.conv2(), m.kernel())
                .withCoordinates(m.coordinates()).withDropout(m.dropout());
    }

    /** Accuracy on {@code n} fresh clips from {@code seed}. */
    public double accuracy(int n, long seed) {
        MovingSquares.Batch b = data.generate(n, seed);
        int[] pred = new int[n];
        try (Workspace ws = new Workspace("video eval", 8 << 20)) {
            for (int i = 0; i < n; i += 128) {
                int to = Math.min(n, i + 128);
                float[][][] clips = java.util.Arrays.copyOfRange(b.clips(), i, to);
                int[] p = model.predict(new Tape(ws), clips);
                System.arraycopy(p, 0, pred, i, p.length);
                ws.reset();
            }
        }
        return Metrics.accuracy(pred, b.labels());
    }

    public record Summary(int epochs, long steps, double bestAccuracy) {
    }

    public static Summary train(VideoConfig cfg, Path out, Integer epochsOverride, Integer maxSteps, Integer threads,
                                boolean resume, PrintStream log, Progress progress) throws IOException {
        if (threads != null) {
            Parallel.setThreads(threads);
        } else if (cfg.training().threads() > 0) {
            Parallel.setThreads(cfg.training().threads());
        }
        long seed = cfg.training().seed();
        int nVal = (int) Math.round(cfg.data().generatedExamples() * cfg.data().validationSplit());
        int nTrain = cfg.data().generatedExamples() - nVal;
        Files.createDirectories(out);
        Path ck = out.resolve("checkpoints");
        if (!resume) {
            Files.deleteIfExists(out.resolve("metrics.jsonl"));
        }
        int epochs = epochsOverride != null ? epochsOverride : cfg.training().epochs();
        int bs = cfg.training().batchSize();
        try (VideoRun run = new VideoRun(cfg);
             Workspace ws = new Workspace("video step", 16 << 20);
             org.rnn4j.core.optim.Optimizer adam = org.rnn4j.models.train.Optimizers.of(cfg.training(),
                     run.model.parameters());
             MetricsLog mlog = new MetricsLog(out.resolve("metrics.jsonl"))) {
            MovingSquares.Batch train = run.data.generate(nTrain, seed);
            log.printf(Locale.ROOT, "data: %d training and %d validation clips (%dx%d, %d-%d frames)%n", nTrain, nVal,
                    run.data.size(), run.data.size(), run.data.minFrames(), run.data.maxFrames());
            EarlyStopping es = new EarlyStopping(ck, run.model.namedParameters(), adam, cfg.training().patience());
            int epoch = resume ? es.resume(log) : 0;
            long step = es.step();
            boolean stop = false;
            for (; epoch < epochs && !stop; epoch++) {
                java.util.List<Integer> order = new java.util.ArrayList<>();
                for (int i = 0; i < nTrain; i++) {
                    order.add(i);
                }
                java.util.Collections.shuffle(order, new java.util.Random(seed * 31 + epoch));
                double sum = 0;
                int count = 0;
                for (int i = 0; i < nTrain; i += bs) {
                    if (maxSteps != null && step >= maxSteps) {
                        stop = true;
                        break;
                    }
                    int n = Math.min(bs, nTrain - i);
                    float[][][] clips = new float[n][][];
                    int[] labels = new int[n];
                    for (int j = 0; j < n; j++) {
                        clips[j] = train.clips()[order.get(i + j)];
                        labels[j] = train.labels()[order.get(i + j)];
                    }
                    Tape tape = new Tape(ws);
                    Var loss = run.model.loss(tape, clips, labels, true);
                    float lv = loss.value().get(0);
                    if (!Float.isFinite(lv)) {
                        throw new IOException("the loss became " + lv + " at epoch " + (epoch + 1) + ", step " + (step + 1)
                                + "; training stopped (the last good checkpoint is in " + ck + ")");
                    }
                    tape.backward(loss);
                    if (cfg.training().clipNorm() > 0) {
                        GradClip.byGlobalNorm(run.model.parameters(), cfg.training().clipNorm());
                    }
                    adam.step();
                    adam.zeroGrad();
                    ws.reset();
                    step++;
                    sum += lv;
                    count++;
                    progress.update(step * bs, (long) epochs * nTrain, String.format(Locale.ROOT,
                            "epoch %d/%d step %d loss %.4f", epoch + 1, epochs, step, lv), false);
                }
                double acc = nVal > 0 ? run.accuracy(nVal, seed + 1_000_003) : Double.NaN;
                Map<String, Object> rec = new LinkedHashMap<>();
                rec.put("epoch", epoch + 1);
                rec.put("step", step);
                rec.put("train_loss", count == 0 ? Double.NaN : sum / count);
                rec.put("val_accuracy", acc);
                mlog.append(rec);
                progress.update(step * bs, (long) epochs * nTrain, String.format(Locale.ROOT,
                        "epoch %d/%d validation accuracy %.2f%%", epoch + 1, epochs, 100 * acc), true);
                stop |= es.endEpoch(epoch + 1, step, acc, log, "accuracy");
            }
            progress.finish();
            es.restoreBest();
            RunFiles.writeWeights(out.resolve("model.safetensors"), run.model.namedParameters(), "video");
            RunFiles.writeAtomically(out.resolve("config.json"), cfg.toJsonString());
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("epochs", epoch);
            metrics.put("steps", step);
            metrics.put("bestValidationAccuracy", es.best());
            RunFiles.writeMetrics(out, metrics);
            CurveWriter.write(out.resolve("metrics.jsonl"), out.resolve("curve.svg"), "val_accuracy", "validation accuracy");
            return new Summary(epoch, step, es.best());
        }
    }

    public static VideoRun load(Path dir) throws IOException {
        Path cfgFile = RunFiles.configOf(dir);
        VideoConfig cfg;
        try {
            cfg = VideoConfig.load(cfgFile);
        } catch (org.rnn4j.models.config.ConfigException e) {
            throw new IOException(cfgFile + ": " + e.getMessage(), e);
        }
        VideoRun run = new VideoRun(cfg);
        try {
            RunFiles.readWeights(dir.resolve("model.safetensors"), run.model.namedParameters());
        } catch (IOException | RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    @Override
    public void close() {
        model.close();
        mem.close();
    }
}
