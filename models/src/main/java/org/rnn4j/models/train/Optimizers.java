package org.rnn4j.models.train;

import java.util.List;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.optim.Adam;
import org.rnn4j.core.optim.AdamW;
import org.rnn4j.core.optim.Constant;
import org.rnn4j.core.optim.CosineDecay;
import org.rnn4j.core.optim.LrSchedule;
import org.rnn4j.core.optim.Optimizer;
import org.rnn4j.core.optim.RmsProp;
import org.rnn4j.core.optim.Sgd;
import org.rnn4j.core.optim.Warmup;
import org.rnn4j.models.config.TrainingConfig;

/**
 * The optimizer a config's {@code training.optimizer} section names and the learning-rate schedule of
 * its {@code training.schedule} section, for any family.
 */
public final class Optimizers {
    private Optimizers() {
    }

    public static Optimizer of(TrainingConfig t, List<Parameter> params) {
        return switch (t.optimizer()) {
            case ADAM -> new Adam(params, t.lr(), 0.9f, 0.999f, 1e-8f, t.weightDecay());
            case ADAMW -> new AdamW(params, t.lr(), 0.9f, 0.999f, 1e-8f, t.weightDecay());
            case SGD -> new Sgd(params, t.lr(), t.momentum(), 0f, t.weightDecay(), false);
            case RMSPROP -> new RmsProp(params, t.lr(), 0.99f, 1e-8f, t.weightDecay(), 0f, false);
        };
    }

    /**
     * {@code training.schedule}: a linear warm-up over {@code warmupSteps}, then cosine decay to
     * lr/20 at {@code totalSteps} (the steps the run is set to take) or a constant rate.
     */
    public static LrSchedule schedule(TrainingConfig t, long totalSteps) {
        return t.cosine()
                ? new Warmup(new CosineDecay(t.lr(), Math.max(1, totalSteps), t.lr() / 20), Math.max(1, t.warmupSteps()))
                : new Warmup(new Constant(t.lr()), Math.max(1, t.warmupSteps()));
    }
}
