package org.rnn4j.models.video;

import org.rnn4j.models.data.gen.MovingSquares;
import org.rnn4j.models.data.gen.MovingMnist;
import org.rnn4j.models.data.gen.ClipSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.family.ModelFamily;
import org.rnn4j.models.family.RunTraining;
import org.rnn4j.models.family.PredictOptions;
import org.rnn4j.models.family.UsageException;
import tools.jackson.databind.JsonNode;

/**
 * The CNN + RNN video classifier family ({@link VideoRun}) on generated clips: moving squares,
 * or moving real MNIST digits; validation accuracy on clips of their own.
 */
public final class VideoFamily implements ModelFamily {

    @Override
    public String name() {
        return "video";
    }

    @Override
    public String description() {
        return "the CNN + RNN classifier on \"moving-squares\" or \"moving-mnist\" clips";
    }

    @Override
    public String tryNext(Path dir) {
        return "./rnn4j eval --model " + dir;
    }

    @Override
    public Prepared prepare(JsonNode json, Path configFile, PrintStream log) throws IOException {
        return prepare(VideoConfig.parse(json), log);
    }

    /** Makes the clips a config names and builds the model. */
    public static Training prepare(VideoConfig cfg, PrintStream log) throws IOException {
        long seed = cfg.training().seed();
        int nVal = (int) Math.round(cfg.data().generatedExamples() * cfg.data().validationSplit());
        int nTrain = cfg.data().generatedExamples() - nVal;
        VideoRun run = new VideoRun(cfg);
        try {
            ClipSet train;
            ClipSet val;
            if (cfg.data().mnist()) {
                // Training and validation clips use disjoint digit images of the MNIST training set.
                double cut = 1 - cfg.data().validationSplit();
                var digits = org.rnn4j.models.data.sets.Mnist.fromCache("train");   // read once for both sets
                train = VideoRun.mnistClips(digits, 0, cut, nTrain, seed);
                val = nVal == 0 ? null : VideoRun.mnistClips(digits, cut, 1, nVal, seed + 1_000_003);
                MovingMnist mm = run.digits();
                log.printf(Locale.ROOT, "data: %d training and %d validation clips of moving MNIST digits (%dx%d, %d-%d"
                        + " frames; digits of the two sets from disjoint images)%n", nTrain, nVal, mm.size(), mm.size(),
                        mm.minFrames(), mm.maxFrames());
            } else {
                MovingSquares sq = run.squares();
                train = sq.generate(nTrain, seed);
                val = nVal == 0 ? null : sq.generate(nVal, seed + 1_000_003);
                log.printf(Locale.ROOT, "data: %d training and %d validation clips (%dx%d, %d-%d frames)%n", nTrain,
                        nVal, sq.size(), sq.size(), sq.minFrames(), sq.maxFrames());
            }
            return new Training(run, train, val);
        } catch (IOException | RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /** A video classifier and its clips as the trainer sees them; a batch is a list of clip indices. */
    public static final class Training extends RunTraining<VideoRun, VideoClassifier> {
        private final ClipSet train;
        private final ClipSet val;

        Training(VideoRun run, ClipSet train, ClipSet val) {
            super(run, train.size());
            this.train = train;
            this.val = val;
        }

        @Override
        protected Var loss(VideoClassifier model, Tape tape, int[] b) {
            float[][][] clips = new float[b.length][][];
            int[] labels = new int[b.length];
            for (int j = 0; j < b.length; j++) {
                clips[j] = train.clip(b[j]);
                labels[j] = train.label(b[j]);
            }
            return model.loss(tape, clips, labels, true);
        }

        @Override
        public Map<String, Double> validate() {
            return val == null ? Map.of() : Map.of("accuracy", run().accuracy(val));
        }

        @Override
        public long workspaceBytes() {
            return 16L << 20;
        }
    }

    @Override
    public void evaluate(Path dir, Path data, PrintStream out) throws IOException {
        try (var v = VideoRun.load(dir)) {
            if (v.mnist()) {
                var clips = VideoRun.mnistTestClips(777);
                out.printf(Locale.ROOT, "accuracy on %d moving-MNIST clips (one per MNIST test image): %.2f%%%n",
                        clips.size(), 100 * v.accuracy(clips));
            } else {
                out.printf(Locale.ROOT, "accuracy on 1000 fresh moving-square clips: %.2f%%%n", 100 * v.accuracy(1000, 777));
            }
        }
    }

    @Override
    public void predict(Path dir, PredictOptions o, List<String> inputs, PrintStream out) throws IOException {
        throw new UsageException(dir + " holds a video classifier, whose inputs are frames, not text: measure it"
                + " with 'rnn4j eval --model " + dir + "' or use org.rnn4j.models.video.VideoRun from Java");
    }
}
