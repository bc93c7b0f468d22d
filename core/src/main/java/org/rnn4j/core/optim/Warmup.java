package org.rnn4j.core.optim;

import java.util.Objects;

/**
 * Linear warm-up in front of another schedule:
 * lr(step) = after.lr(step) * (step + 1) / warmupSteps for step < warmupSteps, and
 * after.lr(step) from then on. So the first step runs at after.lr(0) / warmupSteps and step
 * warmupSteps - 1 at the full rate. (PyTorch: LinearLR(start_factor = 1 / warmupSteps,
 * end_factor = 1, total_iters = warmupSteps - 1), chained with {@code after}.)
 */
public record Warmup(LrSchedule after, int warmupSteps) implements LrSchedule {
    /**
     * @param after the schedule to scale, not null
     * @param warmupSteps length of the ramp, >= 0 (0: no warm-up)
     */
    public Warmup {
        Objects.requireNonNull(after, "after");
        Check.atLeast("warmupSteps", warmupSteps, 0);
    }

    @Override
    public float lr(long step) {
        LrSchedule.checkStep(step);
        float lr = after.lr(step);
        if (step >= warmupSteps) {
            return lr;
        }
        return (float) ((double) lr * (step + 1) / warmupSteps);
    }
}
