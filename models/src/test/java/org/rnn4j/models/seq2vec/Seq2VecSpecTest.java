package org.rnn4j.models.seq2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;

/** Spec validation, parameter names, batch checks and the trainer's bucketing. */
class Seq2VecSpecTest {

    private static void rejects(String field, Supplier<?> make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
        assertTrue(e.getMessage().startsWith(field + " "), "message should name " + field + ": " + e.getMessage());
    }

    @Test
    void validationNamesTheField() {
        Seq2VecSpec tok = Seq2VecSpec.tokens(10, 8, 16, 2);
        Seq2VecSpec feat = Seq2VecSpec.features(3, 16, 2);
        rejects("vocab", () -> Seq2VecSpec.tokens(0, 8, 16, 2));
        rejects("embedding", () -> Seq2VecSpec.tokens(10, 0, 16, 2));
        rejects("hidden", () -> Seq2VecSpec.tokens(10, 8, 0, 2));
        rejects("outputs", () -> Seq2VecSpec.tokens(10, 8, 16, 1));
        rejects("outputs", () -> tok.regression(0));
        rejects("features", () -> Seq2VecSpec.features(0, 16, 2));
        rejects("layers", () -> feat.withLayers(0));
        rejects("hidden", () -> feat.withHidden(-1));
        rejects("dropout", () -> feat.withDropout(1f));
        rejects("dropout", () -> feat.withDropout(Float.NaN));
        rejects("rnnDropout", () -> feat.withRnnDropout(-0.1f));
        rejects("paddingIdx", () -> tok.withPaddingIdx(10));
        rejects("paddingIdx", () -> tok.withPaddingIdx(-2));
        rejects("paddingIdx", () -> feat.withPaddingIdx(0));
        rejects("cell", () -> feat.withCell(null));
        rejects("pooling", () -> feat.withPooling(null));
        rejects("features", () -> new Seq2VecSpec(Seq2VecSpec.Input.TOKENS, 10, 8, -1, 3, CellType.GRU, 4, 1, false,
                0f, Pooling.MEAN, 0f, Seq2VecSpec.Task.CLASSIFICATION, 2));
        rejects("vocab", () -> new Seq2VecSpec(Seq2VecSpec.Input.FEATURES, 10, 0, -1, 3, CellType.GRU, 4, 1, false,
                0f, Pooling.MEAN, 0f, Seq2VecSpec.Task.CLASSIFICATION, 2));
        rejects("input", () -> new Seq2VecSpec(null, 10, 8, -1, 0, CellType.GRU, 4, 1, false,
                0f, Pooling.MEAN, 0f, Seq2VecSpec.Task.CLASSIFICATION, 2));
        rejects("task", () -> new Seq2VecSpec(Seq2VecSpec.Input.TOKENS, 10, 8, -1, 0, CellType.GRU, 4, 1, false,
                0f, Pooling.MEAN, 0f, null, 2));
        // Regression with one output is fine; so are the defaults.
        assertEquals(1, feat.regression(1).outputs());
        assertEquals(32, tok.withBidirectional(true).withHidden(16).pooledSize());
        assertEquals(8, tok.inputSize());
        assertEquals(3, feat.inputSize());
    }

    @Test
    void namedParametersFollowTheStateDictConvention() {
        Seq2VecSpec spec = Seq2VecSpec.tokens(10, 4, 6, 3).withCell(CellType.GRU).withLayers(2).withBidirectional(true);
        try (NativeAllocator params = new NativeAllocator("p"); Seq2Vec m = new Seq2Vec(spec, params, 1)) {
            List<String> names = List.copyOf(m.namedParameters().keySet());
            assertEquals("embedding.weight", names.getFirst());
            assertTrue(names.contains("rnn.weight_ih_l0"));
            assertTrue(names.contains("rnn.bias_hh_l1_reverse"));
            assertEquals(List.of("head.weight", "head.bias"), names.subList(names.size() - 2, names.size()));
            assertEquals(1 + 2 * 2 * 4 + 2, names.size());
            assertEquals(List.of(3, 12), Arrays.stream(m.namedParameters().get("head.weight").shape().dims()).boxed().toList());
            m.namedParameters().forEach((k, p) -> assertEquals(k, p.name()));
            assertEquals(names, m.parameters().stream().map(p -> p.name()).toList());
        }
        try (NativeAllocator params = new NativeAllocator("p");
             Seq2Vec m = new Seq2Vec(Seq2VecSpec.features(3, 4, 2), params, 1)) {
            assertEquals("rnn.weight_ih_l0", m.namedParameters().keySet().iterator().next());
        }
    }

