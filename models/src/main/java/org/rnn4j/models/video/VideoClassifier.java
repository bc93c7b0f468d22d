package org.rnn4j.models.video;

import org.rnn4j.models.seq2vec.SequencePooling;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.rnn4j.core.autograd.ConvOps;
import org.rnn4j.core.autograd.Losses;
import org.rnn4j.core.autograd.Pointwise;
import org.rnn4j.core.autograd.RecurrentOps;
import org.rnn4j.core.autograd.Shapes;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.kernel.Kernels;
import org.rnn4j.core.kernel.RowOps;
import org.rnn4j.core.nn.Conv2d;
import org.rnn4j.core.nn.Dropout;
import org.rnn4j.core.nn.Linear;
import org.rnn4j.core.nn.MaxPool2d;
import org.rnn4j.core.nn.NamedModule;
import org.rnn4j.core.nn.RecurrentLayer;
import org.rnn4j.core.nn.RecurrentSpec;
import org.rnn4j.core.nn.TimeDistributed;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/**
 * CNN + RNN video classifier. The frames of all clips of a batch are concatenated (no padded
 * frames) and go through a small CNN in one pass; the per-frame features are packed by clip
 * ({@link TimeDistributed#packClips}) so a (bi)RNN runs over each clip's own frames only, and the
 * clip's last state is classified.
 *
 * <pre>
 * clip i: frames f_1 .. f_Ti (C, H, W), Ti may differ per clip
 *
 * all frames (sum Ti, C[+2 coords], H, W)
 *   ─► conv k×k ─► relu ─► maxpool 2 ─► conv k×k ─► relu [─► maxpool 2 ─► conv k×k ─► relu]
 *   ─► global avg pool   (per frame)
 *   ─► features (sum Ti, conv2 or conv3) ─► packClips ─► (bi)LSTM/GRU over each clip (packed)
 *   ─► h_n of the top layer [forward | reverse] (B, D*hidden) ─► dropout ─► linear ─► logits (B, classes)
 * </pre>
 *
 * A clip is {@code float[frames][channels * height * width]} (each frame CHW, row-major).
 */
public final class VideoClassifier extends NamedModule<VideoSpec> implements AutoCloseable {
    private final Conv2d conv1;
    private final MaxPool2d pool;
    private final Conv2d conv2;
    private final Conv2d conv3;
    private final RecurrentLayer rnn;
    private final Dropout dropout;
    private final Linear classifier;
    private final float[] coordPlanes;

    public VideoClassifier(VideoSpec spec, Allocator alloc, long seed) {
        super(spec);
        SplittableRandom r = new SplittableRandom(seed);
        int pad = spec.kernel() / 2;
        conv1 = new Conv2d(spec.convInput(), spec.conv1(), spec.kernel(), 1, pad, true, alloc, r.nextLong());
        pool = new MaxPool2d(2);
        conv2 = new Conv2d(spec.conv1(), spec.conv2(), spec.kernel(), 1, pad, true, alloc, r.nextLong());
        // Drawn last among the convolutions' seeds only when present, so that two-convolution models
        // keep the initialisation they had before conv3 existed.
        long conv3Seed = spec.conv3() > 0 ? new SplittableRandom(seed ^ 0x5DEECE66DL).nextLong() : 0;
        conv3 = spec.conv3() > 0 ? new Conv2d(spec.conv2(), spec.conv3(), spec.kernel(), 1, pad, true, alloc, conv3Seed)
                : null;
        rnn = RecurrentLayer.create(new RecurrentSpec(spec.cell(), spec.frameFeatures(), spec.hidden(), spec.layers(),
                spec.bidirectional(), spec.layers() > 1 ? spec.dropout() : 0f, true, false, 0), alloc, r.nextLong());
        dropout = new Dropout(spec.dropout(), r.nextLong());
        classifier = new Linear(spec.pooledWidth(), spec.classes(), true, alloc, r.nextLong());
        coordPlanes = spec.coordinates() ? coordinates(spec.height(), spec.width()) : new float[0];
        add("cnn.conv1.", conv1);
        add("cnn.conv2.", conv2);
        if (conv3 != null) {
            add("cnn.conv3.", conv3);
        }
        add("rnn.", rnn);
        add("classifier.", classifier);
    }

