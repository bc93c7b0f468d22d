package org.rnn4j.models.vec2seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.optim.Adam;
import org.rnn4j.core.optim.GradClip;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.text.Vocab;

class Vec2SeqTest {
    private static final int CLASSES = 10;
    private static final int DIM = 8;
    private static final int VOCAB = 16;      // 4 specials + 12 tokens

    /** A fixed mapping: class k → a random 8-dim code and a token sequence of 2 to 8 tokens. */
    private record Task(float[][] codes, int[][] sequences) {
        static Task create(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            float[][] codes = new float[CLASSES][DIM];
            int[][] seqs = new int[CLASSES][];
            for (int k = 0; k < CLASSES; k++) {
                for (int d = 0; d < DIM; d++) {
                    codes[k][d] = (float) gaussian(r);
                }
                seqs[k] = new int[2 + r.nextInt(7)];
                for (int t = 0; t < seqs[k].length; t++) {
                    seqs[k][t] = Vocab.UNK_ID + 1 + r.nextInt(VOCAB - Vocab.UNK_ID - 1);
                }
            }
            return new Task(codes, seqs);
        }

        /** n (noisy code, sequence) pairs; labels in {@code classes}. */
        float[][] features(int[] classes, SplittableRandom r, float noise) {
            float[][] f = new float[classes.length][DIM];
            for (int i = 0; i < classes.length; i++) {
                for (int d = 0; d < DIM; d++) {
                    f[i][d] = codes[classes[i]][d] + (float) (noise * gaussian(r));
                }
            }
            return f;
        }

        int[][] targets(int[] classes) {
            int[][] t = new int[classes.length][];
            for (int i = 0; i < classes.length; i++) {
                t[i] = sequences[classes[i]];
            }
            return t;
        }
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static int[] randomClasses(SplittableRandom r, int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = r.nextInt(CLASSES);
        }
        return c;
    }

    private static int[] withEnd(int[] seq) {
        int[] out = Arrays.copyOf(seq, seq.length + 1);
        out[seq.length] = Vocab.EOS_ID;
        return out;
    }

    private static double exactMatch(Vec2Seq m, Workspace ws, Task task, int[] classes, float[][] feats) {
        int[][] out = m.greedy(new Tape(ws), feats, 20);
        ws.reset();
        int right = 0;
        for (int i = 0; i < classes.length; i++) {
            right += Arrays.equals(out[i], withEnd(task.sequences()[classes[i]])) ? 1 : 0;
        }
        return (double) right / classes.length;
    }

