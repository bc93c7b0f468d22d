package org.rnn4j.core.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.core.io.Checkpoints;
import org.rnn4j.core.kernel.Parallel;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.nn.Embedding;
import org.rnn4j.core.nn.Linear;
import org.rnn4j.core.nn.Module;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.nn.RecurrentLayer;
import org.rnn4j.core.nn.RecurrentSpec;
import org.rnn4j.core.optim.Adam;
import org.rnn4j.core.optim.GradClip;
import org.rnn4j.core.seq.PackedSequence;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;

/**
 * End to end through the tape: small models learn XOR and a delayed-copy task to near-zero loss;
 * the same seed gives bit-identical weights (also across kernel thread counts); a run resumed
 * from a checkpoint equals the uninterrupted run bit for bit; the step workspace stops growing.
 */
class LearningTest {

    /** 2 → 8 → 1 MLP on XOR with binary cross-entropy. */
    static final class Xor implements AutoCloseable {
        final NativeAllocator mem = new NativeAllocator("xor");
        final Linear l1;
        final Linear l2;
        final Map<String, Parameter> named = new LinkedHashMap<>();

        Xor(long seed) {
            l1 = new Linear(2, 8, true, mem, seed);
            l2 = new Linear(8, 1, true, mem, seed + 1);
            named.putAll(Module.named("l1.", l1));
            named.putAll(Module.named("l2.", l2));
        }

        List<Parameter> params() {
            return new ArrayList<>(named.values());
        }

        float step(Workspace ws, Adam adam) {
            Tape tape = new Tape(ws);
            Var x = tape.constant(ws.allocate(4, 2).copyFrom(new float[] {0, 0, 0, 1, 1, 0, 1, 1}));
            Var logits = l2.forward(tape, Pointwise.tanh(l1.forward(tape, x)));
            Var loss = Losses.binaryCrossEntropyWithLogits(logits, new float[] {0, 1, 1, 0}, Losses.Reduction.MEAN);
            float v = loss.value().get(0);
            tape.backward(loss);
            adam.step();
            adam.zeroGrad();
            ws.reset();
            return v;
        }

        @Override
        public void close() {
            l1.close();
            l2.close();
            mem.close();
        }
    }

