package org.rnn4j.core.optim;

/** lr(step) = base * gamma^step: torch.optim.lr_scheduler.ExponentialLR in closed form. */
public record ExponentialDecay(float base, float gamma) implements LrSchedule {
    /**
     * @param base the first step's rate, finite and >= 0
     * @param gamma the factor applied every step, in [0, 1]
     */
    public ExponentialDecay {
        Check.nonNegative("base", base);
        Check.unitClosed("gamma", gamma);
    }

    @Override
    public float lr(long step) {
        LrSchedule.checkStep(step);
        return (float) (base * Math.pow(gamma, (double) step));
    }
}
