package org.rnn4j.models.seq2seq;

import org.rnn4j.models.seq2vec.SequencePooling;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.core.autograd.Losses;
import org.rnn4j.core.autograd.Pointwise;
import org.rnn4j.core.autograd.RecurrentOps;
import org.rnn4j.core.autograd.Shapes;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.nn.Attention;
import org.rnn4j.core.nn.Embedding;
import org.rnn4j.core.nn.Linear;
import org.rnn4j.core.nn.LstmCell;
import org.rnn4j.core.nn.NamedModule;
import org.rnn4j.core.nn.RecurrentLayer;
import org.rnn4j.core.nn.RecurrentSpec;
import org.rnn4j.core.seq.PackedSequence;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.models.text.Vocab;

/**
 * Sequence → sequence: encoder (bi)RNN over a packed source, decoder LSTM cell with attention
 * over the encoder outputs (padded source positions masked), and a bridge from the encoder's
 * final states to the decoder's initial state. Token ids follow {@link Vocab}'s reserved ids.
 *
 * <pre>
 * src ids ─► embedding ─► (bi)RNN ─► outputs (B*S, E) ──────────────┐ keys
 *                                └─► h_n ─► bridge ─► (h0, c0)       ▼
 * y_{t-1} ─► embedding ─┬─► LSTM cell ─► h_t ─► attention ─► context_t
 *    a_{t-1} (input feed)┘                 └──────► tanh(W [context; h]) = a_t ─► logits_t
 * </pre>
 */
public final class Seq2Seq extends NamedModule<Seq2SeqSpec> implements AutoCloseable {
    private final Embedding srcEmbedding;
    private final RecurrentLayer encoder;
    private final Linear bridgeH;
    private final Linear bridgeC;
    private final Embedding tgtEmbedding;
    private final LstmCell decoder;
    private final Attention attention;
    private final Linear combine;
    private final Linear output;

    public Seq2Seq(Seq2SeqSpec spec, Allocator alloc, long seed) {
        super(spec);
        SplittableRandom r = new SplittableRandom(seed);
        int e = spec.encoderOutput();
        int hd = spec.decoderHidden();
        srcEmbedding = new Embedding(spec.srcVocab(), spec.embedding(), Vocab.PAD_ID, alloc, r.nextLong());
        encoder = RecurrentLayer.create(new RecurrentSpec(spec.encoderCell(), spec.embedding(), spec.encoderHidden(),
                spec.encoderLayers(), spec.bidirectional(), spec.encoderLayers() > 1 ? spec.dropout() : 0f, true, false, 0),
                alloc, r.nextLong());
        bridgeH = new Linear(e, hd, true, alloc, r.nextLong());
        bridgeC = new Linear(e, hd, true, alloc, r.nextLong());
        tgtEmbedding = new Embedding(spec.tgtVocab(), spec.embedding(), Vocab.PAD_ID, alloc, r.nextLong());
        decoder = new LstmCell(spec.embedding() + hd, hd, true, alloc, r.nextLong());
        attention = new Attention(spec.attention(), hd, e, spec.attentionSize(), alloc, r.nextLong());
        combine = new Linear(e + hd, hd, false, alloc, r.nextLong());
        output = new Linear(hd, spec.tgtVocab(), true, alloc, r.nextLong());
        add("src_embedding.", srcEmbedding);
        add("encoder.", encoder);
        add("bridge_h.", bridgeH);
        add("bridge_c.", bridgeC);
        add("tgt_embedding.", tgtEmbedding);
        add("decoder.", decoder);
        add("attention.", attention);
        add("combine.", combine);
        add("output.", output);
    }

    /** The encoded source batch and the decoder's initial state. */
    record Encoded(Attention.Keys keys, Var h, Var c, int batch) {
    }

    Encoded encode(Tape tape, int[][] src, boolean training) {
        int b = src.length;
        int[] lengths = new int[b];
        int maxLen = 0;
        for (int i = 0; i < b; i++) {
            lengths[i] = src[i].length;
            if (lengths[i] == 0) {
                throw new IllegalArgumentException("source " + i + " is empty");
            }
            maxLen = Math.max(maxLen, lengths[i]);
        }
        PackedSequence.Structure st = PackedSequence.structure(lengths);
        Var x = srcEmbedding.forward(tape, st.gather(src));
        PackedSequence layout = st.withData(x.value());
        RecurrentOps.Outputs enc = RecurrentOps.recurrent(encoder, x, layout, null, null, training);
        Var keys = Shapes.rows(enc.output(), layout.withData(enc.output().value()).paddedRowIndex(maxLen, true));
        Attention.Keys prepared = attention.prepare(tape, keys, lengths, maxLen);
        // Bridge: the top layer's final states of both directions → the decoder's h0, c0.
        int d = spec.bidirectional() ? 2 : 1;
        Var hTop = SequencePooling.last(enc.hN(), spec.encoderLayers(), d);
        Var h0 = Pointwise.tanh(bridgeH.forward(tape, hTop));
        Var c0 = enc.cN() != null ? bridgeC.forward(tape, SequencePooling.last(enc.cN(), spec.encoderLayers(), d))
                : bridgeC.forward(tape, hTop);
        return new Encoded(prepared, h0, c0, b);
    }


    /** One decoder step's state. */
    record State(Var h, Var c, Var attentional) {
    }

