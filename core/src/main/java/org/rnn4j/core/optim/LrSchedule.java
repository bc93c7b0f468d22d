package org.rnn4j.core.optim;

/**
 * A learning rate as a function of the optimizer step, counted from 0 (the rate the first
 * {@link Optimizer#step()} uses is {@code lr(0)}). Closed forms, so a resumed run gets the same
 * rates from {@link Optimizer#steps()} alone. Implementations compute in double and round once.
 *
 * <p>Use: call {@link #applyTo} before every {@code step()}.
 */
public interface LrSchedule {
    /**
     * The learning rate for the step with 0-based index {@code step}.
     *
     * @throws IllegalArgumentException if step < 0
     */
    float lr(long step);

    /** Sets {@code opt}'s learning rate to {@code lr(opt.steps())} and returns it. */
    default float applyTo(Optimizer opt) {
        float lr = lr(opt.steps());
        opt.setLearningRate(lr);
        return lr;
    }

    /** The check every implementation makes on its argument. */
    static long checkStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        return step;
    }
}