    @Test
    void batchesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Batch(null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> Batch.ofTokens(new int[0][]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batch.ofTokens(new int[][] {{1}, {}}));
        assertTrue(e.getMessage().contains("sequence 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Batch.ofFeatures(new float[][][] {{{1, 2}, {3}}}));
        assertThrows(IllegalArgumentException.class, () -> Batch.ofTokens(new int[][] {{1}}).withLabels(new int[2]));
        Batch b = Batch.ofTokens(new int[][] {{1, 2}, {3}, {4, 5, 6}}).withLabels(new int[] {0, 1, 0});
        assertArrayEquals(new int[] {3, 2}, b.select(new int[] {2, 0}).lengths());
        assertArrayEquals(new int[] {1, 0}, b.slice(1, 3).labels());
        try (NativeAllocator params = new NativeAllocator("p");
             Seq2Vec m = new Seq2Vec(Seq2VecSpec.features(2, 4, 2), params, 1)) {
            assertThrows(IllegalArgumentException.class, () -> m.predictScores(b));   // tokens into a features model
            Batch wrongWidth = Batch.ofFeatures(new float[][][] {{{1, 2, 3}}});
            e = assertThrows(IllegalArgumentException.class, () -> m.predictScores(wrongWidth));
            assertTrue(e.getMessage().contains("features = 2"), e.getMessage());
            Batch ok = Batch.ofFeatures(new float[][][] {{{1, 2}}, {{0, 1}, {1, 0}}});
            float[][] p = m.predictScores(ok);
            assertEquals(2, p.length);
            for (float[] row : p) {
                assertEquals(1.0, row[0] + row[1], 1e-6);
            }
            try (Workspace ws = new Workspace("w", 1024)) {
                e = assertThrows(IllegalArgumentException.class,
                        () -> m.loss(new Tape(ws), ok.withLabels(new int[] {0, 2}), true));
                assertTrue(e.getMessage().contains("label 2"), e.getMessage());
            }
        }
    }

    @Test
    void bucketedBatchesCoverEveryIndexOnceAndGroupSimilarLengths() {
        SplittableRandom r = new SplittableRandom(5);
        int[] lengths = new int[1000];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = 1 + r.nextInt(50);
        }
        List<int[]> batches = org.rnn4j.models.train.Batching.pooledByLength(lengths, 32, 10, new SplittableRandom(9));
        boolean[] seen = new boolean[lengths.length];
        double spread = 0;
        for (int[] b : batches) {
            assertTrue(b.length <= 32);
            int lo = Integer.MAX_VALUE;
            int hi = 0;
            for (int i : b) {
                assertTrue(!seen[i], "index " + i + " twice");
                seen[i] = true;
                lo = Math.min(lo, lengths[i]);
                hi = Math.max(hi, lengths[i]);
            }
            spread += hi - lo;
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
        // Pools of 320 sorted by length: a batch spans ~5 lengths, not ~48 as a random batch would.
        assertTrue(spread / batches.size() < 12, "mean length spread " + spread / batches.size());
        // Same seed, same batches.
        List<int[]> again = org.rnn4j.models.train.Batching.pooledByLength(lengths, 32, 10, new SplittableRandom(9));
        for (int i = 0; i < batches.size(); i++) {
            assertArrayEquals(batches.get(i), again.get(i));
        }
    }
}
