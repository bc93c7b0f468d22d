package org.rnn4j.models.vec2seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.core.autograd.Losses;
import org.rnn4j.core.autograd.Pointwise;
import org.rnn4j.core.autograd.RecurrentOps;
import org.rnn4j.core.autograd.Shapes;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.kernel.Kernels;
import org.rnn4j.core.kernel.RowOps;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.nn.Dropout;
import org.rnn4j.core.nn.Embedding;
import org.rnn4j.core.nn.GruCell;
import org.rnn4j.core.nn.Linear;
import org.rnn4j.core.nn.LstmCell;
import org.rnn4j.core.nn.NamedModule;
import org.rnn4j.core.nn.RecurrentCell;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.models.text.Vocab;

/**
 * Vector → sequence: a feature vector (an image embedding, a class code, any float vector)
 * conditions an LSTM/GRU cell decoder that emits tokens until the end token — captioning and
 * generation from a feature vector. Token ids follow {@link Vocab}'s reserved ids.
 *
 * <pre>
 *  f (B, featureSize) ──► bridge: h0 = tanh(W_h f + b_h), c0 = W_c f + b_c     (initState)
 *                    └──────────────────────────┐                             (feedEveryStep)
 *  y_{t-1} ─► embedding ─► [emb ; f] ─► LSTM/GRU cell ─► h_t ─► dropout ─► linear ─► logits_t
 *  (y_0 = &lt;s&gt;)                         ▲ h_{t-1}, c_{t-1}                      │ greedy: argmax
 *                                                                             └─► y_t, until &lt;/s&gt;
 * </pre>
 *
 * With an {@link ImageEncoderSpec} in the spec the inputs are images (C·H·W values each, CHW
 * row-major) and f is their CNN embedding ({@link ImageEncoder}, trained with the decoder, its
 * parameters named {@code encoder.*}): image → sequence, e.g. reading a string of digits.
 */
public final class Vec2Seq extends NamedModule<Vec2SeqSpec> implements AutoCloseable {
    private final ImageEncoder encoder;
    private final Linear bridgeH;
    private final Linear bridgeC;
    private final Embedding embedding;
    private final RecurrentCell decoder;
    private final Dropout dropout;
    private final Linear output;

    public Vec2Seq(Vec2SeqSpec spec, Allocator alloc, long seed) {
        super(spec);
        SplittableRandom r = new SplittableRandom(seed);
        int hd = spec.hidden();
        boolean lstm = spec.cell() == CellType.LSTM;
        encoder = spec.image() == null ? null : new ImageEncoder(spec.image(), alloc, r.nextLong());
        bridgeH = spec.initState() ? new Linear(spec.featureSize(), hd, true, alloc, r.nextLong()) : null;
        bridgeC = spec.initState() && lstm ? new Linear(spec.featureSize(), hd, true, alloc, r.nextLong()) : null;
        embedding = new Embedding(spec.vocab(), spec.embedding(), Vocab.PAD_ID, alloc, r.nextLong());
        decoder = lstm ? new LstmCell(spec.decoderInput(), hd, true, alloc, r.nextLong())
                : new GruCell(spec.decoderInput(), hd, true, alloc, r.nextLong());
        dropout = new Dropout(spec.dropout(), r.nextLong());
        output = new Linear(hd, spec.vocab(), true, alloc, r.nextLong());
        if (encoder != null) {
            add("encoder.", encoder);
        }
        if (bridgeH != null) {
            add("bridge_h.", bridgeH);
        }
        if (bridgeC != null) {
            add("bridge_c.", bridgeC);
        }
        add("embedding.", embedding);
        add("decoder.", decoder);
        add("output.", output);
    }

    /** A decoder state: h and (LSTM) c; null means zeros. */
    private record State(Var h, Var c) {
    }

    /**
     * The feature vectors (B, featureSize) of a batch of inputs: the inputs themselves, or with an
     * image encoder their CNN embeddings (recorded on the tape, so the encoder trains too).
     */
    public Var features(Tape tape, float[][] inputs) {
        if (inputs == null || inputs.length == 0) {
            throw new IllegalArgumentException("no inputs");
        }
        int b = inputs.length;
        int f = spec.inputSize();
        float[] flat = new float[b * f];
        for (int i = 0; i < b; i++) {
            if (inputs[i] == null || inputs[i].length != f) {
                int got = inputs[i] == null ? 0 : inputs[i].length;
                ImageEncoderSpec im = spec.image();
                throw new IllegalArgumentException(im == null
                        ? "feature vector " + i + " has " + got + " values; featureSize is " + f
                        : "image " + i + " has " + got + " values; expected channels * height * width = "
                                + im.channels() + " * " + im.height() + " * " + im.width() + " = " + f);
            }
            System.arraycopy(inputs[i], 0, flat, i * f, f);
        }
        ImageEncoderSpec im = spec.image();
        Tensor t = tape.workspace().allocateUninitialized(im == null ? Shape.of(b, f)
                : Shape.of(b, im.channels(), im.height(), im.width()));
        Var x = tape.constant(t.copyFrom(flat));
        return encoder == null ? x : encoder.forward(tape, x);
    }

