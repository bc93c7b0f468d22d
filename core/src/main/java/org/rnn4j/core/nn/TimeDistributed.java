package org.rnn4j.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.rnn4j.core.autograd.Shapes;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.seq.PackedSequence;

/**
 * Applies a per-frame function — typically a small CNN such as conv → relu → pool → global
 * average pool — to every frame of a batch of clips, by folding time into the batch so that the
 * function runs once (one im2col + GEMM per convolution) over all frames.
 *
 * <ul>
 *   <li>{@link #forward}: equal-length clips, x (B, T, C, H, W) → reshape (B·T, C, H, W) →
 *       {@code fn} → (B·T, F) → reshape (B, T, F). Clips of unequal length must be padded to T
 *       here, and the padded frames are computed too.</li>
 *   <li>{@link #apply}: ragged batches — the frames of all clips concatenated clip after clip,
 *       (totalFrames, C, H, W) → (totalFrames, F), no padding work at all. {@link #packClips}
 *       then gathers the features into the packed order a recurrent layer takes
 *       ({@link org.rnn4j.core.autograd.RecurrentOps#recurrent}). Use this for ragged batches.</li>
 * </ul>
 *
 * The function's parameters are those of the modules given to the constructor (it cannot see
 * inside the function); the wrapper owns none, so it is not closeable.
 */
public final class TimeDistributed implements Module {
    private final Function<Var, Var> fn;
    private final List<Module> inner;

    /**
     * @param fn    maps (frames, C, H, W) to (frames, F...) — the first dimension must be kept
     * @param inner the modules {@code fn} uses, for {@link #parameters()}
     */
    public TimeDistributed(Function<Var, Var> fn, Module... inner) {
        this.fn = fn;
        this.inner = List.of(inner);
    }

    /** x (B, T, d...) → (B, T, F...): fn over the B·T frames at once. */
    public Var forward(Tape tape, Var x) {
        int rank = x.value().rank();
        if (rank < 3) {
            throw new IllegalArgumentException("TimeDistributed: input " + x.shape()
                    + " should be (B, T, ...) such as (B, T, C, H, W)");
        }
        int b = x.dim(0);
        int t = x.dim(1);
        int[] folded = new int[rank - 1];
        folded[0] = b * t;
        for (int a = 2; a < rank; a++) {
            folded[a - 1] = x.dim(a);
        }
        Var y = apply(tape, Shapes.reshape(x, folded), fn);
        int[] unfolded = new int[y.value().rank() + 1];
        unfolded[0] = b;
        unfolded[1] = t;
        for (int a = 1; a < y.value().rank(); a++) {
            unfolded[a + 1] = y.dim(a);
        }
        return Shapes.reshape(y, unfolded);
    }

    /** The frames of all clips, concatenated: (totalFrames, ...) → fn → (totalFrames, F...). */
    public Var forwardFrames(Tape tape, Var frames) {
        return apply(tape, frames, fn);
    }

    /**
     * Runs {@code fn} once over {@code frames} (totalFrames, C, H, W) — the frames of every clip
     * concatenated, clip after clip, any number of frames per clip — and checks that it kept the
     * frame dimension. For ragged batches: nothing is padded, so no work is spent on absent frames.
     */
    public static Var apply(Tape tape, Var frames, Function<Var, Var> fn) {
        if (frames.value().rank() < 1) {
            throw new IllegalArgumentException("TimeDistributed: frames " + frames.shape() + " need a frame dimension");
        }
        Var y = fn.apply(frames);
        if (y.value().rank() < 1 || y.dim(0) != frames.dim(0)) {
            throw new IllegalArgumentException("TimeDistributed: the per-frame function turned frames " + frames.shape()
                    + " into " + y.shape() + "; it must keep the first (frame) dimension");
        }
        return y;
    }

    /** Per-frame features in the packed order of a recurrent layer, and that order. */
    public record PackedClips(Var data, PackedSequence layout) {
    }

    /**
     * Gathers per-frame features (totalFrames, F), clip after clip with {@code framesPerClip[i]}
     * frames for clip i, into packed order (time-major, longest clip first, stable) — a
     * differentiable row gather — with the matching {@link PackedSequence} layout (clip order kept
     * in its sorted/unsorted indices), ready for {@link org.rnn4j.core.autograd.RecurrentOps#recurrent}.
     */
    public static PackedClips packClips(Var features, int[] framesPerClip) {
        if (features.value().rank() != 2) {
            throw new IllegalArgumentException("packClips: features " + features.shape() + " should be (totalFrames, F)");
        }
        if (framesPerClip.length == 0) {
            throw new IllegalArgumentException("packClips: no clips");
        }
        int clips = framesPerClip.length;
        int[] start = new int[clips + 1];
        for (int i = 0; i < clips; i++) {
            if (framesPerClip[i] < 1) {
                throw new IllegalArgumentException("packClips: clip " + i + " has " + framesPerClip[i]
                        + " frames; every clip needs at least one (drop empty clips first)");
            }
            start[i + 1] = start[i] + framesPerClip[i];
        }
        if (start[clips] != features.dim(0)) {
            throw new IllegalArgumentException("packClips: frames per clip " + Arrays.toString(framesPerClip) + " sum to "
                    + start[clips] + " but features are " + features.shape());
        }
        Integer[] order = new Integer[clips];
        for (int i = 0; i < clips; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Integer.compare(framesPerClip[q], framesPerClip[p]));   // stable
        int[] sorted = new int[clips];
        int[] unsorted = new int[clips];
        for (int r = 0; r < clips; r++) {
            sorted[r] = order[r];
            unsorted[order[r]] = r;
        }
        int steps = framesPerClip[sorted[0]];
        int[] batchSizes = new int[steps];
        int[] idx = new int[start[clips]];
        int row = 0;
        for (int t = 0; t < steps; t++) {
            int bs = 0;
            while (bs < clips && framesPerClip[sorted[bs]] > t) {
                idx[row++] = start[sorted[bs]] + t;
                bs++;
            }
            batchSizes[t] = bs;
        }
        Var packed = Shapes.rows(features, idx);
        return new PackedClips(packed, new PackedSequence(packed.value(), batchSizes, sorted, unsorted));
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Module m : inner) {
            ps.addAll(m.parameters());
        }
        return ps;
    }
}
