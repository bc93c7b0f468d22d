package org.rnn4j.models.vec2seq;

import static org.rnn4j.models.config.Checks.atLeast;
import org.rnn4j.models.config.Checks;

import org.rnn4j.core.nn.CellType;

/**
 * Sizes of a vector → sequence decoder. The feature vector reaches the decoder through the initial
 * state ({@code initState}: h0 = tanh(W_h f + b_h), and for LSTM c0 = W_c f + b_c) and/or as an
 * extra input at every step ({@code feedEveryStep}: the cell sees [embedding(y_{t-1}); f]); at
 * least one of the two must be on. Validated on construction; messages name the field.
 *
 * @param featureSize   width of the input feature vector
 * @param vocab         target vocabulary size, ids as in {@link org.rnn4j.models.text.Vocab}
 *                      (0 pad, 1 start, 2 end, 3 unk), so >= 5
 * @param embedding     target token embedding width
 * @param cell          LSTM or GRU
 * @param hidden        decoder hidden size
 * @param initState     initialise the decoder state from the feature vector (a linear bridge)
 * @param feedEveryStep concatenate the feature vector to the decoder input at every step
 * @param dropout       dropout on the decoder state before the output layer, training only, in [0, 1)
 * @param image         null: the inputs are feature vectors of {@code featureSize} values; otherwise
 *                      the inputs are images that an {@link ImageEncoder} of this spec, trained with
 *                      the decoder, turns into the feature vectors ({@code featureSize} must then
 *                      equal {@code image.features()})
 */
public record Vec2SeqSpec(int featureSize, int vocab, int embedding, CellType cell, int hidden, boolean initState,
                          boolean feedEveryStep, float dropout, ImageEncoderSpec image) {

    public Vec2SeqSpec {
        atLeast("featureSize", featureSize, 1);
        atLeast("vocab", vocab, 5);
        atLeast("embedding", embedding, 1);
        if (cell != CellType.LSTM && cell != CellType.GRU) {
            throw new IllegalArgumentException("cell must be LSTM or GRU, got " + cell);
        }
        atLeast("hidden", hidden, 1);
        if (!initState && !feedEveryStep) {
            throw new IllegalArgumentException("initState and feedEveryStep are both false: the feature vector would"
                    + " never reach the decoder; set initState and/or feedEveryStep");
        }
        Checks.dropout("dropout", dropout);
        if (image != null && image.features() != featureSize) {
            throw new IllegalArgumentException("featureSize " + featureSize + " differs from the image encoder's features "
                    + image.features() + "; use withImage to set both");
        }
    }

    /** An LSTM decoder initialised from the feature vector (no per-step feed), no dropout. */
    public static Vec2SeqSpec of(int featureSize, int vocab, int embedding, int hidden) {
        return new Vec2SeqSpec(featureSize, vocab, embedding, CellType.LSTM, hidden, true, false, 0f, null);
    }

    public Vec2SeqSpec withCell(CellType c) {
        return new Vec2SeqSpec(featureSize, vocab, embedding, c, hidden, initState, feedEveryStep, dropout, image);
    }

    /** Where the feature vector enters: the initial state, every step's input, or both. */
    public Vec2SeqSpec withConditioning(boolean init, boolean feed) {
        return new Vec2SeqSpec(featureSize, vocab, embedding, cell, hidden, init, feed, dropout, image);
    }

    public Vec2SeqSpec withDropout(float p) {
        return new Vec2SeqSpec(featureSize, vocab, embedding, cell, hidden, initState, feedEveryStep, p, image);
    }

    /** Images in, through an image encoder of this spec (featureSize becomes its feature width). */
    public Vec2SeqSpec withImage(ImageEncoderSpec enc) {
        return new Vec2SeqSpec(enc == null ? featureSize : enc.features(), vocab, embedding, cell, hidden, initState,
                feedEveryStep, dropout, enc);
    }

    /** Values of one model input: an image's pixels with an image encoder, else featureSize. */
    public int inputSize() {
        return image == null ? featureSize : image.pixels();
    }

    /** Input width of the decoder cell: embedding (+ featureSize when fed at every step). */
    public int decoderInput() {
        return embedding + (feedEveryStep ? featureSize : 0);
    }

    /** Floats in the model's parameters (image encoder, bridges, embedding, decoder cell, output), from the sizes alone. */
    public long parameterCount() {
        boolean lstm = cell == CellType.LSTM;
        return (image == null ? 0 : image.parameterCount())
                + (initState ? org.rnn4j.models.config.Counts.linear(featureSize(), hidden, true) : 0)
                + (initState && lstm ? org.rnn4j.models.config.Counts.linear(featureSize(), hidden, true) : 0)
                + org.rnn4j.models.config.Counts.embedding(vocab, embedding)
                + org.rnn4j.models.config.Counts.cell(cell, decoderInput(), hidden)
                + org.rnn4j.models.config.Counts.linear(hidden, vocab, true);
    }
}
