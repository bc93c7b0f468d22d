package org.rnn4j.core.autograd;

import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.rnn4j.core.kernel.Tolerance;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * Checks one operation against a double-precision reference: the float forward against the
 * reference's values, and the float backward against central finite differences of the
 * reference (so the difference quotient is accurate to ~1e-9, not limited by float rounding).
 * The loss is sum(y * w) with fixed random weights w.
 *
 * <p>Tolerance (NOTE [tolerance]): forward atol 1e-5 + rtol 1e-5; gradients atol 1e-4 + rtol 1e-3.
 */
final class GradCheck {
    static final Tolerance FORWARD = new Tolerance(1e-5, 1e-5);
    static final Tolerance GRAD = new Tolerance(1e-4, 1e-3);

    private GradCheck() {
    }

    /**
     * @param shapes input shapes
     * @param op     builds the float op from input Vars (all requiring gradients)
     * @param ref    the same function in double on flat row-major inputs, returning flat outputs
     */
    static void check(String name, long seed, int[][] shapes, Function<Var[], Var> op,
                      Function<double[][], double[]> ref) {
        check(name, seed, shapes, op, ref, (r, i) -> (float) r.nextGaussian());
    }

    static void check(String name, long seed, int[][] shapes, Function<Var[], Var> op,
                      Function<double[][], double[]> ref, BiFunction<Random, Integer, Float> sampler) {
        Random r = new Random(seed);
        double[][] in = new double[shapes.length][];
        for (int k = 0; k < shapes.length; k++) {
            in[k] = new double[(int) Shape.of(shapes[k]).size()];
            for (int i = 0; i < in[k].length; i++) {
                in[k][i] = sampler.apply(r, k);
            }
        }
        double[] yRef = ref.apply(in);
        double[] w = new double[yRef.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        try (Workspace ws = new Workspace("gradcheck", 1 << 16)) {
            Tape tape = new Tape(ws);
            Var[] vars = new Var[shapes.length];
            for (int k = 0; k < shapes.length; k++) {
                Tensor t = ws.allocate(Shape.of(shapes[k]));
                float[] f = new float[in[k].length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) in[k][i];
                }
                t.copyFrom(f);
                vars[k] = tape.input(t);
            }
            Var y = op.apply(vars);
            String ctx = name + " (seed " + seed + ")";
            FORWARD.check(ctx + " forward", y.value().toArray(), yRef);
            Tensor wt = ws.allocate(y.shape());
            float[] wf = new float[w.length];
            for (int i = 0; i < wf.length; i++) {
                wf[i] = (float) w[i];
            }
            wt.copyFrom(wf);
            Var loss = Reduce.sum(Pointwise.mul(y, tape.constant(wt)));
            tape.backward(loss);
            for (int k = 0; k < shapes.length; k++) {
                double[] fd = new double[in[k].length];
                for (int i = 0; i < fd.length; i++) {
                    double keep = in[k][i];
                    double eps = 1e-6;
                    in[k][i] = keep + eps;
                    double up = dot(ref.apply(in), w);
                    in[k][i] = keep - eps;
                    double down = dot(ref.apply(in), w);
                    in[k][i] = keep;
                    fd[i] = (up - down) / (2 * eps);
                }
                float[] got = vars[k].grad() == null ? new float[fd.length] : vars[k].grad().toArray();
                GRAD.check(ctx + " d input " + k, got, fd);
            }
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