    private static void learns(Vec2SeqSpec spec, long seed) {
        Task task = Task.create(7);
        SplittableRandom r = new SplittableRandom(seed);
        int[] heldClasses = randomClasses(new SplittableRandom(1_000_003), 500);
        float[][] heldFeats = task.features(heldClasses, new SplittableRandom(1_000_004), 0.1f);
        try (NativeAllocator params = new NativeAllocator("p"); Workspace ws = new Workspace("ws", 1 << 20);
             Vec2Seq m = new Vec2Seq(spec, params, seed);
             Adam adam = new Adam(m.parameters(), 1e-2f, 0.9f, 0.999f, 1e-8f, 0f)) {
            int[] valClasses = randomClasses(r, 200);
            float[][] valFeats = task.features(valClasses, r, 0.1f);
            long start = System.nanoTime();
            int step = 0;
            float loss = Float.NaN;
            while (step < 1000 && (System.nanoTime() - start) / 1e9 < 10) {
                int[] cls = randomClasses(r, 32);
                Tape tape = new Tape(ws);
                Var l = m.loss(tape, task.features(cls, r, 0.1f), task.targets(cls), true);
                loss = l.value().get(0);
                tape.backward(l);
                GradClip.byGlobalNorm(m.parameters(), 5f);
                adam.step();
                adam.zeroGrad();
                ws.reset();
                step++;
                if (step % 25 == 0 && exactMatch(m, ws, task, valClasses, valFeats) == 1.0) {
                    break;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double em = exactMatch(m, ws, task, heldClasses, heldFeats);
            System.out.printf(Locale.ROOT, "vec2seq %s init=%s feed=%s: %d steps in %.1f s, loss %.4f, held-out exact"
                    + " match %.3f%n", spec.cell(), spec.initState(), spec.feedEveryStep(), step, seconds, loss, em);
            assertTrue(em >= 0.95, "held-out exact match " + em + " after " + step + " steps");
            // Variable-length outputs, each ending at its first end token.
            int[][] out = m.greedy(new Tape(ws), heldFeats, 20);
            ws.reset();
            Set<Integer> lengths = new HashSet<>();
            for (int[] seq : out) {
                lengths.add(seq.length);
            }
            assertTrue(lengths.size() >= 4, "output lengths " + lengths);
        }
    }

    @Test
    void learnsAFixedVectorToSequenceMappingFromTheInitialState() {
        learns(Vec2SeqSpec.of(DIM, VOCAB, 16, 64), 3);
    }

    @Test
    void learnsItWithAGruFedTheVectorAtEveryStep() {
        learns(Vec2SeqSpec.of(DIM, VOCAB, 16, 64).withCell(CellType.GRU).withConditioning(false, true), 5);
    }

    /** A model whose output ignores the state: logits = bias, so greedy emits argmax(bias) every step. */
    private static Vec2Seq rigged(NativeAllocator params, int favourite) {
        Vec2Seq m = new Vec2Seq(Vec2SeqSpec.of(DIM, VOCAB, 4, 8).withConditioning(true, true), params, 1);
        m.namedParameters().get("output.weight").value().fill(0f);
        m.namedParameters().get("output.bias").value().fill(0f).set(favourite, 5f);
        return m;
    }

    @Test
    void decodingStopsAtTheEndToken() {
        float[][] feats = Task.create(1).features(new int[] {0, 1, 2}, new SplittableRandom(1), 0f);
        try (NativeAllocator params = new NativeAllocator("p"); Workspace ws = new Workspace("ws", 1 << 16)) {
            try (Vec2Seq ends = rigged(params, Vocab.EOS_ID)) {
                int[][] out = ends.greedy(new Tape(ws), feats, 12);
                ws.reset();
                for (int[] seq : out) {
                    assertArrayEquals(new int[] {Vocab.EOS_ID}, seq, "the end token ends the sequence at once");
                    assertEquals(0, Vec2Seq.stripEnd(seq).length);
                }
            }
            try (Vec2Seq never = rigged(params, 9)) {
                int[][] out = never.greedy(new Tape(ws), feats, 12);
                ws.reset();
                for (int[] seq : out) {
                    int[] nines = new int[12];
                    Arrays.fill(nines, 9);
                    assertArrayEquals(nines, seq, "no end token: maxLen tokens");
                    assertArrayEquals(nines, Vec2Seq.stripEnd(seq));
                }
            }
        }
    }

    @Test
    void batchedGreedyEqualsOneAtATime() {
        Task task = Task.create(2);
        int[] cls = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3};
        float[][] feats = task.features(cls, new SplittableRandom(3), 0.5f);
        for (Vec2SeqSpec spec : new Vec2SeqSpec[] {Vec2SeqSpec.of(DIM, VOCAB, 6, 12),
                Vec2SeqSpec.of(DIM, VOCAB, 6, 12).withCell(CellType.GRU).withConditioning(true, true)}) {
            try (NativeAllocator params = new NativeAllocator("p"); Workspace ws = new Workspace("ws", 1 << 16);
                 Vec2Seq m = new Vec2Seq(spec, params, 11)) {
                // Make some sequences end early: raise the end token's bias a little.
                var bias = m.namedParameters().get("output.bias").value();
                bias.set(Vocab.EOS_ID, bias.get(Vocab.EOS_ID) + 0.6f);
                int[][] batch = m.greedy(new Tape(ws), feats, 15);
                ws.reset();
                Set<Integer> lengths = new HashSet<>();
                for (int[] seq : batch) {
                    lengths.add(seq.length);
                }
                assertTrue(lengths.size() >= 2, "sequences of different lengths in one batch: " + lengths);
                for (int i = 0; i < feats.length; i++) {
                    int[][] alone = m.greedy(new Tape(ws), new float[][] {feats[i]}, 15);
                    ws.reset();
                    assertArrayEquals(alone[0], batch[i], "sequence " + i + " of " + spec);
                    for (int t = 0; t < batch[i].length - 1; t++) {
                        assertTrue(batch[i][t] != Vocab.EOS_ID, "nothing after the end token: " + Arrays.toString(batch[i]));
                    }
                }
            }
        }
    }

    @Test
    void paddingIsIgnoredByTheLoss() {
        Task task = Task.create(4);
        float[][] feats = task.features(new int[] {0, 1}, new SplittableRandom(5), 0f);
        int[][] tgt = {{4, 5}, {6, 7, 8, 9, 10, 11}};
        try (NativeAllocator params = new NativeAllocator("p"); Workspace ws = new Workspace("ws", 1 << 16);
             Vec2Seq m = new Vec2Seq(Vec2SeqSpec.of(DIM, VOCAB, 6, 12).withConditioning(true, true), params, 2)) {
            float a = m.loss(new Tape(ws), new float[][] {feats[0]}, new int[][] {tgt[0]}, false).value().get(0);
            float b = m.loss(new Tape(ws), new float[][] {feats[1]}, new int[][] {tgt[1]}, false).value().get(0);
            float both = m.loss(new Tape(ws), feats, tgt, false).value().get(0);
            ws.reset();
            // Mean over real tokens (end token included): 3 for the first, 7 for the second.
            assertEquals((3 * a + 7 * b) / 10, both, 1e-5f);
        }
    }

    @Test
    void specValidationNamesTheField() {
        assertMessage("featureSize must be >= 1", () -> Vec2SeqSpec.of(0, VOCAB, 8, 8));
        assertMessage("vocab must be >= 5", () -> Vec2SeqSpec.of(4, 4, 8, 8));
        assertMessage("embedding must be >= 1", () -> Vec2SeqSpec.of(4, VOCAB, 0, 8));
        assertMessage("hidden must be >= 1", () -> Vec2SeqSpec.of(4, VOCAB, 8, 0));
        assertMessage("cell must be LSTM or GRU", () -> Vec2SeqSpec.of(4, VOCAB, 8, 8).withCell(CellType.RNN_TANH));
        assertMessage("initState and feedEveryStep", () -> Vec2SeqSpec.of(4, VOCAB, 8, 8).withConditioning(false, false));
        assertMessage("dropout must be in [0, 1)", () -> Vec2SeqSpec.of(4, VOCAB, 8, 8).withDropout(-0.1f));
    }

    @Test
    void badInputsAreRejected() {
        try (NativeAllocator params = new NativeAllocator("p"); Workspace ws = new Workspace("ws", 1 << 16);
             Vec2Seq m = new Vec2Seq(Vec2SeqSpec.of(3, VOCAB, 4, 4), params, 1)) {
            assertMessage("feature vector 1 has 2 values; featureSize is 3",
                    () -> m.greedy(new Tape(ws), new float[][] {{1, 2, 3}, {1, 2}}, 5));
            assertMessage("target 0 holds id 2", () -> m.loss(new Tape(ws), new float[][] {{1, 2, 3}},
                    new int[][] {{5, Vocab.EOS_ID}}, true));
            assertMessage("target 0 holds id 16", () -> m.loss(new Tape(ws), new float[][] {{1, 2, 3}},
                    new int[][] {{16}}, true));
            assertMessage("1 feature vectors but 2 targets", () -> m.loss(new Tape(ws), new float[][] {{1, 2, 3}},
                    new int[][] {{5}, {6}}, true));
            assertMessage("maxLen must be >= 1", () -> m.greedy(new Tape(ws), new float[][] {{1, 2, 3}}, 0));
            ws.reset();
        }
    }

    private static void assertMessage(String part, Executable ex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
    }
}
