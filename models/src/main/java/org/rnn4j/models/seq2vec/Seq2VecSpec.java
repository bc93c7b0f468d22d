package org.rnn4j.models.seq2vec;

import static org.rnn4j.models.config.Checks.atLeast;
import static org.rnn4j.models.config.Checks.required;

import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.nn.RecurrentSpec;

/**
 * The shape of a sequence → vector model: the input (token ids through an embedding, or numeric
 * feature vectors), the recurrent stack, the pooling and the head. Validated on construction;
 * every message names the field.
 *
 * <p>Start from {@link #tokens} or {@link #features} (defaults: one unidirectional LSTM layer,
 * {@link Pooling#LAST}, no dropout, classification) and change fields with the {@code with...}
 * methods.
 *
 * @param input         {@link Input#TOKENS} or {@link Input#FEATURES}
 * @param vocab         TOKENS: number of token ids (ids in [0, vocab)); FEATURES: 0
 * @param embedding     TOKENS: embedding width; FEATURES: 0
 * @param paddingIdx    TOKENS: an id whose embedding row stays zero and gets no gradient, or -1
 *                      for none; FEATURES: -1
 * @param features      FEATURES: width of each step's vector; TOKENS: 0
 * @param cell          the recurrent cell
 * @param hidden        hidden size of every recurrent layer
 * @param layers        stacked recurrent layers
 * @param bidirectional a reverse direction in every layer
 * @param rnnDropout    dropout between recurrent layers (training only), in [0, 1)
 * @param pooling       how the outputs become one vector per sequence
 * @param dropout       dropout on the pooled vector before the head (training only), in [0, 1)
 * @param task          {@link Task#CLASSIFICATION} (softmax cross-entropy) or
 *                      {@link Task#REGRESSION} (mean squared error)
 * @param outputs       classes (>= 2) or regression targets per sequence (>= 1)
 */