    @Test
    void xorIsLearnedToNearZeroLoss() {
        try (Workspace ws = new Workspace("step", 1 << 16); Xor m = new Xor(1); Adam adam = new Adam(m.params(), 0.05f,
                0.9f, 0.999f, 1e-8f, 0f)) {
            float loss = Float.NaN;
            long capacity = -1;
            for (int i = 0; i < 400; i++) {
                loss = m.step(ws, adam);
                if (i == 10) {
                    capacity = ws.capacityBytes();
                }
            }
            assertTrue(loss < 0.01f, "XOR loss after 400 steps: " + loss);
            assertEquals(capacity, ws.capacityBytes(), "the step workspace stops growing after the first steps");
        }
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAtAnyThreadCount() {
        float[][] results = new float[3][];
        int[] threads = {1, 1, 2};
        for (int run = 0; run < 3; run++) {
            Parallel.setThreads(threads[run]);
            try (Workspace ws = new Workspace("step", 1 << 16); DelayCopy m = new DelayCopy(7);
                 Adam adam = new Adam(m.params(), 0.01f, 0.9f, 0.999f, 1e-8f, 0f)) {
                SplittableRandom data = new SplittableRandom(3);
                for (int i = 0; i < 20; i++) {
                    m.step(ws, adam, data);
                }
                results[run] = m.flatWeights();
            }
        }
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        assertArrayEquals(results[0], results[1], "same seed, same threads");
        assertArrayEquals(results[0], results[2], "same seed, 2 threads");
    }

    /**
     * Embedding → LSTM → Linear, trained to output at step t the token seen at step t - 2 (a task
     * that needs memory); variable lengths, packed.
     */
    static final class DelayCopy implements AutoCloseable {
        static final int V = 6;
        static final int DELAY = 2;
        final NativeAllocator mem = new NativeAllocator("copy");
        final Embedding emb;
        final RecurrentLayer rnn;
        final Linear out;
        final Map<String, Parameter> named = new LinkedHashMap<>();

        DelayCopy(long seed) {
            emb = new Embedding(V, 8, -1, mem, seed);
            rnn = RecurrentLayer.create(RecurrentSpec.of(CellType.LSTM, 8, 32), mem, seed + 1);
            out = new Linear(32, V + 1, true, mem, seed + 2);
            named.putAll(Module.named("emb.", emb));
            named.putAll(Module.named("rnn.", rnn));
            named.putAll(Module.named("out.", out));
        }

        List<Parameter> params() {
            return new ArrayList<>(named.values());
        }

        float step(Workspace ws, Adam adam, SplittableRandom data) {
            int b = 16;
            int[][] seqs = new int[b][];
            int[] lengths = new int[b];
            for (int i = 0; i < b; i++) {
                lengths[i] = 4 + data.nextInt(9);
                seqs[i] = new int[lengths[i]];
                for (int t = 0; t < lengths[i]; t++) {
                    seqs[i][t] = data.nextInt(V);
                }
            }
            PackedSequence.Structure st = PackedSequence.structure(lengths);
            int[] ids = new int[st.rows()];
            int[] targets = new int[st.rows()];
            for (int r = 0; r < ids.length; r++) {
                int[] s = seqs[st.rowSequence()[r]];
                int t = st.rowStep()[r];
                ids[r] = s[t];
                targets[r] = t >= DELAY ? s[t - DELAY] : V;   // class V: "nothing yet"
            }
            Tape tape = new Tape(ws);
            Var x = emb.forward(tape, ids);
            RecurrentOps.Outputs o = RecurrentOps.recurrent(rnn, x, st.withData(x.value()), null, null, true);
            Var loss = Losses.crossEntropy(out.forward(tape, o.output()), targets);
            float v = loss.value().get(0);
            tape.backward(loss);
            GradClip.byGlobalNorm(params(), 5f);
            adam.step();
            adam.zeroGrad();
            ws.reset();
            return v;
        }

        /** Logits for one sequence, inference only. */
        float[] predict(Workspace ws, int[] ids) {
            Tape tape = new Tape(ws);
            try (Tape.Scope ignored = tape.noGrad()) {
                Var x = emb.forward(tape, ids);
                RecurrentOps.Outputs o = RecurrentOps.recurrent(rnn, x,
                        PackedSequence.structure(new int[] {ids.length}).withData(x.value()), null, null, false);
                return out.forward(tape, o.output()).value().toArray();
            }
        }

        float[] flatWeights() {
            List<Float> all = new ArrayList<>();
            for (Parameter p : params()) {
                for (float f : p.value().toArray()) {
                    all.add(f);
                }
            }
            float[] r = new float[all.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = all.get(i);
            }
            return r;
        }

        @Override
        public void close() {
            emb.close();
            rnn.close();
            out.close();
            mem.close();
        }
    }

    @Test
    void aDelayedCopyTaskIsLearnedToNearZeroLoss() {
        try (Workspace ws = new Workspace("step", 1 << 18); DelayCopy m = new DelayCopy(5);
             Adam adam = new Adam(m.params(), 0.01f, 0.9f, 0.999f, 1e-8f, 0f)) {
            SplittableRandom data = new SplittableRandom(11);
            float loss = Float.NaN;
            for (int i = 0; i < 600 && !(loss < 0.01f); i++) {
                loss = m.step(ws, adam, data);
            }
            assertTrue(loss < 0.02f, "delayed-copy loss: " + loss);
        }
    }

    @Test
    void resumingFromACheckpointEqualsTheUninterruptedRun(@TempDir Path dir) throws Exception {
        float[] uninterrupted;
        try (Workspace ws = new Workspace("step", 1 << 16); DelayCopy m = new DelayCopy(9);
             Adam adam = new Adam(m.params(), 0.01f, 0.9f, 0.999f, 1e-8f, 0f)) {
            for (int i = 0; i < 10; i++) {
                m.step(ws, adam, new SplittableRandom(100 + i));   // data seeded by step
            }
            uninterrupted = m.flatWeights();
        }
        try (Workspace ws = new Workspace("step", 1 << 16); DelayCopy m = new DelayCopy(9);
             Adam adam = new Adam(m.params(), 0.01f, 0.9f, 0.999f, 1e-8f, 0f)) {
            for (int i = 0; i < 6; i++) {
                m.step(ws, adam, new SplittableRandom(100 + i));
            }
            Checkpoints.save(dir, "last", m.named, adam, Map.of("step", "6"));
        }
        try (Workspace ws = new Workspace("step", 1 << 16); DelayCopy m = new DelayCopy(1234);  // other init
             Adam adam = new Adam(m.params(), 0.01f, 0.9f, 0.999f, 1e-8f, 0f)) {
            Map<String, String> progress = Checkpoints.load(dir, "last", m.named, adam);
            int start = Integer.parseInt(progress.get("step"));
            assertEquals(6, start);
            for (int i = start; i < 10; i++) {
                m.step(ws, adam, new SplittableRandom(100 + i));
            }
            assertArrayEquals(uninterrupted, m.flatWeights());
        }
    }

    @Test
    void saveAndLoadGiveIdenticalOutputs(@TempDir Path dir) throws Exception {
        int[] ids = {1, 4, 2, 5, 0, 3, 3};
        float[] before;
        try (Workspace ws = new Workspace("step", 1 << 16); DelayCopy m = new DelayCopy(21)) {
            before = m.predict(ws, ids);
            Checkpoints.save(dir, "model", m.named, null, Map.of());
        }
        try (Workspace ws = new Workspace("step", 1 << 16); DelayCopy m = new DelayCopy(22)) {
            assertTrue(!java.util.Arrays.equals(before, m.predict(ws, ids)), "another init differs before loading");
            Checkpoints.load(dir, "model", m.named, null);
            assertArrayEquals(before, m.predict(ws, ids));
        }
    }

    @Test
    void anInterruptedSaveLeavesTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        try (Workspace ws = new Workspace("step", 1 << 16); DelayCopy m = new DelayCopy(2);
             Adam adam = new Adam(m.params(), 0.01f, 0.9f, 0.999f, 1e-8f, 0f)) {
            m.step(ws, adam, new SplittableRandom(1));
            Checkpoints.save(dir, "last", m.named, adam, Map.of("step", "1"));
            float[] saved = m.flatWeights();
            // Simulate a crash between the two renames of the next save: only last.old exists.
            Files.move(dir.resolve("last"), dir.resolve("last.old"));
            Files.createDirectories(dir.resolve("last.tmp"));
            m.step(ws, adam, new SplittableRandom(2));
            Map<String, String> progress = Checkpoints.load(dir, "last", m.named, adam);
            assertEquals("1", progress.get("step"));
            assertArrayEquals(saved, m.flatWeights());
        }
    }