    State initial(Tape tape, Encoded enc) {
        Tensor zero = tape.workspace().allocate(enc.batch(), spec.decoderHidden());
        return new State(enc.h(), enc.c(), tape.constant(zero));
    }

    State step(Tape tape, Encoded enc, State s, int[] prevTokens) {
        Var emb = tgtEmbedding.forward(tape, prevTokens);
        Var in = Shapes.concatColumns(emb, s.attentional());
        RecurrentOps.Step cell = RecurrentOps.cell(decoder, in, s.h(), s.c(), true);
        Attention.Result att = attention.attend(tape, cell.h(), enc.keys());
        Var a = Pointwise.tanh(combine.forward(tape, Shapes.concatColumns(att.context(), cell.h())));
        return new State(cell.h(), cell.c(), a);
    }

    /**
     * Teacher-forced cross-entropy (mean over real target tokens, end token included) for a batch
     * of source and target id sequences (targets without start/end tokens).
     */
    public Var loss(Tape tape, int[][] src, int[][] tgt, boolean training) {
        return loss(tape, src, tgt, training, 1f, null);
    }

    /**
     * Cross-entropy with scheduled sampling: at each step the previous gold token is fed with
     * probability {@code teacherForcing}, otherwise the model's own most likely token (the
     * choice is made per sequence, from {@code rng}; 1 = always gold).
     */
    public Var loss(Tape tape, int[][] src, int[][] tgt, boolean training, float teacherForcing,
                    SplittableRandom rng) {
        if (src.length != tgt.length) {
            throw new IllegalArgumentException(src.length + " sources but " + tgt.length + " targets");
        }
        int b = src.length;
        int steps = 0;
        for (int[] t : tgt) {
            steps = Math.max(steps, t.length + 1);
        }
        boolean sampling = teacherForcing < 1f;
        Encoded enc = encode(tape, src, training);
        State s = initial(tape, enc);
        List<Var> outs = new ArrayList<>(steps);
        int[] targets = new int[steps * b];
        int[] own = new int[b];
        for (int t = 0; t < steps; t++) {
            int[] prev = new int[b];
            for (int i = 0; i < b; i++) {
                int gold = t == 0 ? Vocab.BOS_ID : t - 1 < tgt[i].length ? tgt[i][t - 1] : Vocab.PAD_ID;
                boolean useOwn = sampling && t > 0 && gold != Vocab.PAD_ID && rng.nextFloat() >= teacherForcing;
                prev[i] = useOwn ? own[i] : gold;
                targets[t * b + i] = t < tgt[i].length ? tgt[i][t] : t == tgt[i].length ? Vocab.EOS_ID : Losses.IGNORE;
            }
            s = step(tape, enc, s, prev);
            if (sampling) {
                Var logits = output.forward(tape, s.attentional());
                org.rnn4j.core.kernel.RowOps.argmaxRows(b, spec.tgtVocab(), logits.value().data(), 0, spec.tgtVocab(), own);
                outs.add(logits);
            } else {
                outs.add(s.attentional());
            }
        }
        Var stacked = Shapes.concatRows(outs.toArray(Var[]::new));
        Var logits = sampling ? stacked : output.forward(tape, stacked);
        return Losses.crossEntropy(logits, targets);
    }

    /** Output logits (B, tgtVocab) of a decoder state. */
    Var logits(Tape tape, State s) {
        return output.forward(tape, s.attentional());
    }

    /** The encoded batch with every row repeated {@code times} times (row b*times + j = row b). */
    Encoded repeat(Encoded enc, int times) {
        int b = enc.batch();
        int srcLen = enc.keys().srcLen();
        int[] rowIdx = new int[b * times];
        int[] keyIdx = new int[b * times * srcLen];
        int[] lengths = new int[b * times];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < times; j++) {
                rowIdx[i * times + j] = i;
                lengths[i * times + j] = enc.keys().lengths()[i];
                for (int s = 0; s < srcLen; s++) {
                    keyIdx[(i * times + j) * srcLen + s] = i * srcLen + s;
                }
            }
        }
        Attention.Keys k = enc.keys();
        Attention.Keys rk = new Attention.Keys(Shapes.rows(k.keys(), keyIdx),
                k.projected() == null ? null : Shapes.rows(k.projected(), keyIdx), lengths, srcLen);
        return new Encoded(rk, Shapes.rows(enc.h(), rowIdx), Shapes.rows(enc.c(), rowIdx), b * times);
    }

    /** A decoder state restricted to rows {@code idx} (beam reordering). */
    static State select(State s, int[] idx) {
        return new State(Shapes.rows(s.h(), idx), Shapes.rows(s.c(), idx), Shapes.rows(s.attentional(), idx));
    }

    /** Greedy decoding of a batch: the most likely token at every step, until {@code </s>} or maxLen. */
    public int[][] greedy(Tape tape, int[][] src, int maxLen) {
        List<Decoding.Hypothesis> hs = Decoding.greedy(this, src, maxLen, 0f, tape.workspace());
        int[][] out = new int[hs.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = hs.get(i).tokens();
        }
        return out;
    }

    @Override
    public void close() {
        srcEmbedding.close();
        encoder.close();
        bridgeH.close();
        bridgeC.close();
        tgtEmbedding.close();
        decoder.close();
        attention.close();
        combine.close();
        output.close();
    }
}
