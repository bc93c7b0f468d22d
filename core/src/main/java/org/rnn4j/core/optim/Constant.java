package org.rnn4j.core.optim;

/** lr(step) = lr for every step. */
public record Constant(float lr) implements LrSchedule {
    /** @param lr finite and >= 0 */
    public Constant {
        Check.nonNegative("lr", lr);
    }

    @Override
    public float lr(long step) {
        LrSchedule.checkStep(step);
        return lr;
    }
}
