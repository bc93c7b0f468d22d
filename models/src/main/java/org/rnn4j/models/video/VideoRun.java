package org.rnn4j.models.video;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.kernel.Parallel;
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
 * The video classifier from a {@link VideoConfig}: trains on generated clips (moving squares, or
 * moving real MNIST digits), validates accuracy every epoch, keeps best/last checkpoints, writes a
 * model folder ({@code config.json}, {@code model.safetensors}, {@code metrics.json},
 * {@code metrics.jsonl}, {@code curve.svg}) that loads back for evaluation on fresh clips.
 */
public final class VideoRun implements AutoCloseable {
    private final VideoConfig config;
    private final MovingSquares squares = MovingSquares.standard();
    private final MovingMnist digits = MovingMnist.standard();
    private final NativeAllocator mem = new NativeAllocator("video classifier");
    private final VideoClassifier model;

    public VideoRun(VideoConfig config) {
        this.config = config;
        this.model = new VideoClassifier(specOf(config), mem, config.training().seed());
    }

    /**
     * The model spec a video config describes: 1-channel frames, 12x12 and 4 classes for moving
     * squares, 64x64 and 10 classes for moving MNIST.
     */
    public static VideoSpec specOf(VideoConfig config) {
        VideoConfig.Model m = config.model();
        int size = config.data().mnist() ? MovingMnist.standard().size() : MovingSquares.standard().size();
        int classes = config.data().mnist() ? MovingMnist.CLASSES : MovingSquares.CLASSES;
        return VideoSpec.of(1, size, size, classes).withCell(m.cell())
                .withRecurrent(m.hidden(), m.layers(), m.bidirectional()).withConv(m.conv1(), m.conv2(), m.kernel())
                .withConv3(m.conv3()).withCoordinates(m.coordinates()).withDropout(m.dropout());
    }

    /** Clips per inference batch: the im2col buffers of 64x64 frames are large. */
    private int evalBatch() {
        return config.data().mnist() ? 16 : 128;
    }

    /** Accuracy on {@code n} fresh clips from {@code seed} (moving squares; MNIST digits from the test images). */
    public double accuracy(int n, long seed) throws IOException {
        if (!config.data().mnist()) {
            return accuracy(squares.generate(n, seed));
        }
        return accuracy(mnistClips(org.rnn4j.models.datasets.Mnist.fromCache("t10k"), 0, 1, n, seed));
    }

    /** Accuracy on the clips of a set. */
    public double accuracy(ClipSet set) {
        int n = set.size();
        int[] pred = new int[n];
        int[] gold = new int[n];
        int bs = evalBatch();
        try (Workspace ws = new Workspace("video eval", 8 << 20)) {
            for (int i = 0; i < n; i += bs) {
                int to = Math.min(n, i + bs);
                float[][][] clips = new float[to - i][][];
                for (int j = i; j < to; j++) {
                    clips[j - i] = set.clip(j);
                    gold[j] = set.label(j);
                }
                int[] p = model.predict(new Tape(ws), clips);
                System.arraycopy(p, 0, pred, i, p.length);
                ws.reset();
            }
        }
        return Metrics.accuracy(pred, gold);
    }

    /**
     * {@code n} moving-MNIST clips whose digits come from the part [from, to) (fractions) of the
     * images of {@code d}.
     */
    static MovingMnist.Clips mnistClips(org.rnn4j.models.datasets.Mnist.Digits d, double from, double to, int n,
                                        long seed) {
        int count = d.images().count();
        return MovingMnist.standard().generate(d.images(), d.labels(), (int) Math.round(from * count),
                (int) Math.round(to * count), n, seed);
    }

    /** One moving-MNIST clip for each of the 10,000 test images, in order. */
    public static MovingMnist.Clips mnistTestClips(long seed) throws IOException {
        var d = org.rnn4j.models.datasets.Mnist.fromCache("t10k");
        return MovingMnist.standard().each(d.images(), d.labels(), 0, d.images().count(), seed);
    }

