package org.rnn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.core.kernel.Tolerance;
import org.rnn4j.core.nn.Parameter;

/**
 * The optimizers and schedules against values PyTorch 1.13 computed (optim_golden.txt, made by
 * make_optim_golden.py): torch.optim.{SGD, Adam, AdamW, RMSprop} for five steps on float32
 * parameters of sizes 1, 3, 5, 7, 9, 15, 17 and 37 with fixed gradients, and
 * torch.optim.lr_scheduler's learning rates.
 */
class OptimizerGoldenTest {
    /**
     * PyTorch also computes in float32, but rounds differently: it holds hyper-parameters as
     * float64 (1 - 0.999 and our 1 - 0.999f differ by 1.3e-5 relative, which moves an Adam update
     * of size lr by ~lr * 1e-5), and its vectorized loops fuse other multiply-adds. Both stay
     * below 1e-6 * (1 + |p|) after five steps; the measured worst is 1.7e-7 * (1 + |p|). A wrong
     * formula moves parameters by >= 1e-4.
     */
    static final Tolerance TOL = new Tolerance(1e-6, 1e-6);
    /**
     * Schedules: closed forms in double from float32 settings (0.9f differs from 0.9 by 2.6e-8
     * relative, 3e-7 to the 11th power; measured worst 2.8e-7) against PyTorch's recursive
     * float64 forms.
     */
    static final Tolerance LR_TOL = new Tolerance(0, 1e-6);

    static List<OptimGolden.Case> cases() {
        return new ArrayList<>(OptimGolden.load().cases.values());
    }

    static List<OptimGolden.Schedule> schedules() {
        return new ArrayList<>(OptimGolden.load().schedules.values());
    }

    @Test
    void fixtureHasEveryOptimizer() {
        List<String> kinds = cases().stream().map(c -> c.optimizer).distinct().sorted().toList();
        assertEquals(List.of("Adam", "AdamW", "RMSprop", "SGD"), kinds);
        assertEquals(5, schedules().size());
    }

    static Optimizer build(OptimGolden.Case c, List<Parameter> ps) {
        return switch (c.optimizer) {
            case "SGD" -> new Sgd(ps, c.f("lr"), c.f("momentum"), c.f("dampening"), c.f("weight_decay"),
                    c.b("nesterov"));
            case "Adam" -> new Adam(ps, c.f("lr"), c.f("beta1"), c.f("beta2"), c.f("eps"), c.f("weight_decay"));
            case "AdamW" -> new AdamW(ps, c.f("lr"), c.f("beta1"), c.f("beta2"), c.f("eps"), c.f("weight_decay"));
            case "RMSprop" -> new RmsProp(ps, c.f("lr"), c.f("alpha"), c.f("eps"), c.f("weight_decay"),
                    c.f("momentum"), c.b("centered"));
            default -> throw new IllegalStateException("unknown optimizer " + c.optimizer);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(OptimGolden.Case c) {
        List<String> names = new ArrayList<>(c.init.keySet());
        float[][] init = new float[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            init[i] = c.init.get(names.get(i));
        }
        assertEquals(Fixture.STEPS, c.after.size(), c.name);
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(init);
            try (Optimizer opt = build(c, ps)) {
                for (int s = 0; s < c.after.size(); s++) {
                    Map<String, float[]> grads = c.grads.get(s);
                    for (int i = 0; i < names.size(); i++) {
                        ps.get(i).grad().copyFrom(grads.get(names.get(i)));
                    }
                    opt.step();
                    for (int i = 0; i < names.size(); i++) {
                        float[] expected = c.after.get(s).get(names.get(i));
                        double[] ref = new double[expected.length];
                        for (int j = 0; j < ref.length; j++) {
                            ref[j] = expected[j];
                        }
                        TOL.check(c.name + " (" + c.optimizer + " " + c.hyper + ") step " + (s + 1) + " param "
                                + names.get(i) + Fixture.where(0), ps.get(i).value().toArray(), ref);
                    }
                }
            }
        }
    }

    static LrSchedule schedule(OptimGolden.Schedule s) {
        Map<String, String> m = s.settings;
        float lr = Float.parseFloat(m.get("lr"));
        return switch (s.kind) {
            case "step" -> new StepDecay(lr, Long.parseLong(m.get("step_size")), Float.parseFloat(m.get("gamma")));
            case "exponential" -> new ExponentialDecay(lr, Float.parseFloat(m.get("gamma")));
            case "cosine" -> new CosineDecay(lr, Long.parseLong(m.get("total_steps")),
                    Float.parseFloat(m.get("min_lr")));
            case "warmup_constant" -> new Warmup(new Constant(lr), Integer.parseInt(m.get("warmup")));
            case "warmup_step" -> new Warmup(new StepDecay(lr, Long.parseLong(m.get("step_size")),
                    Float.parseFloat(m.get("gamma"))), Integer.parseInt(m.get("warmup")));
            default -> throw new IllegalStateException("unknown schedule " + s.kind);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void schedulesMatchPyTorch(OptimGolden.Schedule s) {
        LrSchedule schedule = schedule(s);
        assertTrue(s.lrs.size() >= 8, s.kind);
        for (int step = 0; step < s.lrs.size(); step++) {
            double expected = s.lrs.get(step);
            float got = schedule.lr(step);
            assertTrue(LR_TOL.accepts(got, expected),
                    s.kind + " " + s.settings + " step " + step + ": got " + got + ", PyTorch " + expected);
        }
    }
}