public record Seq2VecSpec(Input input, int vocab, int embedding, int paddingIdx, int features, CellType cell,
                          int hidden, int layers, boolean bidirectional, float rnnDropout, Pooling pooling,
                          float dropout, Task task, int outputs) {

    /** What each step of a sequence is. */
    public enum Input {
        /** An integer token id, looked up in an embedding table. */
        TOKENS,
        /** A float vector of {@code features} values (a row of an image, a signal sample, ...). */
        FEATURES
    }

    /** What the head predicts. */
    public enum Task {
        /** One of {@code outputs} classes: logits, softmax cross-entropy. */
        CLASSIFICATION,
        /** A vector of {@code outputs} values: mean squared error. */
        REGRESSION
    }

    public Seq2VecSpec {
        required("input", input);
        required("cell", cell);
        required("pooling", pooling);
        required("task", task);
        if (input == Input.TOKENS) {
            atLeast("vocab", vocab, 1);
            atLeast("embedding", embedding, 1);
            if (paddingIdx < -1 || paddingIdx >= vocab) {
                throw new IllegalArgumentException("paddingIdx must be -1 (none) or in [0, vocab = " + vocab + "), got "
                        + paddingIdx);
            }
            unused("features", features, 0, input);
        } else {
            atLeast("features", features, 1);
            unused("vocab", vocab, 0, input);
            unused("embedding", embedding, 0, input);
            unused("paddingIdx", paddingIdx, -1, input);
        }
        atLeast("hidden", hidden, 1);
        atLeast("layers", layers, 1);
        probability("rnnDropout", rnnDropout);
        probability("dropout", dropout);
        atLeast("outputs", outputs, task == Task.CLASSIFICATION ? 2 : 1);
    }

    private static void unused(String name, int v, int expected, Input input) {
        if (v != expected) {
            throw new IllegalArgumentException(name + " must be " + expected + " for " + input + " input, got " + v);
        }
    }

    private static void probability(String name, float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + p);
        }
    }

    /** Token ids through an embedding; one LSTM layer, LAST pooling, classification into {@code classes}. */
    public static Seq2VecSpec tokens(int vocab, int embedding, int hidden, int classes) {
        return new Seq2VecSpec(Input.TOKENS, vocab, embedding, -1, 0, CellType.LSTM, hidden, 1, false, 0f,
                Pooling.LAST, 0f, Task.CLASSIFICATION, classes);
    }

    /** Feature vectors of width {@code features}; one LSTM layer, LAST pooling, classification. */
    public static Seq2VecSpec features(int features, int hidden, int classes) {
        return new Seq2VecSpec(Input.FEATURES, 0, 0, -1, features, CellType.LSTM, hidden, 1, false, 0f,
                Pooling.LAST, 0f, Task.CLASSIFICATION, classes);
    }

    public Seq2VecSpec withPaddingIdx(int id) {
        return new Seq2VecSpec(input, vocab, embedding, id, features, cell, hidden, layers, bidirectional, rnnDropout,
                pooling, dropout, task, outputs);
    }

    public Seq2VecSpec withCell(CellType c) {
        return new Seq2VecSpec(input, vocab, embedding, paddingIdx, features, c, hidden, layers, bidirectional,
                rnnDropout, pooling, dropout, task, outputs);
    }

    public Seq2VecSpec withHidden(int h) {
        return new Seq2VecSpec(input, vocab, embedding, paddingIdx, features, cell, h, layers, bidirectional,
                rnnDropout, pooling, dropout, task, outputs);
    }

    public Seq2VecSpec withLayers(int n) {
        return new Seq2VecSpec(input, vocab, embedding, paddingIdx, features, cell, hidden, n, bidirectional,
                rnnDropout, pooling, dropout, task, outputs);
    }

    public Seq2VecSpec withBidirectional(boolean b) {
        return new Seq2VecSpec(input, vocab, embedding, paddingIdx, features, cell, hidden, layers, b, rnnDropout,
                pooling, dropout, task, outputs);
    }

    public Seq2VecSpec withRnnDropout(float p) {
        return new Seq2VecSpec(input, vocab, embedding, paddingIdx, features, cell, hidden, layers, bidirectional, p,
                pooling, dropout, task, outputs);
    }

    public Seq2VecSpec withPooling(Pooling p) {
        return new Seq2VecSpec(input, vocab, embedding, paddingIdx, features, cell, hidden, layers, bidirectional,
                rnnDropout, p, dropout, task, outputs);
    }

    public Seq2VecSpec withDropout(float p) {
        return new Seq2VecSpec(input, vocab, embedding, paddingIdx, features, cell, hidden, layers, bidirectional,
                rnnDropout, pooling, p, task, outputs);
    }

    /** Classification into {@code classes} classes. */
    public Seq2VecSpec classification(int classes) {
        return new Seq2VecSpec(input, vocab, embedding, paddingIdx, features, cell, hidden, layers, bidirectional,
                rnnDropout, pooling, dropout, Task.CLASSIFICATION, classes);
    }

    /** Regression to {@code n} values per sequence. */
    public Seq2VecSpec regression(int n) {
        return new Seq2VecSpec(input, vocab, embedding, paddingIdx, features, cell, hidden, layers, bidirectional,
                rnnDropout, pooling, dropout, Task.REGRESSION, n);
    }

    /** Width of a step's input to the first recurrent layer. */
    public int inputSize() {
        return input == Input.TOKENS ? embedding : features;
    }

    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Width of the pooled vector: directions * hidden. */
    public int pooledSize() {
        return directions() * hidden;
    }

    /** The recurrent stack's spec (time-first, with bias, no projection). */
    public RecurrentSpec recurrentSpec() {
        return new RecurrentSpec(cell, inputSize(), hidden, layers, bidirectional, layers > 1 ? rnnDropout : 0f, true,
                false, 0);
    }

    /** Floats in the model's parameters (embedding, recurrent stack, head), from the sizes alone. */
    public long parameterCount() {
        return (input == Input.TOKENS ? org.rnn4j.models.config.Counts.embedding(vocab, embedding) : 0)
                + org.rnn4j.models.config.Counts.recurrent(recurrentSpec())
                + org.rnn4j.models.config.Counts.linear(pooledSize(), outputs, true);
    }
}