    /** True for a moving-MNIST model. */
    public boolean mnist() {
        return config.data().mnist();
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
        Path ck = RunFiles.startRun(out, resume);
        int epochs = epochsOverride != null ? epochsOverride : cfg.training().epochs();
        int bs = cfg.training().batchSize();
        try (VideoRun run = new VideoRun(cfg);
             Workspace ws = new Workspace("video step", 16 << 20);
             org.rnn4j.core.optim.Optimizer adam = org.rnn4j.models.train.Optimizers.of(cfg.training(),
                     run.model.parameters());
             MetricsLog mlog = new MetricsLog(out.resolve("metrics.jsonl"))) {
            ClipSet train;
            ClipSet val;
            if (cfg.data().mnist()) {
                // Training and validation clips use disjoint digit images of the MNIST training set.
                double cut = 1 - cfg.data().validationSplit();
                var digits = org.rnn4j.models.datasets.Mnist.fromCache("train");   // read once for both sets
                train = mnistClips(digits, 0, cut, nTrain, seed);
                val = nVal == 0 ? null : mnistClips(digits, cut, 1, nVal, seed + 1_000_003);
                MovingMnist mm = run.digits;
                log.printf(Locale.ROOT, "data: %d training and %d validation clips of moving MNIST digits (%dx%d, %d-%d"
                        + " frames; digits of the two sets from disjoint images)%n", nTrain, nVal, mm.size(), mm.size(),
                        mm.minFrames(), mm.maxFrames());
            } else {
                train = run.squares.generate(nTrain, seed);
                val = nVal == 0 ? null : run.squares.generate(nVal, seed + 1_000_003);
                log.printf(Locale.ROOT, "data: %d training and %d validation clips (%dx%d, %d-%d frames)%n", nTrain,
                        nVal, run.squares.size(), run.squares.size(), run.squares.minFrames(), run.squares.maxFrames());
            }
            EarlyStopping es = new EarlyStopping(ck, run.model.namedParameters(), adam, cfg.training().patience());
            int epoch = resume ? es.resume(log) : 0;
            long step = es.step();
            progress.resumeFrom(step * bs);
            var trainStep = new org.rnn4j.models.train.TrainStep(cfg.training(), adam, ws, ck,
                    (nTrain + bs - 1) / bs, epochs, maxSteps);
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
                    if (trainStep.limitReached(step, progress)) {
                        stop = true;
                        break;
                    }
                    int n = Math.min(bs, nTrain - i);
                    float[][][] clips = new float[n][][];
                    int[] labels = new int[n];
                    for (int j = 0; j < n; j++) {
                        clips[j] = train.clip(order.get(i + j));
                        labels[j] = train.label(order.get(i + j));
                    }
                    Tape tape = new Tape(ws);
                    Var loss = run.model.loss(tape, clips, labels, true);
                    float lv = trainStep.apply(tape, loss, epoch, step);
                    step++;
                    sum += lv;
                    count++;
                    progress.update(step * bs, (long) epochs * nTrain, String.format(Locale.ROOT,
                            "epoch %d/%d step %d loss %.4f", epoch + 1, epochs, step, lv), false);
                }
                double acc = val != null ? run.accuracy(val) : Double.NaN;
                Map<String, Object> rec = new LinkedHashMap<>();
                rec.put("epoch", epoch + 1);
                rec.put("step", step);
                rec.put("train_loss", count == 0 ? Double.NaN : sum / count);
                rec.put("lr", (double) adam.learningRate());
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
        VideoConfig cfg = RunFiles.readConfig(dir, VideoConfig::parse);
        VideoRun run = new VideoRun(cfg);
        RunFiles.loadWeights(dir, run.model.namedParameters(), run::close);
        return run;
    }

    @Override
    public void close() {
        model.close();
        mem.close();
    }
}