    /** Two planes (H, W): x then y, each from -1 to 1 (0 for a size of one). */
    private static float[] coordinates(int h, int w) {
        float[] c = new float[2 * h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                c[i * w + j] = w == 1 ? 0f : -1f + 2f * j / (w - 1);
                c[h * w + i * w + j] = h == 1 ? 0f : -1f + 2f * i / (h - 1);
            }
        }
        return c;
    }

    /** Frames per clip, checking every clip and frame against the spec. */
    private int[] frameCounts(float[][][] clips) {
        if (clips == null || clips.length == 0) {
            throw new IllegalArgumentException("no clips");
        }
        int[] counts = new int[clips.length];
        int px = spec.framePixels();
        for (int i = 0; i < clips.length; i++) {
            if (clips[i] == null || clips[i].length == 0) {
                throw new IllegalArgumentException("clip " + i + " has no frames; every clip needs at least one");
            }
            for (int t = 0; t < clips[i].length; t++) {
                if (clips[i][t] == null || clips[i][t].length != px) {
                    throw new IllegalArgumentException("clip " + i + ", frame " + t + " has "
                            + (clips[i][t] == null ? 0 : clips[i][t].length) + " values; expected channels * height"
                            + " * width = " + spec.channels() + " * " + spec.height() + " * " + spec.width() + " = " + px);
                }
            }
            counts[i] = clips[i].length;
        }
        return counts;
    }

    /** All frames, clip after clip, as (totalFrames, C', H, W) in the workspace, coordinates appended. */
    private Var frames(Tape tape, float[][][] clips, int total) {
        int hw = spec.height() * spec.width();
        int px = spec.framePixels();
        Tensor x = tape.workspace().allocateUninitialized(Shape.of(total, spec.convInput(), spec.height(), spec.width()));
        MemorySegment seg = x.data();
        long frameBytes = (long) spec.convInput() * hw * Float.BYTES;
        long off = 0;
        for (float[][] clip : clips) {
            for (float[] frame : clip) {
                MemorySegment.copy(frame, 0, seg, ValueLayout.JAVA_FLOAT, off, px);
                if (coordPlanes.length > 0) {
                    MemorySegment.copy(coordPlanes, 0, seg, ValueLayout.JAVA_FLOAT, off + (long) px * Float.BYTES,
                            coordPlanes.length);
                }
                off += frameBytes;
            }
        }
        return tape.constant(x);
    }

    /** The per-frame CNN: (F, C', H, W) → (F, frameFeatures). */
    private Function<Var, Var> cnn(Tape tape) {
        return x -> {
            Var y = Pointwise.relu(conv2.forward(tape, pool.forward(tape, Pointwise.relu(conv1.forward(tape, x)))));
            if (conv3 != null) {
                y = Pointwise.relu(conv3.forward(tape, pool.forward(tape, y)));
            }
            return ConvOps.globalAvgPool(y);
        };
    }

    /** Per-frame CNN features of all frames, clip after clip: (totalFrames, frameFeatures). */
    public Var frameFeatures(Tape tape, float[][][] clips) {
        return frameFeatures(tape, clips, frameCounts(clips));
    }

    private Var frameFeatures(Tape tape, float[][][] clips, int[] counts) {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        return TimeDistributed.apply(tape, frames(tape, clips, total), cnn(tape));
    }

    /** The clip representations (B, D * hidden): the top layer's final states, in clip order. */
    public Var pooled(Tape tape, float[][][] clips, boolean training) {
        int[] counts = frameCounts(clips);
        Var feats = frameFeatures(tape, clips, counts);
        TimeDistributed.PackedClips pc = TimeDistributed.packClips(feats, counts);
        RecurrentOps.Outputs out = RecurrentOps.recurrent(rnn, pc.data(), pc.layout(), null, null, training);
        int d = spec.bidirectional() ? 2 : 1;
        return SequencePooling.last(out.hN(), spec.layers(), d);
    }


    /** Class scores (B, classes) for a batch of clips (any number of frames each). */
    public Var logits(Tape tape, float[][][] clips, boolean training) {
        return classifier.forward(tape, dropout.forward(pooled(tape, clips, training), training));
    }

    /** Mean cross-entropy of the clips' labels. */
    public Var loss(Tape tape, float[][][] clips, int[] labels, boolean training) {
        if (labels.length != clips.length) {
            throw new IllegalArgumentException(clips.length + " clips but " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= spec.classes()) {
                throw new IllegalArgumentException("label " + labels[i] + " of clip " + i + " is outside [0, "
                        + spec.classes() + ")");
            }
        }
        return Losses.crossEntropy(logits(tape, clips, training), labels);
    }

    /** The most likely class of every clip (inference: nothing recorded, no dropout). */
    public int[] predict(Tape tape, float[][][] clips) {
        try (Tape.Scope ignored = tape.noGrad()) {
            Var logits = logits(tape, clips, false);
            int[] best = new int[clips.length];
            RowOps.argmaxRows(clips.length, spec.classes(), logits.value().data(), 0, spec.classes(), best);
            return best;
        }
    }

    @Override
    public void close() {
        conv1.close();
        conv2.close();
        if (conv3 != null) {
            conv3.close();
        }
        rnn.close();
        classifier.close();
    }

    static {
        // The model assumes the kernel settings are loaded (species, scalar switch) before use.
        Kernels.describe();
    }
}
