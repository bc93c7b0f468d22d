package org.rnn4j.models.video;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * Checks a whole model's backward pass by central finite differences of its float loss: for a few
 * random entries of every parameter, (L(p + h) − L(p − h)) / 2h against the gradient the tape
 * computed. The pieces (conv, pooling, cells, linear, losses) are checked against double
 * references in core; this checks that a model wires them together so that every parameter gets
 * its true gradient. With h = 1e-2 on a loss of a few units, float rounding adds about 1e-5 to a
 * quotient; relu kinks and max-pool switches within ±h could add more, so the inputs are random
 * (no ties) and the tolerance is 2e-3 + 3e-2·|g|.
 */
public final class ModelGradCheck {
    private ModelGradCheck() {
    }

    /**
     * @param params the model's named parameters
     * @param loss   builds the scalar loss on a fresh tape (no dropout: the same value on every call)
     * @param perParam entries checked per parameter tensor
     */
    public static void check(String what, Map<String, Parameter> params, Function<Tape, Var> loss, int perParam,
                             long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        try (Workspace ws = new Workspace("gradcheck", 1 << 20)) {
            params.values().forEach(Parameter::zeroGrad);
            Tape tape = new Tape(ws);
            Var l = loss.apply(tape);
            tape.backward(l);
            ws.reset();
            double h = 1e-2;
            int checked = 0;
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                Tensor v = e.getValue().value();
                Tensor g = e.getValue().grad();
                for (int k = 0; k < perParam; k++) {
                    long i = r.nextLong(v.size());
                    float old = v.get(i);
                    v.set(i, (float) (old + h));
                    double plus = value(loss, ws);
                    v.set(i, (float) (old - h));
                    double minus = value(loss, ws);
                    v.set(i, old);
                    double numeric = (plus - minus) / (2 * h);
                    double analytic = g.get(i);
                    assertTrue(Math.abs(numeric - analytic) <= 2e-3 + 3e-2 * Math.abs(analytic),
                            what + ": d loss / d " + e.getKey() + "[" + i + "]: backward " + analytic
                                    + ", finite differences " + numeric);
                    checked++;
                }
            }
            assertTrue(checked >= params.size(), "checked " + checked + " entries");
        }
    }

    private static double value(Function<Tape, Var> loss, Workspace ws) {
        Tape tape = new Tape(ws);
        try (Tape.Scope ignored = tape.noGrad()) {
            return loss.apply(tape).value().get(0);
        } finally {
            ws.reset();
        }
    }
}
