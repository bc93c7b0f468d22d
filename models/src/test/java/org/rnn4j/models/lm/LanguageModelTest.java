package org.rnn4j.models.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.models.train.EpochHistory;
import org.rnn4j.models.train.FitSettings;
import org.rnn4j.core.autograd.RecurrentState;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.text.Vocab;

class LanguageModelTest {
    static final String SENTENCE = "the quick brown fox jumps over the lazy dog. ";

    @Test
    void learnsARepetitiveTextAndContinuesIt() throws Exception {
        Vocab vocab = Vocab.ofCharacters(List.of(SENTENCE));
        int[] train = vocab.encodeCharacters(SENTENCE.repeat(40));
        int[] heldOut = vocab.encodeCharacters(SENTENCE.substring(7) + SENTENCE.repeat(4));
        LanguageModelSpec spec = LanguageModelSpec.of(vocab.size(), 16, 64);
        FitSettings s = LanguageModelTrainer.defaults().withEpochs(60).withBatchSize(8)
                .withBptt(25).withLr(1e-2f).withSeed(5).withMaxSeconds(20);
        try (NativeAllocator params = new NativeAllocator("lm");
             LanguageModel model = new LanguageModel(spec, params, 7);
             LanguageModelTrainer trainer = new LanguageModelTrainer(model, s)) {
            double before = model.perplexity(heldOut);
            double[] ppl = {before};
            EpochHistory.History h = trainer.fit(train, null, e -> (ppl[0] = model.perplexity(heldOut)) < 1.1);
            System.out.printf(Locale.ROOT, "lm: perplexity %.3f -> %.3f after %d epochs, %d steps, %.1f s (%s)%n",
                    before, ppl[0], h.last().epoch(), h.steps(), h.seconds(), h.stoppedBecause());
            assertTrue(ppl[0] < 1.5, "held-out perplexity " + ppl[0]);
            assertTrue(before > 10, "an untrained model is near uniform, got " + before);

            String prompt = "the quick";
            String expected = (SENTENCE + SENTENCE).substring(prompt.length(), prompt.length() + 25);
            String greedy = vocab.decodeCharacters(model.generate(vocab.encodeCharacters(prompt), 25, 0f, 0, 1));
            assertEquals(expected, greedy);
            String cold = vocab.decodeCharacters(model.generate(vocab.encodeCharacters(prompt), 25, 0.05f, 3, 9));
            assertEquals(expected, cold);
            System.out.println("lm: \"" + prompt + "\" -> \"" + greedy + "\"");
        }
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "GRU", "RNN_TANH"})
    void carryingStatesAcrossWindowsEqualsOnePass(CellType cell) {
        LanguageModelSpec spec = new LanguageModelSpec(11, 6, cell, 9, 2, 0.3f);
        SplittableRandom r = new SplittableRandom(3);
        int[][] streams = new int[3][23];
        for (int[] st : streams) {
            for (int t = 0; t < st.length; t++) {
                st[t] = r.nextInt(spec.vocab());
            }
        }
        try (NativeAllocator params = new NativeAllocator("lm carry");
             LanguageModel model = new LanguageModel(spec, params, 11);
             RecurrentState state = new RecurrentState("carry")) {
            float[][][] whole = model.logits(streams, null);
            int window = 5;
            for (int from = 0; from < 23; from += window) {
                int to = Math.min(23, from + window);
                int[][] in = new int[3][];
                for (int i = 0; i < 3; i++) {
                    in[i] = Arrays.copyOfRange(streams[i], from, to);
                }
                float[][][] part = model.logits(in, state);
                for (int i = 0; i < 3; i++) {
                    for (int t = from; t < to; t++) {
                        assertArrayEquals(whole[i][t], part[i][t - from], 1e-5f, cell + " stream " + i + " step " + t);
                    }
                }
            }
            // Without the carried state the second window differs.
            int[][] second = {Arrays.copyOfRange(streams[0], 5, 10)};
            assertNotEquals(whole[0][5][0], model.logits(second, null)[0][0][0]);

            // The training loss with a carried state matches the one-pass loss (no dropout).
            int[][] in = {Arrays.copyOfRange(streams[0], 0, 22)};
            int[][] tg = {Arrays.copyOfRange(streams[0], 1, 23)};
            try (Workspace ws = new Workspace("lm loss", 1 << 16)) {
                float one = model.loss(new Tape(ws), in, tg, null, false).value().get(0);
                ws.reset();
                double ce = model.crossEntropy(streams[0], 4);
                assertEquals(one, ce, 1e-5);
            }
        }
    }

    @Test
    void generationIsSeeded() {
        LanguageModelSpec spec = LanguageModelSpec.of(20, 8, 16).withCell(CellType.GRU);
        try (NativeAllocator params = new NativeAllocator("lm gen");
             LanguageModel model = new LanguageModel(spec, params, 1)) {
            int[] prompt = {4, 5, 6};
            int[] a = model.generate(prompt, 40, 1f, 0, 42);
            int[] b = model.generate(prompt, 40, 1f, 0, 42);
            int[] c = model.generate(prompt, 40, 1f, 0, 43);
            assertArrayEquals(a, b);
            assertEquals(40, a.length);
            assertTrue(!Arrays.equals(a, c), "another seed gives another sample");
            int[] k1 = model.generate(prompt, 10, 1f, 1, 42);
            assertArrayEquals(model.generate(prompt, 10, 0f, 0, 0), k1, "top-1 sampling is greedy");
            assertArrayEquals(k1, model.generate(prompt, 10, 1e-4f, 0, 99), "a tiny temperature is greedy");
            assertEquals(0, model.generate(prompt, 0, 1f, 0, 1).length);
            assertThrows(IllegalArgumentException.class, () -> model.generate(new int[0], 5, 1f, 0, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.generate(prompt, 5, -1f, 0, 1));
            assertTrue(e.getMessage().contains("temperature"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> model.generate(new int[] {20}, 5, 1f, 0, 1));
            assertTrue(e.getMessage().contains("vocab"), e.getMessage());
        }
    }

    @Test
    void namedParametersFollowTheStateDict() {
        try (NativeAllocator params = new NativeAllocator("lm names");
             LanguageModel model = new LanguageModel(LanguageModelSpec.of(10, 4, 5).withLayers(2), params, 1)) {
            List<String> names = List.copyOf(model.namedParameters().keySet());
            assertEquals("embedding.weight", names.getFirst());
            assertTrue(names.contains("rnn.weight_ih_l0"), names.toString());
            assertTrue(names.contains("rnn.weight_hh_l1"), names.toString());
            assertTrue(names.contains("output.weight") && names.contains("output.bias"), names.toString());
            assertEquals(model.parameters().size(), names.size());
        }
    }

    @Test
    void specValidationNamesTheField() {
        assertField("vocab", () -> new LanguageModelSpec(1, 4, CellType.LSTM, 8, 1, 0f));
        assertField("embedding", () -> new LanguageModelSpec(10, 0, CellType.LSTM, 8, 1, 0f));
        assertField("cell", () -> new LanguageModelSpec(10, 4, null, 8, 1, 0f));
        assertField("hidden", () -> LanguageModelSpec.of(10, 4, 8).withHidden(0));
        assertField("layers", () -> LanguageModelSpec.of(10, 4, 8).withLayers(0));
        assertField("dropout", () -> LanguageModelSpec.of(10, 4, 8).withDropout(1f));
        assertField("dropout", () -> LanguageModelSpec.of(10, 4, 8).withDropout(Float.NaN));
        assertField("bptt", () -> LanguageModelTrainer.defaults().withBptt(0));
        assertField("batchSize", () -> LanguageModelTrainer.defaults().withBatchSize(0));
        assertField("lr", () -> LanguageModelTrainer.defaults().withLr(0f));
    }

    private static void assertField(String field, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().startsWith(field + " "), "message should name " + field + ": " + ex.getMessage());
    }
}
