package org.rnn4j.models.lm;

import static org.rnn4j.models.config.Checks.atLeast;
import org.rnn4j.models.config.Checks;

import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.nn.RecurrentSpec;

/**
 * The shape of a {@link LanguageModel}: token ids through an embedding, a unidirectional
 * recurrent stack and a linear layer back to the vocabulary. Validated on construction; every
 * message names the field.
 *
 * <p>Start from {@link #of} (one LSTM layer, no dropout) and change fields with the
 * {@code with...} methods.
 *
 * @param vocab     number of token ids (ids in [0, vocab)), >= 2
 * @param embedding embedding width, >= 1
 * @param cell      the recurrent cell (LSTM, GRU, RNN_TANH, ...)
 * @param hidden    hidden size of every recurrent layer, >= 1
 * @param layers    stacked recurrent layers, >= 1
 * @param dropout   dropout (training only) on the embeddings, between recurrent layers and on the
 *                  last layer's outputs before the output layer, in [0, 1)
 */
public record LanguageModelSpec(int vocab, int embedding, CellType cell, int hidden, int layers, float dropout) {

    public LanguageModelSpec {
        if (vocab < 2) {
            throw new IllegalArgumentException("vocab must be >= 2, got " + vocab);
        }
        atLeast("embedding", embedding, 1);
        if (cell == null) {
            throw new IllegalArgumentException("cell is required");
        }
        atLeast("hidden", hidden, 1);
        atLeast("layers", layers, 1);
        Checks.dropout("dropout", dropout);
    }

    /** One LSTM layer of {@code hidden} units over embeddings of width {@code embedding}, no dropout. */
    public static LanguageModelSpec of(int vocab, int embedding, int hidden) {
        return new LanguageModelSpec(vocab, embedding, CellType.LSTM, hidden, 1, 0f);
    }

    public LanguageModelSpec withCell(CellType c) {
        return new LanguageModelSpec(vocab, embedding, c, hidden, layers, dropout);
    }

    public LanguageModelSpec withHidden(int h) {
        return new LanguageModelSpec(vocab, embedding, cell, h, layers, dropout);
    }

    public LanguageModelSpec withLayers(int n) {
        return new LanguageModelSpec(vocab, embedding, cell, hidden, n, dropout);
    }

    public LanguageModelSpec withDropout(float p) {
        return new LanguageModelSpec(vocab, embedding, cell, hidden, layers, p);
    }

    /** The recurrent stack's spec (unidirectional, time-first, with bias, no projection). */
    public RecurrentSpec recurrentSpec() {
        return new RecurrentSpec(cell, embedding, hidden, layers, false, layers > 1 ? dropout : 0f, true, false, 0);
    }

    /** Floats in the model's parameters (embedding, recurrent stack, output layer), from the sizes alone. */
    public long parameterCount() {
        return org.rnn4j.models.config.Counts.embedding(vocab, embedding)
                + org.rnn4j.models.config.Counts.recurrent(recurrentSpec())
                + org.rnn4j.models.config.Counts.linear(hidden, vocab, true);
    }
}
