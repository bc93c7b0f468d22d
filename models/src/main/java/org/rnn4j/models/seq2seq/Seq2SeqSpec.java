package org.rnn4j.models.seq2seq;

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
        check("srcVocab", srcVocab, 5);
        check("tgtVocab", tgtVocab, 5);
        check("embedding", embedding, 1);
        check("encoderHidden", encoderHidden, 1);
        check("encoderLayers", encoderLayers, 1);
        check("decoderHidden", decoderHidden, 1);
        if (attention == Attention.Kind.ADDITIVE) {
            check("attentionSize", attentionSize, 1);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    private static void check(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
        }
    }

    /** Width of an encoder output row (directions * hidden). */
    public int encoderOutput() {
        return (bidirectional ? 2 : 1) * encoderHidden;
    }
}
