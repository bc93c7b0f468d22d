package org.rnn4j.models.train;

import java.util.List;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.optim.Adam;
import org.rnn4j.core.optim.AdamW;
import org.rnn4j.core.optim.Optimizer;
import org.rnn4j.core.optim.RmsProp;
import org.rnn4j.core.optim.Sgd;
import org.rnn4j.models.config.RunConfig;

/** The optimizer a config's {@code training.optimizer} section names, for any family. */
public final class Optimizers {
    private Optimizers() {
    }

    public static Optimizer of(RunConfig.Training t, List<Parameter> params) {
        return switch (t.optimizer()) {
            case ADAM -> new Adam(params, t.lr(), 0.9f, 0.999f, 1e-8f, t.weightDecay());
            case ADAMW -> new AdamW(params, t.lr(), 0.9f, 0.999f, 1e-8f, t.weightDecay());
            case SGD -> new Sgd(params, t.lr(), t.momentum(), 0f, t.weightDecay(), false);
            case RMSPROP -> new RmsProp(params, t.lr(), 0.99f, 1e-8f, t.weightDecay(), 0f, false);
        };
    }
}