    @Test
    void statefulChunksCarryTheStateAcrossBatches() {
        // Truncated BPTT: a long sequence in chunks of k steps with the state carried (detached)
        // gives the same outputs as one pass.
        try (Workspace ws = new Workspace("step", 1 << 18); DelayCopy m = new DelayCopy(4);
             RecurrentState state = new RecurrentState("carry")) {
            int total = 12;
            int k = 5;
            int[] ids = new int[total];
            SplittableRandom r = new SplittableRandom(8);
            for (int t = 0; t < total; t++) {
                ids[t] = r.nextInt(DelayCopy.V);
            }
            Tape full = new Tape(ws);
            Var x = m.emb.forward(full, ids);
            float[] whole = RecurrentOps.recurrent(m.rnn, x, PackedSequence.structure(new int[] {total}).withData(x.value()),
                    null, null, false).output().value().toArray();
            List<Float> chunked = new ArrayList<>();
            for (int start = 0; start < total; start += k) {
                int len = Math.min(k, total - start);
                Tape tape = new Tape(ws);
                Var xc = m.emb.forward(tape, java.util.Arrays.copyOfRange(ids, start, start + len));
                RecurrentOps.Outputs o = RecurrentOps.recurrent(m.rnn, xc,
                        PackedSequence.structure(new int[] {len}).withData(xc.value()), state.h0(tape), state.c0(tape), true);
                for (float f : o.output().value().toArray()) {
                    chunked.add(f);
                }
                tape.backward(Reduce.sum(o.output()));   // gradients stop at the chunk boundary
                state.carry(o);
                ws.reset();
            }
            assertEquals(whole.length, chunked.size());
            for (int i = 0; i < whole.length; i++) {
                assertEquals(whole[i], chunked.get(i), 0f, "output " + i);
            }
        }
    }
}
