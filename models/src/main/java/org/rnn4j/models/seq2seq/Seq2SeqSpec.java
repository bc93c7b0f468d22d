package org.rnn4j.models.seq2seq;

import static org.rnn4j.models.config.Checks.atLeast;
import org.rnn4j.models.config.Checks;

import org.rnn4j.core.nn.Attention;
import org.rnn4j.core.nn.CellType;

/**
 * Sizes of an encoder–decoder with attention. The encoder is a (bi)RNN over source embeddings;
 * the decoder an LSTM cell fed with [target embedding; previous attentional state] (Luong's
 * input feeding), attending over the encoder outputs.
 */
public record Seq2SeqSpec(int srcVocab, int tgtVocab, int embedding, int encoderHidden, int encoderLayers,
                          boolean bidirectional, CellType encoderCell, int decoderHidden, Attention.Kind attention,
                          int attentionSize, float dropout) {

    public Seq2SeqSpec {
        atLeast("srcVocab", srcVocab, 5);
        atLeast("tgtVocab", tgtVocab, 5);
        atLeast("embedding", embedding, 1);
        atLeast("encoderHidden", encoderHidden, 1);
        atLeast("encoderLayers", encoderLayers, 1);
        atLeast("decoderHidden", decoderHidden, 1);
        if (attention == Attention.Kind.ADDITIVE) {
            atLeast("attentionSize", attentionSize, 1);
        }
        Checks.dropout("dropout", dropout);
    }

    /** Width of an encoder output row (directions * hidden). */
    public int encoderOutput() {
        return (bidirectional ? 2 : 1) * encoderHidden;
    }

    /** A builder for vocabularies of these sizes; every other size has the config file's default. */
    public static Builder builder(int srcVocab, int tgtVocab) {
        return new Builder(srcVocab, tgtVocab);
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        return new Builder(srcVocab, tgtVocab).embedding(embedding).encoder(encoderCell, encoderHidden, encoderLayers)
                .bidirectional(bidirectional).decoderHidden(decoderHidden).attention(attention, attentionSize)
                .dropout(dropout);
    }

    /** The sizes of an encoder–decoder, set by name (defaults: the seq2seq config's). */
    public static final class Builder {
        private final int srcVocab;
        private final int tgtVocab;
        private int embedding = 32;
        private CellType encoderCell = CellType.LSTM;
        private int encoderHidden = 64;
        private int encoderLayers = 1;
        private boolean bidirectional = true;
        private int decoderHidden = 128;
        private Attention.Kind attention = Attention.Kind.GENERAL;
        private int attentionSize;
        private float dropout;

        private Builder(int srcVocab, int tgtVocab) {
            this.srcVocab = srcVocab;
            this.tgtVocab = tgtVocab;
        }

        public Builder embedding(int size) {
            this.embedding = size;
            return this;
        }

        /** The encoder's cell, hidden size and layers. */
        public Builder encoder(CellType cell, int hidden, int layers) {
            this.encoderCell = cell;
            this.encoderHidden = hidden;
            this.encoderLayers = layers;
            return this;
        }

        public Builder bidirectional(boolean v) {
            this.bidirectional = v;
            return this;
        }

        public Builder decoderHidden(int size) {
            this.decoderHidden = size;
            return this;
        }

        /** The attention kind; {@code size} is the additive attention's width (0 for dot and general). */
        public Builder attention(Attention.Kind kind, int size) {
            this.attention = kind;
            this.attentionSize = size;
            return this;
        }

        /** Dropout between encoder layers and on the decoder's attentional state. */
        public Builder dropout(float p) {
            this.dropout = p;
            return this;
        }

        /** The spec; a size out of range is an error naming it. */
        public Seq2SeqSpec build() {
            return new Seq2SeqSpec(srcVocab, tgtVocab, embedding, encoderHidden, encoderLayers, bidirectional, encoderCell,
                    decoderHidden, attention, attentionSize, dropout);
        }
    }

    /** Floats in the model's parameters (embeddings, encoder, bridges, decoder cell, attention, output), from the sizes alone. */
    public long parameterCount() {
        int e = encoderOutput();
        int hd = decoderHidden;
        long att = switch (attention) {
            case DOT -> 0;
            case GENERAL -> (long) e * hd;
            case ADDITIVE -> (long) attentionSize * hd + (long) attentionSize * e + attentionSize;
        };
        return org.rnn4j.models.config.Counts.embedding(srcVocab, embedding)
                + org.rnn4j.models.config.Counts.recurrent(new org.rnn4j.core.nn.RecurrentSpec(encoderCell, embedding,
                        encoderHidden, encoderLayers, bidirectional, 0f, true, false, 0))
                + 2 * org.rnn4j.models.config.Counts.linear(e, hd, true)
                + org.rnn4j.models.config.Counts.embedding(tgtVocab, embedding)
                + org.rnn4j.models.config.Counts.cell(CellType.LSTM, embedding + hd, hd) + att
                + org.rnn4j.models.config.Counts.linear(e + hd, hd, false)
                + org.rnn4j.models.config.Counts.linear(hd, tgtVocab, true);
    }
}
