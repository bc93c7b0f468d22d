package org.rnn4j.models.seq2seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.nn.Attention;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;

/** Greedy, beam and sampling on a (random, untrained) model: properties that hold for any model. */
class DecodingTest {
    private final NativeAllocator mem = new NativeAllocator("decoding");
    private final Workspace ws = new Workspace("decoding", 1 << 20);
    private final Seq2Seq model = new Seq2Seq(new Seq2SeqSpec(12, 9, 8, 10, 1, true, CellType.LSTM, 12,
            Attention.Kind.ADDITIVE, 6, 0f), mem, 3);
    private final int[][] src = randomSources(6, 1);

    @AfterEach
    void close() {
        model.close();
        ws.close();
        mem.close();
    }

    static int[][] randomSources(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] s = new int[n][];
        for (int i = 0; i < n; i++) {
            s[i] = new int[2 + r.nextInt(6)];
            for (int j = 0; j < s[i].length; j++) {
                s[i][j] = 4 + r.nextInt(8);
            }
        }
        return s;
    }

    /** log P(tokens, end | src) by teacher forcing, independent of the decoders. */
    double teacherForcedLogProb(int[] source, int[] tokens) {
        Tape tape = new Tape(ws);
        float meanCe = model.loss(tape, new int[][] {source}, new int[][] {tokens}, false).value().get(0);
        ws.reset();
        return -meanCe * (tokens.length + 1);
    }

    @Test
    void aBeamOfWidthOneIsGreedy() {
        List<Decoding.Hypothesis> greedy = Decoding.greedy(model, src, 8, 0f, ws);
        List<List<Decoding.Hypothesis>> beam = Decoding.beam(model, src, 1, 1, 8, 0f, ws);
        for (int i = 0; i < src.length; i++) {
            assertArrayEquals(greedy.get(i).tokens(), beam.get(i).getFirst().tokens(), "input " + i);
            assertEquals(greedy.get(i).logProb(), beam.get(i).getFirst().logProb(), 1e-9);
        }
    }

    @Test
    void scoresAreTheLogProbabilityOfTheReturnedTokens() {
        List<List<Decoding.Hypothesis>> beam = Decoding.beam(model, src, 4, 3, 8, 0f, ws);
        for (int i = 0; i < src.length; i++) {
            for (Decoding.Hypothesis h : beam.get(i)) {
                if (h.tokens().length < 8) {   // ended with the end token (its probability included)
                    assertEquals(teacherForcedLogProb(src[i], h.tokens()), h.logProb(), 1e-4, "input " + i);
                }
            }
            for (int k = 1; k < beam.get(i).size(); k++) {
                assertTrue(beam.get(i).get(k - 1).score() >= beam.get(i).get(k).score(), "n-best sorted");
            }
        }
    }

    @Test
    void beamNeverScoresBelowGreedy() {
        for (float penalty : new float[] {0f, 1f}) {
            List<Decoding.Hypothesis> greedy = Decoding.greedy(model, src, 8, penalty, ws);
            List<List<Decoding.Hypothesis>> beam = Decoding.beam(model, src, 5, 1, 8, penalty, ws);
            for (int i = 0; i < src.length; i++) {
                assertTrue(beam.get(i).getFirst().score() >= greedy.get(i).score() - 1e-9,
                        "input " + i + ", penalty " + penalty);
            }
        }
    }

    @Test
    void samplingIsSeededAndATinyTemperatureIsGreedy() {
        List<Decoding.Hypothesis> a = Decoding.sample(model, src, 8, 1f, 0, 7, ws);
        List<Decoding.Hypothesis> b = Decoding.sample(model, src, 8, 1f, 0, 7, ws);
        List<Decoding.Hypothesis> greedy = Decoding.greedy(model, src, 8, 0f, ws);
        List<Decoding.Hypothesis> cold = Decoding.sample(model, src, 8, 1e-4f, 0, 9, ws);
        List<Decoding.Hypothesis> top1 = Decoding.sample(model, src, 8, 1f, 1, 11, ws);
        for (int i = 0; i < src.length; i++) {
            assertArrayEquals(a.get(i).tokens(), b.get(i).tokens());
            assertArrayEquals(greedy.get(i).tokens(), cold.get(i).tokens(), "temperature -> 0 is greedy");
            assertArrayEquals(greedy.get(i).tokens(), top1.get(i).tokens(), "top-1 is greedy");
        }
        assertThrows(IllegalArgumentException.class, () -> Decoding.sample(model, src, 8, 0f, 0, 1, ws));
        assertThrows(IllegalArgumentException.class, () -> Decoding.beam(model, src, 2, 3, 8, 0f, ws));
    }
}
