package org.rnn4j.models.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.optim.GradClip;
import org.rnn4j.core.optim.LrSchedule;
import org.rnn4j.core.optim.Optimizer;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.config.RunConfig;

/**
 * One optimizer step as every family's trainer takes it, from a config's training section: stop
 * on a non-finite loss (naming where, and where the last good checkpoint is), backward, clip the
 * global gradient norm, set the scheduled learning rate, step, zero the gradients, free the step's
 * workspace. Also the run's limits: the step limit ({@code --max-steps}, else
 * {@code training.maxSteps}) and the time limit ({@code training.maxSeconds}).
 */
public final class TrainStep {
    private final RunConfig.Training training;
    private final Optimizer optimizer;
    private final Workspace workspace;
    private final Path checkpoints;
    private final Long maxSteps;
    private final LrSchedule schedule;

    /**
     * @param stepsPerEpoch optimizer steps in one epoch (for the cosine horizon)
     * @param maxStepsOverride the command line's {@code --max-steps}, or null for the config's
     */
    public TrainStep(RunConfig.Training training, Optimizer optimizer, Workspace workspace, Path checkpoints,
                     long stepsPerEpoch, int epochs, Integer maxStepsOverride) {
        this.training = training;
        this.optimizer = optimizer;
        this.workspace = workspace;
        this.checkpoints = checkpoints;
        this.maxSteps = maxStepsOverride != null ? Long.valueOf(maxStepsOverride)
                : training.maxSteps() > 0 ? Long.valueOf(training.maxSteps()) : null;
        this.schedule = Optimizers.schedule(training, totalSteps(stepsPerEpoch, epochs));
    }

    /** The steps the run is set to take at most: epochs x steps per epoch, capped by the step limit. */
    public long totalSteps(long stepsPerEpoch, int epochs) {
        long all = stepsPerEpoch * epochs;
        return maxSteps != null ? Math.min(all, maxSteps) : all;
    }

    /** True once {@code step} steps reach the step limit or the run has used its time. */
    public boolean limitReached(long step, Progress progress) {
        return maxSteps != null && step >= maxSteps
                || training.maxSeconds() > 0 && progress.elapsedSeconds() >= training.maxSeconds();
    }

    /**
     * Takes step {@code step} (0-based, in epoch {@code epoch}, 0-based) from {@code loss} recorded
     * on {@code tape}; returns the loss value.
     */
    public float apply(Tape tape, Var loss, int epoch, long step) throws IOException {
        float lv = loss.value().get(0);
        if (!Float.isFinite(lv)) {
            workspace.reset();
            throw new IOException(String.format(Locale.ROOT, "the loss became %s at epoch %d, step %d; training stopped"
                    + " (the last good checkpoint, if any, is in %s). Try a lower learning rate or clipNorm.", lv,
                    epoch + 1, step + 1, checkpoints));
        }
        tape.backward(loss);
        if (training.clipNorm() > 0) {
            GradClip.byGlobalNorm(optimizer.parameters(), training.clipNorm());
        }
        optimizer.setLearningRate(schedule.lr(step));
        optimizer.step();
        optimizer.zeroGrad();
        workspace.reset();
        return lv;
    }
}
