package org.rnn4j.core.optim;

/**
 * lr(step) = minLr + (base - minLr) * (1 + cos(pi * step / totalSteps)) / 2 for
 * step <= totalSteps, and minLr after: torch.optim.lr_scheduler.CosineAnnealingLR (T_max =
 * totalSteps, eta_min = minLr) in closed form up to totalSteps. Past totalSteps PyTorch's formula
 * starts rising again (a cosine of period 2 * totalSteps); this schedule stays at minLr.
 */
public record CosineDecay(float base, long totalSteps, float minLr) implements LrSchedule {
    /**
     * @param base the rate at step 0, finite and >= 0
     * @param totalSteps the step at which the rate reaches minLr, >= 1
     * @param minLr the final rate, finite and >= 0
     */
    public CosineDecay {
        Check.nonNegative("base", base);
        Check.atLeast("totalSteps", totalSteps, 1);
        Check.nonNegative("minLr", minLr);
    }

    @Override
    public float lr(long step) {
        LrSchedule.checkStep(step);
        if (step >= totalSteps) {
            return minLr;
        }
        return (float) (minLr + ((double) base - minLr) * (1 + Math.cos(Math.PI * step / totalSteps)) / 2);
    }
}
