package org.rnn4j.core.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.core.autograd.AttentionOps;
import org.rnn4j.core.autograd.Linalg;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Init;
import org.rnn4j.core.tensor.Shape;

/**
 * Attention of a decoder state over encoder outputs, with a source mask (padded positions get
 * weight exactly 0): Luong's multiplicative scores ({@link Kind#DOT}: q . k; {@link Kind#GENERAL}:
 * q W . k) or Bahdanau's additive scores ({@link Kind#ADDITIVE}: v . tanh(W_q q + W_k k)).
 *
 * <p>Keys are the encoder outputs laid out batch-major as rows (B * S, keyDim). Call
 * {@link #prepare} once per source batch (it projects the keys for the additive kind), then
 * {@link #attend} at every decoder step.
 */
public final class Attention implements Module, AutoCloseable {
    public enum Kind { DOT, GENERAL, ADDITIVE }

    /** The attention's result for one decoder step: context (B, keyDim) and weights (B, S). */
    public record Result(Var context, Var weights) {
    }

    /** Keys prepared for one source batch. */
    public record Keys(Var keys, Var projected, int[] lengths, int srcLen) {
    }

    private final Kind kind;
    private final int queryDim;
    private final int keyDim;
    private final List<Parameter> params = new ArrayList<>();
    private final Parameter w;      // GENERAL: (keyDim, queryDim); ADDITIVE: W_q (attn, queryDim)
    private final Parameter wk;     // ADDITIVE: (attn, keyDim)
    private final Parameter v;      // ADDITIVE: (attn)

    public Attention(Kind kind, int queryDim, int keyDim, int attnDim, Allocator alloc, long seed) {
        this.kind = kind;
        this.queryDim = queryDim;
        this.keyDim = keyDim;
        SplittableRandom r = new SplittableRandom(seed);
        switch (kind) {
            case DOT -> {
                if (queryDim != keyDim) {
                    throw new IllegalArgumentException("dot attention needs query size == key size, got " + queryDim
                            + " and " + keyDim + " (use GENERAL or ADDITIVE)");
                }
                w = null;
                wk = null;
                v = null;
            }
            case GENERAL -> {
                w = param("weight", Shape.of(keyDim, queryDim), alloc, 1 / Math.sqrt(queryDim), r);
                wk = null;
                v = null;
            }
            case ADDITIVE -> {
                if (attnDim < 1) {
                    throw new IllegalArgumentException("additive attention needs attnDim >= 1, got " + attnDim);
                }
                w = param("query_weight", Shape.of(attnDim, queryDim), alloc, 1 / Math.sqrt(queryDim), r);
                wk = param("key_weight", Shape.of(attnDim, keyDim), alloc, 1 / Math.sqrt(keyDim), r);
                v = param("v", Shape.of(attnDim), alloc, 1 / Math.sqrt(attnDim), r);
            }
            default -> throw new AssertionError(kind);
        }
    }

    private Parameter param(String name, Shape shape, Allocator alloc, double bound, SplittableRandom r) {
        Parameter p = new Parameter(name, shape, alloc);
        Init.uniform(p.value(), (float) -bound, (float) bound, r.nextLong());
        params.add(p);
        return p;
    }

    public Kind kind() {
        return kind;
    }

    /** keys (B * srcLen, keyDim) batch-major; lengths[b] in [1, srcLen]. */
    public Keys prepare(Tape tape, Var keys, int[] lengths, int srcLen) {
        if (keys.dim(1) != keyDim || keys.dim(0) != lengths.length * srcLen) {
            throw new IllegalArgumentException("attention keys " + keys.shape() + " should be (" + lengths.length
                    + " * " + srcLen + ", " + keyDim + ")");
        }
        Var projected = kind == Kind.ADDITIVE ? Linalg.linear(keys, tape.param(wk), null) : null;
        return new Keys(keys, projected, lengths.clone(), srcLen);
    }

    /** query (B, queryDim) → context (B, keyDim) and weights (B, S). */
    public Result attend(Tape tape, Var query, Keys k) {
        if (query.dim(1) != queryDim || query.dim(0) != k.lengths().length) {
            throw new IllegalArgumentException("attention query " + query.shape() + " should be (" + k.lengths().length
                    + ", " + queryDim + ")");
        }
        Var scores = switch (kind) {
            case DOT -> AttentionOps.dotScores(query, k.keys(), k.srcLen());
            case GENERAL -> AttentionOps.dotScores(Linalg.linear(query, tape.param(w), null), k.keys(), k.srcLen());
            case ADDITIVE -> AttentionOps.additiveScores(Linalg.linear(query, tape.param(w), null), k.projected(),
                    tape.param(v), k.srcLen());
        };
        Var weights = AttentionOps.maskedSoftmax(scores, k.lengths());
        return new Result(AttentionOps.weightedSum(weights, k.keys(), k.srcLen()), weights);
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(params);
    }

    @Override
    public void close() {
        params.forEach(Parameter::close);
    }
}
