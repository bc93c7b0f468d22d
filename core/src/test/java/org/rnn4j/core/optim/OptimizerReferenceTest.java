package org.rnn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnn4j.core.kernel.Tolerance;
import org.rnn4j.core.nn.Parameter;

/**
 * Every optimizer configuration against the double transcription of PyTorch's formula
 * ({@link Reference}), five steps on parameters of sizes around the vector width, with a
 * learning rate that changes every step.
 */
class OptimizerReferenceTest {
    /**
     * NOTE [optimizer tolerance]: parameters are N(0, 1) (|p| up to ~4) and each float step rounds
     * p once (2^-24 relative) plus a handful of roundings in an update of size lr * O(1)
     * (<= ~0.2), and the moment estimates carry a few more roundings of relative 2^-24. After five
     * steps the error is below ~10 * 2^-24 * (|p| + 1) ~ 6e-7 * (|p| + 1); the measured worst is
     * 1.3e-7 * (|p| + 1). A wrong formula (missing bias correction, dampening, weight-decay term, first-step
     * buffer rule) moves parameters by >= 1e-4.
     */
    static final Tolerance TOL = new Tolerance(1e-6, 1e-6);

    static List<Configs.Config> configs() {
        return Configs.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void matchesDoubleReference(Configs.Config c) {
        long salt = c.label().hashCode();
        Random rnd = Fixture.random(salt);
        int[] sizes = Fixture.sizes();
        float[][] init = Fixture.normal(rnd, sizes, 1.0);
        float[][][] grads = Fixture.gradients(rnd, sizes);
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(init);
            try (Optimizer opt = c.optimizer().apply(ps)) {
                Reference ref = c.reference().apply(Fixture.widen(init));
                for (int s = 0; s < Fixture.STEPS; s++) {
                    float lr = Configs.lrAt(c, s);
                    opt.setLearningRate(lr);
                    Fixture.setGrads(ps, grads[s]);
                    opt.step();
                    ref.step(grads[s], lr);
                    assertEquals(s + 1, opt.steps());
                    for (int i = 0; i < ps.size(); i++) {
                        String ctx = c.label() + " step " + (s + 1) + " param " + ps.get(i).name()
                                + Fixture.where(salt);
                        TOL.check(ctx, ps.get(i).value().toArray(), ref.p[i]);
                        // the gradient is only read
                        assertArrayEquals(grads[s][i], ps.get(i).grad().toArray(), ctx + ": gradient changed");
                    }
                }
            }
        }
    }

    /**
     * The vector body and the scalar tail compute the same float operations: with every element
     * of every parameter starting equal and getting equal gradients, all elements end bit-equal,
     * whether they fell in a vector body, a tail or a one-element parameter.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void vectorBodyAndScalarTailAgreeBitForBit(Configs.Config c) {
        int[] sizes = {1, Fixture.LANES - 1, Fixture.LANES + 1, 37};
        float[][] init = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            init[i] = new float[sizes[i]];
            Arrays.fill(init[i], 0.7312f);
        }
        float[] gradSeq = {0.35f, -1.25f, 0.0625f, 2.5f, -0.8f};
        try (Fixture f = new Fixture()) {
            List<Parameter> ps = f.params(init);
            try (Optimizer opt = c.optimizer().apply(ps)) {
                for (int s = 0; s < Fixture.STEPS; s++) {
                    opt.setLearningRate(Configs.lrAt(c, s));
                    for (Parameter p : ps) {
                        p.grad().fill(gradSeq[s]);
                    }
                    opt.step();
                }
                float expected = ps.get(0).value().get(0);
                for (Parameter p : ps) {
                    float[] v = p.value().toArray();
                    for (int j = 0; j < v.length; j++) {
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(v[j]),
                                c.label() + ": " + p.name() + "[" + j + "] = " + v[j] + " but element 0 of the"
                                        + " 1-element parameter = " + expected + Fixture.where(0));
                    }
                }
            }
        }
    }
}
