package org.rnn4j.core.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.core.autograd.NnOps;
import org.rnn4j.core.autograd.Var;

/** Inverted dropout with its own seeded generator; identity when not training. */
public final class Dropout implements Module {
    private final float p;
    private final SplittableRandom rng;

    public Dropout(float p, long seed) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        this.p = p;
        this.rng = new SplittableRandom(seed);
    }

    public Var forward(Var x, boolean training) {
        return NnOps.dropout(x, p, training, rng);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }
}
