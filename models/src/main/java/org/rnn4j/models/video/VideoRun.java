package org.rnn4j.models.video;

import org.rnn4j.models.data.gen.MovingSquares;
import org.rnn4j.models.data.gen.MovingMnist;
import org.rnn4j.models.data.gen.ClipSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.video.VideoConfig;
import org.rnn4j.models.metrics.Metrics;
import org.rnn4j.models.family.ModelRun;
import org.rnn4j.models.train.RunFiles;

/**
 * The video classifier from a {@link VideoConfig}: trains on generated clips (moving squares, or
 * moving real MNIST digits), validates accuracy every epoch, keeps best/last checkpoints, writes a
 * model folder ({@code config.json}, {@code model.safetensors}, {@code metrics.json},
 * {@code metrics.jsonl}, {@code curve.svg}) that loads back for evaluation on fresh clips.
 */
public final class VideoRun extends ModelRun<VideoConfig, VideoClassifier> {
    private final MovingSquares squares = MovingSquares.standard();
    private final MovingMnist digits = MovingMnist.standard();
    public VideoRun(VideoConfig config) {
        super("video", "video classifier", config, specOf(config).parameterCount(), (mem, seed) -> new VideoClassifier(specOf(config), mem, seed));
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
        return config().data().mnist() ? 16 : 128;
    }

    /** Accuracy on {@code n} fresh clips from {@code seed} (moving squares; MNIST digits from the test images). */
    public double accuracy(int n, long seed) throws IOException {
        if (!config().data().mnist()) {
            return accuracy(squares.generate(n, seed));
        }
        return accuracy(mnistClips(org.rnn4j.models.data.sets.Mnist.fromCache("t10k"), 0, 1, n, seed));
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
                int[] p = model().predict(new Tape(ws), clips);
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
    static MovingMnist.Clips mnistClips(org.rnn4j.models.data.sets.Mnist.Digits d, double from, double to, int n,
                                        long seed) {
        int count = d.images().count();
        return MovingMnist.standard().generate(d.images(), d.labels(), (int) Math.round(from * count),
                (int) Math.round(to * count), n, seed);
    }

    /** One moving-MNIST clip for each of the 10,000 test images, in order. */
    public static MovingMnist.Clips mnistTestClips(long seed) throws IOException {
        var d = org.rnn4j.models.data.sets.Mnist.fromCache("t10k");
        return MovingMnist.standard().each(d.images(), d.labels(), 0, d.images().count(), seed);
    }

    /** True for a moving-MNIST model. */
    public boolean mnist() {
        return config().data().mnist();
    }

    MovingSquares squares() {
        return squares;
    }

    MovingMnist digits() {
        return digits;
    }

    public static VideoRun load(Path dir) throws IOException {
        VideoConfig cfg = RunFiles.readConfig(dir, VideoConfig::parse);
        return new VideoRun(cfg).withWeights(dir);
    }
}
