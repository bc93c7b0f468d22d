package org.rnn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnn4j.core.optim.Fixture.throwsNaming;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.kernel.Tolerance;
import org.rnn4j.core.nn.Parameter;

/** Closed forms at chosen steps, worked out by hand; argument checks. */
class LrScheduleTest {
    /**
     * The schedules compute in double from float32 settings and round once: 0.1f and 0.9f differ
     * from 0.1 and 0.9 by ~1.5e-8 and 2.6e-8 relative (4e-7 after 15 powers of 0.9); 1e-6 is margin.
     */
    static final Tolerance TOL = new Tolerance(0, 1e-6);

    private static void expect(LrSchedule s, long step, double expected) {
        float got = s.lr(step);
        assertTrue(TOL.accepts(got, expected), s + " at step " + step + ": got " + got + ", expected " + expected);
    }

    @Test
    void stepDecay() {
        LrSchedule s = new StepDecay(0.1f, 3, 0.5f);
        expect(s, 0, 0.1);
        expect(s, 2, 0.1);
        expect(s, 3, 0.05);
        expect(s, 5, 0.05);
        expect(s, 6, 0.025);
        expect(s, 30, 0.1 / 1024);
        expect(new StepDecay(0.1f, 1, 0f), 1, 0);
    }

    @Test
    void exponentialDecay() {
        LrSchedule s = new ExponentialDecay(0.1f, 0.9f);
        expect(s, 0, 0.1);
        expect(s, 1, 0.09);
        expect(s, 2, 0.081);
        expect(s, 15, 0.020589113209464907);
        assertEquals(0.25f, new ExponentialDecay(0.25f, 1f).lr(1000));
    }

    @Test
    void cosineDecay() {
        LrSchedule s = new CosineDecay(0.1f, 10, 0.001f);
        expect(s, 0, 0.1);
        // cos(pi/2) = 0: halfway between
        expect(s, 5, 0.0505);
        // cos(pi/3) = 1/2 at step 10/3 is not a step; at 20 steps, step 5 is a quarter: (1 + cos(pi/4)) / 2
        expect(new CosineDecay(1f, 20, 0f), 5, (1 + Math.sqrt(0.5)) / 2);
        expect(s, 10, 0.001);
        // stays at minLr after totalSteps (PyTorch's periodic closed form would rise again)
        expect(s, 11, 0.001);
        expect(s, 1000, 0.001);
    }

    @Test
    void warmup() {
        LrSchedule s = new Warmup(new Constant(0.1f), 4);
        expect(s, 0, 0.025);
        expect(s, 1, 0.05);
        expect(s, 2, 0.075);
        expect(s, 3, 0.1);
        expect(s, 100, 0.1);
        // scales the schedule after it at the same step
        LrSchedule w = new Warmup(new StepDecay(0.1f, 2, 0.5f), 4);
        expect(w, 1, 0.1 * 2 / 4);
        expect(w, 2, 0.05 * 3 / 4);
        expect(w, 4, 0.025);
        // zero warm-up steps: the schedule itself
        expect(new Warmup(new Constant(0.3f), 0), 0, 0.3);
    }

    @Test
    void constant() {
        assertEquals(0.01f, new Constant(0.01f).lr(0));
        assertEquals(0.01f, new Constant(0.01f).lr(Long.MAX_VALUE));
    }

    @Test
    void applyToSetsTheRateOfTheOptimizersNextStep() {
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(new float[][] {{1f}});
            try (Optimizer opt = new Sgd(ps, 1f)) {
                LrSchedule s = new StepDecay(0.5f, 1, 0.5f);
                Fixture.setGrads(ps, new float[][] {{1f}});
                assertEquals(0.5f, s.applyTo(opt));
                opt.step();
                assertEquals(0.25f, s.applyTo(opt));
                assertEquals(0.25f, opt.learningRate());
                opt.step();
                // 1 - 0.5 - 0.25
                assertEquals(0.25f, ps.get(0).value().get(0));
            }
        }
    }

    @Test
    void argumentErrors() {
        throwsNaming("step must be >= 0, got -1", () -> new Constant(0.1f).lr(-1));
        throwsNaming("step must be >= 0, got -3", () -> new Warmup(new Constant(0.1f), 2).lr(-3));
        throwsNaming("lr must be a finite number >= 0, got -0.1", () -> new Constant(-0.1f));
        throwsNaming("base must be a finite number >= 0, got Infinity",
                () -> new StepDecay(Float.POSITIVE_INFINITY, 1, 0.5f));
        throwsNaming("stepSize must be >= 1, got 0", () -> new StepDecay(0.1f, 0, 0.5f));
        throwsNaming("gamma must be in [0, 1], got 1.5", () -> new StepDecay(0.1f, 2, 1.5f));
        throwsNaming("gamma must be in [0, 1], got NaN", () -> new ExponentialDecay(0.1f, Float.NaN));
        throwsNaming("base must be a finite number >= 0, got -1.0", () -> new ExponentialDecay(-1f, 0.9f));
        throwsNaming("totalSteps must be >= 1, got 0", () -> new CosineDecay(0.1f, 0, 0f));
        throwsNaming("minLr must be a finite number >= 0, got NaN", () -> new CosineDecay(0.1f, 10, Float.NaN));
        throwsNaming("warmupSteps must be >= 0, got -1", () -> new Warmup(new Constant(0.1f), -1));
        assertThrows(NullPointerException.class, () -> new Warmup(null, 3));
    }
}