    private State initial(Tape tape, Var feats) {
        if (!spec.initState()) {
            return new State(null, null);
        }
        Var h0 = Pointwise.tanh(bridgeH.forward(tape, feats));
        Var c0 = bridgeC == null ? null : bridgeC.forward(tape, feats);
        return new State(h0, c0);
    }

    private State step(Tape tape, Var feats, State s, int[] prevTokens, boolean training) {
        Var emb = embedding.forward(tape, prevTokens);
        Var in = spec.feedEveryStep() ? Shapes.concatColumns(emb, feats) : emb;
        RecurrentOps.Step cell = RecurrentOps.cell(decoder, in, s.h(), s.c(), training);
        return new State(cell.h(), cell.c());
    }

    /**
     * Teacher-forced cross-entropy, the mean over real target tokens with the end token included
     * (padding positions are {@link Losses#IGNORE}d), for feature vectors (B, featureSize) and
     * target id sequences of any lengths (without start/end tokens).
     */
    public Var loss(Tape tape, float[][] features, int[][] targets, boolean training) {
        if (features.length != targets.length) {
            throw new IllegalArgumentException(features.length + " feature vectors but " + targets.length + " targets");
        }
        int b = features.length;
        int steps = 0;
        for (int i = 0; i < b; i++) {
            for (int id : targets[i]) {
                if (id < 0 || id >= spec.vocab() || id == Vocab.PAD_ID || id == Vocab.BOS_ID || id == Vocab.EOS_ID) {
                    throw new IllegalArgumentException("target " + i + " holds id " + id + "; target ids must be in [0, "
                            + spec.vocab() + ") and not pad/start/end (the end token is appended)");
                }
            }
            steps = Math.max(steps, targets[i].length + 1);
        }
        Var feats = features(tape, features);
        State s = initial(tape, feats);
        List<Var> outs = new ArrayList<>(steps);
        int[] gold = new int[steps * b];
        for (int t = 0; t < steps; t++) {
            int[] prev = new int[b];
            for (int i = 0; i < b; i++) {
                int[] y = targets[i];
                prev[i] = t == 0 ? Vocab.BOS_ID : t - 1 < y.length ? y[t - 1] : Vocab.PAD_ID;
                gold[t * b + i] = t < y.length ? y[t] : t == y.length ? Vocab.EOS_ID : Losses.IGNORE;
            }
            s = step(tape, feats, s, prev, training);
            outs.add(s.h());
        }
        Var hs = dropout.forward(Shapes.concatRows(outs.toArray(Var[]::new)), training);
        return Losses.crossEntropy(output.forward(tape, hs), gold);
    }

    /**
     * Greedy decoding of a batch: at every step the most likely token, fed back, until a sequence
     * emits the end token (which ends it and is kept as its last id) or {@code maxLen} tokens; the
     * loop stops as soon as every sequence has ended. Sequences that never emit the end token are
     * {@code maxLen} long.
     */
    public int[][] greedy(Tape tape, float[][] features, int maxLen) {
        if (maxLen < 1) {
            throw new IllegalArgumentException("maxLen must be >= 1, got " + maxLen);
        }
        try (Tape.Scope ignored = tape.noGrad()) {
            int b = features.length;
            Var feats = features(tape, features);
            State s = initial(tape, feats);
            int[] prev = new int[b];
            Arrays.fill(prev, Vocab.BOS_ID);
            int[][] out = new int[b][maxLen];
            boolean[] done = new boolean[b];
            int[] len = new int[b];
            int[] best = new int[b];
            for (int t = 0; t < maxLen; t++) {
                s = step(tape, feats, s, prev, false);
                Var logits = output.forward(tape, s.h());
                RowOps.argmaxRows(b, spec.vocab(), logits.value().data(), 0, spec.vocab(), best);
                boolean all = true;
                for (int i = 0; i < b; i++) {
                    if (!done[i]) {
                        out[i][len[i]++] = best[i];
                        done[i] = best[i] == Vocab.EOS_ID;
                    }
                    all &= done[i];
                    prev[i] = done[i] ? Vocab.PAD_ID : best[i];
                }
                if (all) {
                    break;
                }
            }
            int[][] trimmed = new int[b][];
            for (int i = 0; i < b; i++) {
                trimmed[i] = Arrays.copyOf(out[i], len[i]);
            }
            return trimmed;
        }
    }

    /** The tokens of a decoded sequence before its end token. */
    public static int[] stripEnd(int[] decoded) {
        int n = 0;
        while (n < decoded.length && decoded[n] != Vocab.EOS_ID) {
            n++;
        }
        return Arrays.copyOf(decoded, n);
    }

    @Override
    public void close() {
        if (encoder != null) {
            encoder.close();
        }
        if (bridgeH != null) {
            bridgeH.close();
        }
        if (bridgeC != null) {
            bridgeC.close();
        }
        embedding.close();
        decoder.close();
        output.close();
    }

    static {
        // The model assumes the kernel settings are loaded (species, scalar switch) before use.
        Kernels.describe();
    }
}
