package org.rnn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rnn4j.core.optim.Fixture.throwsNaming;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.Shape;

/** Hyper-parameter and argument checks: each error names the argument, the value and the range. */
class OptimizerArgumentsTest {
    @Test
    void hyperParameters() {
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(new float[][] {{1f, 2f}});
            throwsNaming("lr must be a finite number >= 0, got -1.0", () -> new Sgd(ps, -1f));
            throwsNaming("lr must be a finite number >= 0, got NaN", () -> new Adam(ps, Float.NaN, 0.9f, 0.999f,
                    1e-8f, 0f));
            throwsNaming("momentum must be a finite number >= 0, got -0.1", () -> new Sgd(ps, 0.1f, -0.1f, 0f, 0f,
                    false));
            throwsNaming("dampening must be in [0, 1], got 1.5", () -> new Sgd(ps, 0.1f, 0.9f, 1.5f, 0f, false));
            throwsNaming("weightDecay must be a finite number >= 0, got -0.01", () -> Sgd.builder(ps, 0.1f)
                    .weightDecay(-0.01f).build());
            throwsNaming("nesterov requires momentum > 0 and dampening = 0, got momentum 0.0 and dampening 0.0",
                    () -> Sgd.builder(ps, 0.1f).nesterov(true).build());
            throwsNaming("nesterov requires momentum > 0 and dampening = 0, got momentum 0.9 and dampening 0.1",
                    () -> new Sgd(ps, 0.1f, 0.9f, 0.1f, 0f, true));
            throwsNaming("beta1 must be in [0, 1), got 1.0", () -> Adam.builder(ps).betas(1f, 0.999f).build());
            throwsNaming("beta2 must be in [0, 1), got -0.1", () -> new Adam(ps, 1e-3f, 0.9f, -0.1f, 1e-8f, 0f));
            throwsNaming("eps must be a finite number >= 0, got -1.0E-8", () -> AdamW.builder(ps).eps(-1e-8f).build());
            throwsNaming("weightDecay must be a finite number >= 0, got -1.0", () -> new AdamW(ps, 1e-3f, 0.9f,
                    0.999f, 1e-8f, -1f));
            throwsNaming("alpha must be in [0, 1], got 1.5", () -> RmsProp.builder(ps).alpha(1.5f).build());
            throwsNaming("momentum must be a finite number >= 0, got Infinity", () -> RmsProp.builder(ps)
                    .momentum(Float.POSITIVE_INFINITY).build());
            throwsNaming("eps must be a finite number >= 0, got NaN", () -> new RmsProp(ps, 0.01f, 0.99f, Float.NaN,
                    0f, 0f, false));
            try (Optimizer opt = new Adam(ps)) {
                throwsNaming("lr must be a finite number >= 0, got -0.5", () -> opt.setLearningRate(-0.5f));
                assertEquals(1e-3f, opt.learningRate());
            }
        }
    }

    @Test
    void parameterLists() {
        try (Fixture f = new Fixture()) {
            throwsNaming("Adam got an empty parameter list", () -> new Adam(List.of()));
            List<Parameter> ps = f.params(new float[][] {{1f}});
            throwsNaming("parameter name 'p0_1' appears twice in params (at index 1)",
                    () -> new Sgd(List.of(ps.get(0), ps.get(0)), 0.1f));
            Parameter other = new Parameter("p0_1", Shape.of(3), f.alloc);
            try {
                throwsNaming("parameter name 'p0_1' appears twice", () -> new AdamW(List.of(ps.get(0), other)));
            } finally {
                other.close();
            }
            assertThrows(NullPointerException.class, () -> new Sgd(null, 0.1f));
        }
    }

    @Test
    void defaultsAreTorchs() {
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(new float[][] {{1f}});
            try (Adam a = new Adam(ps); AdamW w = new AdamW(ps); RmsProp r = new RmsProp(ps);
                    Adam ab = Adam.builder(ps).build(); AdamW wb = AdamW.builder(ps).build();
                    RmsProp rb = RmsProp.builder(ps).build(); Sgd s = Sgd.builder(ps, 0.1f).build()) {
                assertEquals(List.of(1e-3f, 0.9f, 0.999f, 1e-8f, 0f),
                        List.of(a.learningRate(), a.beta1(), a.beta2(), a.eps(), a.weightDecay()));
                assertEquals(List.of(1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f),
                        List.of(w.learningRate(), w.beta1(), w.beta2(), w.eps(), w.weightDecay()));
                assertEquals(List.of(1e-2f, 0.99f, 1e-8f, 0f, 0f),
                        List.of(r.learningRate(), r.alpha(), r.eps(), r.weightDecay(), r.momentum()));
                assertEquals(false, r.centered());
                assertEquals(a.stateMetadata(), ab.stateMetadata());
                assertEquals(w.stateMetadata(), wb.stateMetadata());
                assertEquals(r.stateMetadata(), rb.stateMetadata());
                assertEquals(List.of(0f, 0f, 0f), List.of(s.momentum(), s.dampening(), s.weightDecay()));
                assertEquals(false, s.nesterov());
            }
        }
    }

    @Test
    void kernelChecks() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment four = arena.allocate(4L * Float.BYTES);
            MemorySegment five = arena.allocate(5L * Float.BYTES);
            throwsNaming("p too small: needs 5 floats, has 4", () -> OptimKernels.sgd(5, four, five, 0.1f, 0f));
            throwsNaming("v too small: needs 5 floats, has 4", () -> OptimKernels.adam(5, five, five, five, four,
                    0.9f, 0.999f, 1e-8f, 0f, 1f, 0.1f, 0.1f));
            throwsNaming("gAvg too small: needs 5 floats, has 4", () -> OptimKernels.rmsProp(5, five, five, five,
                    four, null, 0.01f, 0.99f, 1e-8f, 0f, 0f));
            throwsNaming("n must be >= 0, got -1", () -> OptimKernels.sumOfSquares(-1, five));
            assertThrows(NullPointerException.class, () -> OptimKernels.sgdMomentum(5, five, five, null, 0.1f, 0f,
                    0.9f, 0f, false, false));
        }
    }
}
