package org.rnn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.core.optim.Fixture.throwsNaming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.Tensor;

/** Checkpoint state: names, metadata, exact resume, loadState's checks; zeroGrad and close. */
class OptimizerStateTest {
    static List<Configs.Config> configs() {
        return Configs.all();
    }

    /** A schedule in the loop, so the restored step count and lr matter too. */
    private static LrSchedule schedule(Configs.Config c) {
        return new Warmup(new ExponentialDecay(c.lr(), 0.8f), 2);
    }

    private static Map<String, float[]> snapshot(Optimizer opt) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : opt.state().entrySet()) {
            m.put(e.getKey(), e.getValue().toArray());
        }
        return m;
    }

    private static void run(Optimizer opt, LrSchedule schedule, float[][][] grads, int from, int to) {
        for (int s = from; s < to; s++) {
            schedule.applyTo(opt);
            Fixture.setGrads(opt.parameters(), grads[s]);
            opt.step();
        }
    }

    private static void assertBitEqual(String ctx, float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length, ctx);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual[i].length, ctx);
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(Float.floatToRawIntBits(expected[i][j]), Float.floatToRawIntBits(actual[i][j]),
                        ctx + " [" + i + "][" + j + "]: " + actual[i][j] + " != " + expected[i][j]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void resumeAfterThreeStepsEqualsUninterruptedFiveSteps(Configs.Config c) {
        long salt = c.label().hashCode() + 7;
        Random rnd = Fixture.random(salt);
        int[] sizes = Fixture.sizes();
        float[][] init = Fixture.normal(rnd, sizes, 1.0);
        float[][][] grads = Fixture.gradients(rnd, sizes);
        LrSchedule schedule = schedule(c);
        String ctx = c.label() + Fixture.where(salt);
        try (Fixture f = new Fixture()) {
            List<Parameter> straight = f.params(init);
            float[][] expected;
            Map<String, float[]> expectedState;
            Map<String, String> expectedMeta;
            try (Optimizer opt = c.optimizer().apply(straight)) {
                run(opt, schedule, grads, 0, 5);
                expected = Fixture.values(straight);
                expectedState = snapshot(opt);
                expectedMeta = opt.stateMetadata();
            }

            List<Parameter> first = f.params(init);
            Map<String, float[]> saved;
            Map<String, String> meta;
            float lrAtSave;
            try (Optimizer opt = c.optimizer().apply(first)) {
                run(opt, schedule, grads, 0, 3);
                saved = snapshot(opt);
                meta = new HashMap<>(opt.stateMetadata());
                lrAtSave = opt.learningRate();
            }
            assertEquals("3", meta.get("steps"), ctx);

            // a fresh optimizer, built the same way, on parameters restored from the checkpoint
            List<Parameter> second = f.params(Fixture.values(first));
            try (Optimizer opt = c.optimizer().apply(second)) {
                opt.loadState(saved, meta);
                assertEquals(3, opt.steps(), ctx);
                assertEquals(lrAtSave, opt.learningRate(), ctx);
                run(opt, schedule, grads, 3, 5);
                assertEquals(5, opt.steps(), ctx);
                assertBitEqual(ctx + " params", expected, Fixture.values(second));
                Map<String, float[]> state = snapshot(opt);
                assertEquals(expectedState.keySet(), state.keySet(), ctx);
                for (String k : state.keySet()) {
                    assertBitEqual(ctx + " state " + k, new float[][] {expectedState.get(k)},
                            new float[][] {state.get(k)});
                }
                assertEquals(expectedMeta, opt.stateMetadata(), ctx);
            }
        }
    }

    /** The resume test can fail: without loadState the continued run differs (bias correction, buffers). */
    @Test
    void resumeWithoutStateDiffers() {
        Configs.Config c = Configs.adam("adam", 0.01f, 0.9f, 0.999f, 1e-8f, 0f, false);
        Random rnd = Fixture.random(3);
        int[] sizes = {5, 9};
        float[][] init = Fixture.normal(rnd, sizes, 1.0);
        float[][][] grads = Fixture.gradients(rnd, sizes);
        LrSchedule schedule = new Constant(0.01f);
        try (Fixture f = new Fixture()) {
            List<Parameter> straight = f.params(init);
            List<Parameter> first = f.params(init);
            try (Optimizer a = c.optimizer().apply(straight); Optimizer b = c.optimizer().apply(first)) {
                run(a, schedule, grads, 0, 5);
                run(b, schedule, grads, 0, 3);
                List<Parameter> second = f.params(Fixture.values(first));
                try (Optimizer fresh = c.optimizer().apply(second)) {
                    for (int s = 3; s < 5; s++) {
                        Fixture.setGrads(second, grads[s]);
                        fresh.step();
                    }
                    assertFalse(Arrays.equals(Fixture.values(straight)[0], Fixture.values(second)[0]));
                }
            }
        }
    }

    @Test
    void stateNamesAndMetadata() {
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(new float[][] {{1f, 2f}, {3f}});
            String a = ps.get(0).name();
            String b = ps.get(1).name();
            try (Optimizer sgd = new Sgd(ps, 0.1f)) {
                assertEquals(List.of(), new ArrayList<>(sgd.state().keySet()));
                assertEquals(Map.of("optimizer", "Sgd", "steps", "0", "lr", "0.1", "momentum", "0.0", "dampening",
                        "0.0", "weight_decay", "0.0", "nesterov", "false"), sgd.stateMetadata());
            }
            try (Optimizer sgd = Sgd.builder(ps, 0.1f).momentum(0.9f).nesterov(true).build()) {
                assertEquals(List.of("momentum_buffer." + a, "momentum_buffer." + b),
                        new ArrayList<>(sgd.state().keySet()));
                assertEquals("true", sgd.stateMetadata().get("nesterov"));
            }
            try (Optimizer adam = new Adam(ps)) {
                assertEquals(List.of("exp_avg." + a, "exp_avg_sq." + a, "exp_avg." + b, "exp_avg_sq." + b),
                        new ArrayList<>(adam.state().keySet()));
                assertEquals(Map.of("optimizer", "Adam", "steps", "0", "lr", "0.001", "beta1", "0.9", "beta2",
                        "0.999", "eps", "1.0E-8", "weight_decay", "0.0"), adam.stateMetadata());
                assertEquals(2, adam.state().get("exp_avg_sq." + a).size());
            }
            try (Optimizer adamw = new AdamW(ps)) {
                assertEquals("AdamW", adamw.stateMetadata().get("optimizer"));
                assertEquals("0.01", adamw.stateMetadata().get("weight_decay"));
            }
            try (Optimizer rms = RmsProp.builder(ps).momentum(0.5f).centered(true).build()) {
                assertEquals(List.of("square_avg." + a, "momentum_buffer." + a, "grad_avg." + a,
                        "square_avg." + b, "momentum_buffer." + b, "grad_avg." + b),
                        new ArrayList<>(rms.state().keySet()));
                assertEquals(Map.of("optimizer", "RmsProp", "steps", "0", "lr", "0.01", "alpha", "0.99", "eps",
                        "1.0E-8", "weight_decay", "0.0", "momentum", "0.5", "centered", "true"), rms.stateMetadata());
            }
            try (Optimizer rms = new RmsProp(ps)) {
                assertEquals(List.of("square_avg." + a, "square_avg." + b), new ArrayList<>(rms.state().keySet()));
            }
        }
    }

    /** An Adam after two steps, its saved state, and a check that a bad load changes nothing. */
    private static void badLoad(String message, Consumer<Map<String, float[]>> editTensors,
            Consumer<Map<String, String>> editMeta) {
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(new float[][] {{1f, -2f, 3f}, {0.5f}});
            try (Optimizer opt = new Adam(ps, 0.01f, 0.9f, 0.999f, 1e-8f, 0f)) {
                for (int s = 0; s < 2; s++) {
                    Fixture.setGrads(ps, new float[][] {{0.1f, 0.2f, -0.3f}, {s + 1f}});
                    opt.step();
                }
                Map<String, float[]> tensors = snapshot(opt);
                Map<String, String> meta = new HashMap<>(opt.stateMetadata());
                editTensors.accept(tensors);
                editMeta.accept(meta);
                Map<String, float[]> before = snapshot(opt);
                Map<String, String> metaBefore = opt.stateMetadata();
                // something else so that a partial load would show
                for (float[] v : tensors.values()) {
                    if (v != null) {
                        Arrays.fill(v, 42f);
                    }
                }
                throwsNaming(message, () -> opt.loadState(tensors, meta));
                assertEquals(metaBefore, opt.stateMetadata(), "a failed load changed the metadata");
                Map<String, float[]> after = snapshot(opt);
                for (String k : before.keySet()) {
                    assertArrayEquals(before.get(k), after.get(k), "a failed load changed " + k);
                }
            }
        }
    }

    @Test
    void loadStateRejectsBadInputAndChangesNothing() {
        String p0 = "p0_3";
        badLoad("state metadata 'optimizer' is 'AdamW', this optimizer is 'Adam'", t -> { },
                m -> m.put("optimizer", "AdamW"));
        badLoad("state metadata 'optimizer' is null", t -> { }, m -> m.remove("optimizer"));
        badLoad("missing [exp_avg_sq." + p0 + "], unexpected []", t -> t.remove("exp_avg_sq." + p0), m -> { });
        badLoad("missing [], unexpected [exp_avg.nope]", t -> t.put("exp_avg.nope", new float[3]), m -> { });
        badLoad("state tensor 'exp_avg." + p0 + "' has 4 floats, expected 3", t -> t.put("exp_avg." + p0,
                new float[4]), m -> { });
        badLoad("state tensor 'exp_avg." + p0 + "' is null", t -> t.put("exp_avg." + p0, null), m -> { });
        badLoad("metadata key names do not match this optimizer's: missing [], unexpected [momentum]", t -> { },
                m -> m.put("momentum", "0.9"));
        badLoad("missing [beta2]", t -> { }, m -> m.remove("beta2"));
        badLoad("state metadata 'beta1' is 0.8 but this optimizer has beta1 = 0.9", t -> { },
                m -> m.put("beta1", "0.8"));
        badLoad("state metadata 'eps' must be a number, got 'tiny'", t -> { }, m -> m.put("eps", "tiny"));
        badLoad("state metadata 'steps' must be an integer >= 0, got -1", t -> { }, m -> m.put("steps", "-1"));
        badLoad("state metadata 'steps' must be an integer >= 0, got '2.5'", t -> { }, m -> m.put("steps", "2.5"));
        badLoad("state metadata 'lr' must be a finite number >= 0, got -0.5", t -> { }, m -> m.put("lr", "-0.5"));
        badLoad("state metadata 'lr' must be a finite number >= 0, got NaN", t -> { }, m -> m.put("lr", "NaN"));
    }

    @Test
    void loadStateChecksBooleans() {
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(new float[][] {{1f}});
            try (Sgd opt = new Sgd(ps, 0.1f, 0.9f, 0f, 0f, true)) {
                Map<String, String> meta = new HashMap<>(opt.stateMetadata());
                meta.put("nesterov", "yes");
                throwsNaming("state metadata 'nesterov' must be true or false, got 'yes'",
                        () -> opt.loadState(snapshot(opt), meta));
                meta.put("nesterov", "false");
                throwsNaming("state metadata 'nesterov' is false but this optimizer has nesterov = true",
                        () -> opt.loadState(snapshot(opt), meta));
            }
        }
    }

    @Test
    void loadStateAtStepZeroAndLr() {
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(new float[][] {{1f, 2f}});
            try (Optimizer opt = new Sgd(ps, 0.1f, 0.9f, 0f, 0f, false)) {
                Map<String, String> meta = new HashMap<>(opt.stateMetadata());
                meta.put("lr", "0.25");
                opt.loadState(snapshot(opt), meta);
                assertEquals(0.25f, opt.learningRate());
                assertEquals(0, opt.steps());
                // step 1 after loading step 0: the buffer starts as the gradient (PyTorch's first step)
                Fixture.setGrads(ps, new float[][] {{1f, -1f}});
                opt.step();
                assertArrayEquals(new float[] {1f, -1f}, opt.state().get("momentum_buffer." + ps.get(0).name())
                        .toArray());
                assertArrayEquals(new float[] {0.75f, 2.25f}, ps.get(0).value().toArray());
            }
        }
    }

    @Test
    void zeroGradClearsEveryGradient() {
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(new float[][] {{1f, 2f}, {3f, 4f, 5f}});
            Fixture.setGrads(ps, new float[][] {{1f, 2f}, {-3f, 4f, Float.NaN}});
            try (Optimizer opt = new Adam(ps)) {
                opt.zeroGrad();
            }
            assertArrayEquals(new float[2], ps.get(0).grad().toArray());
            assertArrayEquals(new float[3], ps.get(1).grad().toArray());
        }
    }

    @Test
    void closeFreesStateOnceAndLeavesParameters() {
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(new float[][] {{1f, 2f}});
            Optimizer opt = new RmsProp(ps, 0.01f, 0.99f, 1e-8f, 0f, 0.9f, true);
            Tensor sq = opt.state().get("square_avg." + ps.get(0).name());
            opt.close();
            opt.close();
            assertFalse(sq.isUsable());
            assertTrue(ps.get(0).value().isUsable());
            IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
            assertTrue(e.getMessage().contains("RmsProp optimizer is closed"), e.getMessage());
            assertThrows(IllegalStateException.class, opt::state);
            assertThrows(IllegalStateException.class, () -> opt.loadState(Map.of(), Map.of()));
        }
    }

    @Test
    void stepCountsAndLearningRate() {
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(new float[][] {{1f}});
            try (Optimizer opt = new Sgd(ps, 0.5f)) {
                assertEquals(0, opt.steps());
                assertEquals(0.5f, opt.learningRate());
                Fixture.setGrads(ps, new float[][] {{2f}});
                opt.step();
                opt.setLearningRate(0.25f);
                opt.step();
                assertEquals(2, opt.steps());
                // 1 - 0.5 * 2 - 0.25 * 2
                assertEquals(-0.5f, ps.get(0).value().get(0));
                assertEquals(List.of(ps.get(0)), opt.parameters());
                assertEquals("Sgd", opt.name());
            }
        }
    }
}
