package org.rnn4j.core.optim;

/**
 * lr(step) = base * gamma^floor(step / stepSize): torch.optim.lr_scheduler.StepLR in closed form.
 */
public record StepDecay(float base, long stepSize, float gamma) implements LrSchedule {
    /**
     * @param base the rate of the first stepSize steps, finite and >= 0
     * @param stepSize steps between decays, >= 1
     * @param gamma the factor applied every stepSize steps, in [0, 1]
     */
    public StepDecay {
        Check.nonNegative("base", base);
        Check.atLeast("stepSize", stepSize, 1);
        Check.unitClosed("gamma", gamma);
    }

    @Override
    public float lr(long step) {
        LrSchedule.checkStep(step);
        return (float) (base * Math.pow(gamma, (double) (step / stepSize)));
    }
}
