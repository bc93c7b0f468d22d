package org.rnn4j.models.lm;

import org.rnn4j.models.text.Sampling;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.rnn4j.core.autograd.Losses;
import org.rnn4j.core.autograd.RecurrentOps;
import org.rnn4j.core.autograd.RecurrentState;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.kernel.Kernels;
import org.rnn4j.core.nn.Dropout;
import org.rnn4j.core.nn.Embedding;
import org.rnn4j.core.nn.Linear;
import org.rnn4j.core.nn.NamedModule;
import org.rnn4j.core.nn.RecurrentLayer;
import org.rnn4j.core.seq.PackedSequence;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.core.tensor.WorkspacePool;

/**
 * A recurrent language model: the next token's distribution given all the tokens before it.
 *
 * <pre>
 * ids (B streams × T steps) ─► embedding ─► dropout ─► packed (B·T, E)
 *                                                         │   h0/c0 ◄── RecurrentState (carried, detached)
 *                                                         ▼
 *                                           RNN × layers (LSTM/GRU/RNN) ──► h_n/c_n ──► RecurrentState
 *                                                         │ (B·T, H)
 *                                               dropout ─► output (Linear H→V) ─► logits (B·T, V)
 *                                                         │
 *                             cross-entropy against the next ids (targets = inputs shifted by one)
 * </pre>
 *
 * Parameters carry state_dict names: {@code embedding.weight}, {@code rnn.weight_ih_l0}, ...,
 * {@code output.weight}, {@code output.bias}. Not thread-safe.
 */
public final class LanguageModel extends NamedModule<LanguageModelSpec> implements AutoCloseable {
    /** Steps per window in {@link #perplexity(int[])}. */
    static final int EVAL_WINDOW = 256;

    private final Embedding embedding;
    private final RecurrentLayer rnn;
    private final Dropout inputDropout;
    private final Dropout outputDropout;
    private final Linear output;
    private final WorkspacePool inference = new WorkspacePool("lm inference", 1 << 20);   // one per concurrent call

    /** Creates and initialises the parameters in {@code alloc} from {@code seed}. */
    public LanguageModel(LanguageModelSpec spec, Allocator alloc, long seed) {
        if (spec == null) {
            throw new IllegalArgumentException("spec is required");
        }
        super(spec);
        SplittableRandom r = new SplittableRandom(seed);
        embedding = new Embedding(spec.vocab(), spec.embedding(), -1, alloc, r.nextLong());
        rnn = RecurrentLayer.create(spec.recurrentSpec(), alloc, r.nextLong());
        inputDropout = new Dropout(spec.dropout(), r.nextLong());
        outputDropout = new Dropout(spec.dropout(), r.nextLong());
        output = new Linear(spec.hidden(), spec.vocab(), true, alloc, r.nextLong());
        add("embedding.", embedding);
        add("rnn.", rnn);
        add("output.", output);
    }

    /**
     * A batch after the model: logits (N, vocab) in packed order (step-major; row r is step
     * {@code structure.rowStep()[r]} of stream {@code structure.rowSequence()[r]}), the structure
     * and the recurrent outputs (with h_n, c_n).
     */
    public record Forward(Var logits, PackedSequence.Structure structure, RecurrentOps.Outputs rnn) {
    }

    /**
     * Runs the windows {@code inputs} (one row per stream; lengths >= 1, may differ) through the
     * model. When {@code state} is not null the streams start from its carried states (zeros when
     * it holds none) and their final states are carried into it afterwards (copied, detached), so
     * the next call continues the streams: truncated back-propagation through time.
     */
    public Forward forward(Tape tape, int[][] inputs, RecurrentState state, boolean training) {
        if (inputs == null || inputs.length == 0) {
            throw new IllegalArgumentException("inputs must hold at least one stream");
        }
        int[] lengths = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            lengths[i] = inputs[i].length;
        }
        PackedSequence.Structure st = PackedSequence.structure(lengths);
        int[] ids = st.gather(inputs);
        for (int row = 0; row < ids.length; row++) {
            if (ids[row] < 0 || ids[row] >= spec.vocab()) {
                throw new IllegalArgumentException("token " + ids[row] + " at step " + st.rowStep()[row] + " of stream "
                        + st.rowSequence()[row] + " is outside [0, vocab = " + spec.vocab() + ")");
            }
        }
        Var x = inputDropout.forward(embedding.forward(tape, ids), training);
        Var h0 = state == null ? null : state.h0(tape);
        Var c0 = state == null ? null : state.c0(tape);
        if (h0 != null && h0.dim(1) != inputs.length) {
            throw new IllegalArgumentException("the carried state holds " + h0.dim(1) + " streams but the batch has "
                    + inputs.length + "; reset the state when the number of streams changes");
        }
        RecurrentOps.Outputs out = RecurrentOps.recurrent(rnn, x, st.withData(x.value()), h0, c0, training);
        if (state != null) {
            state.carry(out);
        }
        Var logits = output.forward(tape, outputDropout.forward(out.output(), training));
        return new Forward(logits, st, out);
    }

    /**
     * Mean next-token cross-entropy of the windows: {@code targets[i][t]} is the token after
     * {@code inputs[i][t]} ({@link Losses#IGNORE} skips a position). States are carried through
     * {@code state} as in {@link #forward}; dropout applies when {@code training}.
     */
    public Var loss(Tape tape, int[][] inputs, int[][] targets, RecurrentState state, boolean training) {
        return crossEntropy(tape, inputs, targets, state, training, Losses.Reduction.MEAN);
    }

    private Var crossEntropy(Tape tape, int[][] inputs, int[][] targets, RecurrentState state, boolean training,
                             Losses.Reduction reduction) {
        if (targets == null || targets.length != (inputs == null ? 0 : inputs.length)) {
            throw new IllegalArgumentException("targets must have one row per input stream");
        }
        for (int i = 0; i < inputs.length; i++) {
            if (targets[i].length != inputs[i].length) {
                throw new IllegalArgumentException("stream " + i + " has " + inputs[i].length + " inputs but "
                        + targets[i].length + " targets");
            }
        }
        Forward f = forward(tape, inputs, state, training);
        int[] seq = f.structure().rowSequence();
        int[] step = f.structure().rowStep();
        int[] tg = new int[seq.length];
        for (int row = 0; row < tg.length; row++) {
            tg[row] = targets[seq[row]][step[row]];
        }
        return Losses.crossEntropy(f.logits(), tg, Losses.IGNORE, null, 0f, reduction);
    }

    /**
     * Inference (no grad, no dropout): the logits of every step, {@code [stream][step][vocab]}.
     * States carry through {@code state} when it is not null.
     */
    public float[][][] logits(int[][] inputs, RecurrentState state) {
        try (WorkspacePool.Lease ws = inference.borrow()) {
            Tape tape = new Tape(ws.workspace());
            try (Tape.Scope ignored = tape.noGrad()) {
                Forward f = forward(tape, inputs, state, false);
                float[] flat = f.logits().value().toArray();
                int v = spec.vocab();
                float[][][] out = new float[inputs.length][][];
                for (int i = 0; i < inputs.length; i++) {
                    out[i] = new float[inputs[i].length][];
                }
                int[] seq = f.structure().rowSequence();
                int[] step = f.structure().rowStep();
                for (int row = 0; row < seq.length; row++) {
                    out[seq[row]][step[row]] = Arrays.copyOfRange(flat, row * v, (row + 1) * v);
                }
                return out;
            }
        }
    }

    /**
     * Mean next-token cross-entropy (nats) over a held-out stream: every token after the first
     * is predicted from all the tokens before it, in windows of {@code window} steps with the
     * states carried between them (no grad, no dropout). Needs at least two tokens.
     */
    public double crossEntropy(int[] tokens, int window) {
        if (tokens == null || tokens.length < 2) {
            throw new IllegalArgumentException("a held-out stream needs at least 2 tokens");
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        double sum = 0;
        try (RecurrentState state = new RecurrentState("lm eval state"); WorkspacePool.Lease lease = inference.borrow()) {
            Workspace ws = lease.workspace();
            for (int from = 0; from < tokens.length - 1; from += window) {
                int to = Math.min(tokens.length - 1, from + window);
                int[][] in = {Arrays.copyOfRange(tokens, from, to)};
                int[][] tg = {Arrays.copyOfRange(tokens, from + 1, to + 1)};
                try {
                    Tape tape = new Tape(ws);
                    try (Tape.Scope ignored = tape.noGrad()) {
                        sum += crossEntropy(tape, in, tg, state, false, Losses.Reduction.SUM).value().get(0);
                    }
                } finally {
                    ws.reset();
                }
            }
        }
        return sum / (tokens.length - 1);
    }

    /** Perplexity of a held-out stream: exp of {@link #crossEntropy(int[], int)}. */
    public double perplexity(int[] tokens, int window) {
        return Math.exp(crossEntropy(tokens, window));
    }

    /** {@link #perplexity(int[], int)} in windows of 256 steps. */
    public double perplexity(int[] tokens) {
        return perplexity(tokens, EVAL_WINDOW);
    }

    /**
     * Generates {@code length} tokens after {@code prompt} (which is fed first, one pass; at least
     * one token). Each token is drawn from softmax(logits / temperature) restricted to the
     * {@code topK} most likely (0 = all), from a generator seeded with {@code seed}; temperature 0
     * picks the most likely token (greedy, no randomness). Returns the new tokens only.
     */
    public int[] generate(int[] prompt, int length, float temperature, int topK, long seed) {
        if (prompt == null || prompt.length == 0) {
            throw new IllegalArgumentException("prompt must hold at least one token");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        if (!(temperature >= 0f) || !Float.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0 (0 = greedy), got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0 (0 = no limit), got " + topK);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] out = new int[length];
        if (length == 0) {
            return out;
        }
        try (RecurrentState state = new RecurrentState("lm generate state")) {
            float[][][] l = logits(new int[][] {prompt}, state);
            float[] last = l[0][prompt.length - 1];
            for (int t = 0; t < length; t++) {
                out[t] = pick(last, temperature, topK, rng);
                if (t + 1 < length) {
                    last = logits(new int[][] {{out[t]}}, state)[0][0];
                }
            }
        }
        return out;
    }

    /** One draw from the logits (temperature 0: argmax, lowest id on ties). */
    static int pick(float[] logits, float temperature, int topK, SplittableRandom rng) {
        int v = logits.length;
        if (temperature == 0f) {
            int best = 0;
            for (int k = 1; k < v; k++) {
                if (logits[k] > logits[best]) {
                    best = k;
                }
            }
            return best;
        }
        double[] p = new double[v];
        for (int k = 0; k < v; k++) {
            p[k] = logits[k] / (double) temperature;
        }
        return Sampling.draw(p, topK, rng).token();
    }

    @Override
    public void close() {
        embedding.close();
        rnn.close();
        output.close();
        inference.close();
    }

    static {
        // The model assumes the kernel settings are loaded (species, scalar switch) before use.
        Kernels.describe();
    }
}
