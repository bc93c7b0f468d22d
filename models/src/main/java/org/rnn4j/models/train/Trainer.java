package org.rnn4j.models.train;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.kernel.Parallel;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.optim.GradClip;
import org.rnn4j.core.optim.LrSchedule;
import org.rnn4j.core.optim.Optimizer;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.metrics.MetricsLog;

/**
 * The one training loop: every family, the demo and the Java API train through it. It takes a
 * {@link Trainable} (a model and its data as batches) and runs epochs of optimizer steps with
 * the learning-rate schedule, gradient clipping, the step and time limits, a stop with a clear
 * error when the loss is not finite, validation (each epoch or every N steps), early stopping
 * with the best weights restored, checkpoints ({@code checkpoints/best}, {@code checkpoints/last},
 * every N steps if asked) and resume, the progress line, {@code metrics.jsonl}, {@code curve.svg}
 * and the model folder. Nothing in it depends on the family.
 *
 * <p>{@link #gradients} is the only place a batch becomes gradients (the data-parallel work
 * shards a batch there).
 *
 * <pre>{@code
 * Trainer.Result r = Trainer.builder().epochs(10).optimizer(p -> new Adam(p, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f))
 *         .clipNorm(5f).earlyStopping("accuracy", 3).build().fit(trainable);
 * }</pre>
 */
public final class Trainer {
    private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

    private final Builder b;

    private Trainer(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder set up from a config's training section: its optimizer and schedule, epochs,
     * step and time limits, clipping, early stopping, validation and checkpoint intervals and
     * threads. Command-line overrides go on top.
     */
    public static Builder fromConfig(TrainingConfig t) {
        Builder b = new Builder().optimizer(p -> Optimizers.of(t, p)).schedule(total -> Optimizers.schedule(t, total))
                .epochs(t.epochs()).maxSteps(t.maxSteps()).maxSeconds(t.maxSeconds()).clipNorm(t.clipNorm())
                .earlyStopping(t.earlyStoppingMetric(), t.patience()).validateEvery(t.validateEvery())
                .checkpointEvery(t.checkpointEvery());
        if (t.threads() > 0) {
            b.threads(t.threads());
        }
        return b;
    }

    /** What a run did. */
    public record Result(int epochs, long steps, String metric, double bestMetric, Map<String, Double> lastMetrics,
                         double trainSeconds, double wallSeconds, String stoppedBecause,
                         List<Map<String, Object>> history, boolean interrupted) {
    }

    /** What a {@link TrainListener} sees of a run, and what it may ask of it. */
    public final class State {
        private final EarlyStopping es;
        private int epoch;
        private long batch;
        private long step;
        private float loss = Float.NaN;
        private float lr;
        private double meanLoss = Double.NaN;
        private Map<String, Double> metrics = Map.of();
        private String stopReason;
        private volatile String interruptReason;
        private final long start = System.nanoTime();
        private long trainNanos;
        private long logged;

        private State(EarlyStopping es) {
            this.es = es;
        }

        private long perEpoch = -1;

        private EarlyStopping.Position position(int epochAt, long batchAt, long batchesPerEpoch) {
            return new EarlyStopping.Position(epochAt, batchAt, step, logged, batchesPerEpoch);
        }

        /** The epoch in progress, 1-based. */
        public int epoch() {
            return epoch + 1;
        }

        public int epochs() {
            return b.epochs;
        }

        /** Optimizer steps taken so far (a resumed run counts the earlier ones too). */
        public long globalStep() {
            return step;
        }

        /** The loss of the last step. */
        public float loss() {
            return loss;
        }

        /** The mean training loss of the steps since the previous validation (set at each validation). */
        public double meanLoss() {
            return meanLoss;
        }

        public float learningRate() {
            return lr;
        }

        /** The metrics of the last validation (empty before the first). */
        public Map<String, Double> metrics() {
            return metrics;
        }

        /** Seconds spent in training steps (forward, backward, update), without validation or checkpoints. */
        public double trainSeconds() {
            return trainNanos / 1e9;
        }

        /** Seconds since the run started. */
        public double wallSeconds() {
            return (System.nanoTime() - start) / 1e9;
        }

        /** Ends the run after this step or validation; {@code reason} is reported as why it stopped. */
        public void stop(String reason) {
            stopReason = Objects.requireNonNull(reason);
        }

        /**
         * Ends the run now, after this step: {@code checkpoints/last} is saved at the exact position
         * (a resume goes on from the next batch), with no validation and no model folder;
         * {@link Result#interrupted()} is true. For a signal or a listener that must leave at once.
         */
        public void interrupt(String reason) {
            interruptReason = Objects.requireNonNull(reason);
        }

        /** Saves {@code checkpoints/last} now (a run without a folder has none to save). */
        public void checkpoint() throws IOException {
            es.saveLast(position(epoch, batch, perEpoch));
        }
    }

    /**
     * Trains {@code model}; with a run folder, also writes the checkpoints, the logs and (with the
     * best weights) the model folder. Returns what the run did; the model keeps the best weights
     * (or the last, when nothing was validated).
     */
    public <B> Result fit(Trainable<B> model) throws IOException {
        if (b.threads > 0) {
            Parallel.setThreads(b.threads);
        }
        PrintStream log = b.log;
        RunFolder folder = b.runFolder == null ? null : RunFolder.open(b.runFolder,
                b.resume ? RunFolder.Mode.RESUME : b.overwrite ? RunFolder.Mode.OVERWRITE : RunFolder.Mode.FRESH);
        Path out = folder == null ? null : folder.dir();
        Path ck = folder == null ? null : folder.checkpoints();
        Progress progress = b.progress;
        boolean ownsOptimizer = b.sharedOptimizer == null;
        Optimizer opt = null;
        try (folder; Workspace ws = new Workspace("training step", model.workspaceBytes());
             MetricsLog mlog = out == null ? null : new MetricsLog(out.resolve("metrics.jsonl"))) {
            opt = ownsOptimizer ? b.optimizerFactory.apply(model.parameters()) : b.sharedOptimizer;
            long perEpoch = model.batchesPerEpoch();
            long total = perEpoch * b.epochs;
            if (b.maxSteps > 0) {
                total = Math.min(total, b.maxSteps);
            }
            LrSchedule schedule = b.schedule == null ? null : b.schedule.apply(total);
            EarlyStopping es = new EarlyStopping(ck, model.namedParameters(), opt, b.patience);
            State s = new State(es);
            s.perEpoch = perEpoch;
            if (b.resume) {
                EarlyStopping.Position at = es.resume(log);
                if (at.perEpoch() >= 0 && at.perEpoch() != perEpoch) {
                    throw new IOException(ck.resolve("last") + " was saved by a run of " + at.perEpoch() + " batches an"
                            + " epoch; this one has " + perEpoch + " (the batch size or the data changed): resume with"
                            + " the config and data it was started with");
                }
                s.epoch = at.epoch();
                s.step = at.stepsDone();
                s.batch = at.batch();
                s.logged = folder.trimMetrics(at.logged(), s.step);
                s.lr = opt.learningRate();
            }
            long units = model.unitsPerStep();
            if (progress != null) {
                progress.unit(model.unit()).resumeFrom(s.step * units);
            }
            String why = "ran " + b.epochs + " epoch(s)";
            List<Map<String, Object>> history = new ArrayList<>();
            Losses losses = new Losses();
            long validatedAt = -1;
            boolean stop = false;
            boolean limited = false;
            long skip = s.batch;
            EarlyStopping.Position where = s.position(s.epoch, s.batch, perEpoch);
            for (; s.epoch < b.epochs && !stop; s.epoch++) {
                String limit = limit(s);
                if (limit != null) {
                    why = limit;
                    break;
                }
                Iterator<B> batches = model.batches(s.epoch);
                s.batch = 0;
                while (batches.hasNext()) {
                    if (s.interruptReason != null) {   // e.g. a signal during a validation
                        return interrupted(s, es, perEpoch, history, progress);
                    }
                    limit = limit(s);
                    if (limit != null) {
                        why = limit;
                        stop = true;
                        limited = true;
                        break;
                    }
                    B batch = batches.next();
                    if (s.batch < skip) {          // a resumed run: this batch was done before the stop
                        s.batch++;
                        continue;
                    }
                    long t0 = System.nanoTime();
                    float lv = gradients(model, batch, ws, s, ck);
                    update(opt, schedule, s.step, ws);
                    s.trainNanos += System.nanoTime() - t0;
                    s.loss = lv;
                    s.lr = opt.learningRate();
                    s.step++;
                    s.batch++;
                    losses.add(lv);
                    if (progress != null) {
                        progress.update(s.step * units, total * units, stepMessage(s, total), false);
                    }
                    for (TrainListener l : b.listeners) {
                        l.afterStep(s);
                    }
                    if (b.validateEvery > 0 && s.step % b.validateEvery == 0) {
                        stop |= validate(model, s, es, mlog, history, losses, progress, total, true);
                        validatedAt = s.step;
                        es.saveLast(s.position(s.epoch, s.batch, perEpoch));
                    } else if (b.checkpointEvery > 0 && s.step % b.checkpointEvery == 0) {
                        es.saveLast(s.position(s.epoch, s.batch, perEpoch));
                    }
                    if (s.interruptReason != null) {
                        return interrupted(s, es, perEpoch, history, progress);
                    }
                    if (s.stopReason != null) {
                        why = s.stopReason;
                        stop = true;
                    }
                    if (stop) {
                        break;
                    }
                }
                skip = 0;
                boolean epochDone = !batches.hasNext();
                where = epochDone ? s.position(s.epoch + 1, 0, perEpoch) : s.position(s.epoch, s.batch, perEpoch);
                if (b.validateEvery == 0) {
                    if (limited) {
                        // A limit stopped the run mid-epoch: save where it stands first, then measure the
                        // partial epoch for the log and the model folder only, so that a resumed run goes on
                        // exactly as if it had never stopped.
                        es.saveLast(where);
                        validate(model, s, es, mlog, history, losses, progress, total, false);
                        es.saveLast(s.position(where.epoch(), where.batch(), perEpoch));   // its log line counted
                    } else {
                        stop |= validate(model, s, es, mlog, history, losses, progress, total, true);
                        es.saveLast(s.position(where.epoch(), where.batch(), perEpoch));
                    }
                    validatedAt = s.step;
                    if (s.stopReason != null) {
                        why = s.stopReason;
                        stop = true;
                    }
                } else {
                    es.saveLast(where);
                }
                if (stop && s.stopReason == null && why.startsWith("ran ")) {
                    why = "early stop on validation " + b.metric;
                }
            }
            int epochsStarted = s.epoch;
            s.epoch = Math.max(0, epochsStarted - 1);   // the last epoch run: the closing validation and line name it
            if (b.validateEvery > 0 && validatedAt != s.step && s.step > 0) {
                if (limited) {
                    validate(model, s, es, mlog, history, losses, progress, total, false);
                    es.saveLast(s.position(where.epoch(), where.batch(), perEpoch));   // its log line counted
                } else {
                    validate(model, s, es, mlog, history, losses, progress, total, true);
                    es.saveLast(s.position(where.epoch(), where.batch(), perEpoch));
                }
            }
            if (progress != null) {
                if (s.step > 0) {
                    progress.update(s.step * units, total * units, stepMessage(s, total) + " (" + why + ")", true);
                }
                progress.finish();
            }
            s.epoch = epochsStarted;
            es.restoreBest();
            double best = es.best() == -Double.MAX_VALUE ? Double.NaN
                    : lowerIsBetter() ? -es.best() : es.best();
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("epochs", s.epoch);
            metrics.put("steps", s.step);
            metrics.put("earlyStoppingMetric", b.metric);
            metrics.put("bestValidationMetric", best);
            s.metrics.forEach((k, v) -> metrics.put("last_val_" + k, v));
            metrics.put("trainSeconds", s.trainSeconds());
            metrics.put("wallSeconds", s.wallSeconds());
            metrics.put("stoppedBecause", why);
            if (out != null) {
                model.save(out, metrics);
                if (mlog != null) {
                    mlog.close();
                }
                CurveWriter.write(out.resolve("metrics.jsonl"), out.resolve("curve.svg"), "val_" + b.metric,
                        "validation " + b.metric.replace('_', ' '));
                folder.commit();
            }
            return new Result(s.epoch, s.step, b.metric, best, s.metrics, s.trainSeconds(), s.wallSeconds(), why,
                    List.copyOf(history), false);
        } finally {
            if (ownsOptimizer && opt != null) {
                opt.close();
            }
        }
    }

    /** The run ends on {@link State#interrupt}: {@code last} at the exact position, no validation, no model folder. */
    private Result interrupted(State s, EarlyStopping es, long perEpoch, List<Map<String, Object>> history,
                               Progress progress) throws IOException {
        es.saveLast(s.position(s.epoch, s.batch, perEpoch));
        if (progress != null) {
            progress.finish();
        }
        double best = es.best() == -Double.MAX_VALUE ? Double.NaN : lowerIsBetter() ? -es.best() : es.best();
        return new Result(s.epoch + 1, s.step, b.metric, best, s.metrics, s.trainSeconds(), s.wallSeconds(),
                s.interruptReason, List.copyOf(history), true);
    }

    /** The training losses since the last validation record. */
    private static final class Losses {
        private double sum;
        private int count;

        void add(float v) {
            sum += v;
            count++;
        }

        double mean() {
            return count == 0 ? Double.NaN : sum / count;
        }

        void clear() {
            sum = 0;
            count = 0;
        }
    }

    /**
     * The one place in the models module where a batch becomes gradients: the loss of
     * {@code batch} on a fresh tape, a stop if it is not finite, then backward (each parameter's
     * gradient accumulates). Returns the loss.
     */
    private <B> float gradients(Trainable<B> model, B batch, Workspace ws, State s, Path ck) throws IOException {
        Tape tape = new Tape(ws);
        Var loss = model.loss(tape, batch);
        float lv = loss.value().get(0);
        if (!Float.isFinite(lv)) {
            ws.reset();
            throw new IOException(String.format(Locale.ROOT, "the loss became %s at epoch %d, step %d; training stopped"
                    + " (%s). Try a lower learning rate or clipNorm.", lv, s.epoch + 1, s.step + 1,
                    ck == null ? "this run keeps no checkpoints" : "the last good checkpoint, if any, is in " + ck));
        }
        tape.backward(loss);
        return lv;
    }

    /** Clips the global gradient norm, sets the scheduled rate, steps, zeroes the gradients, frees the step's memory. */
    private void update(Optimizer opt, LrSchedule schedule, long step, Workspace ws) {
        if (b.clipNorm > 0) {
            GradClip.byGlobalNorm(opt.parameters(), b.clipNorm);
        }
        if (schedule != null) {
            opt.setLearningRate(schedule.lr(step));
        }
        opt.step();
        opt.zeroGrad();
        ws.reset();
    }

    /** Why the run must stop before its next step (the step or time limit), or null. */
    private String limit(State s) {
        if (b.maxSteps > 0 && s.step >= b.maxSteps) {
            return "step limit of " + b.maxSteps;
        }
        if (b.maxSeconds > 0 && s.wallSeconds() >= b.maxSeconds) {
            return String.format(Locale.ROOT, "time limit of %.1f s", b.maxSeconds);
        }
        return null;
    }

    private boolean lowerIsBetter() {
        return b.lowerIsBetter != null ? b.lowerIsBetter : TrainingConfig.lowerIsBetter(b.metric);
    }

    private <B> boolean validate(Trainable<B> model, State s, EarlyStopping es, MetricsLog mlog,
                                 List<Map<String, Object>> history, Losses losses, Progress progress, long total,
                                 boolean counted) throws IOException {
        Map<String, Double> m = model.validate();
        if (!m.isEmpty() && !m.containsKey(b.metric)) {
            throw new IllegalStateException("early stopping watches validation metric '" + b.metric
                    + "', which this model does not report (it reports " + m.keySet() + ")");
        }
        s.metrics = Map.copyOf(m);
        s.meanLoss = losses.mean();
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("epoch", s.epoch + 1);
        rec.put("step", s.step);
        rec.put("train_loss", losses.mean());
        losses.clear();
        rec.put("lr", (double) s.lr);
        m.forEach((k, v) -> rec.put("val_" + k, v));
        rec.put("train_seconds", s.trainSeconds());
        rec.put("wall_seconds", s.wallSeconds());
        history.add(rec);
        if (mlog != null) {
            mlog.append(rec);
            s.logged++;
        }
        if (progress != null && !m.isEmpty()) {
            progress.update(s.step * model.unitsPerStep(), total * model.unitsPerStep(), String.format(Locale.ROOT,
                    "%s validation %s", position(s), describe(m)), true);
        }
        double raw = m.getOrDefault(b.metric, Double.NaN);
        boolean stop = !Double.isNaN(raw) && es.record(lowerIsBetter() ? -raw : raw, s.epoch + 1, b.log, b.metric,
                counted);
        for (TrainListener l : b.listeners) {
            l.afterValidation(s);
        }
        return stop;
    }

    private String position(State s) {
        return b.epochs > 1 ? String.format(Locale.ROOT, "epoch %d/%d step %d", s.epoch + 1, b.epochs, s.step)
                : String.format(Locale.ROOT, "step %d", s.step);
    }

    private String stepMessage(State s, long total) {
        return b.epochs > 1 ? String.format(Locale.ROOT, "epoch %d/%d step %d loss %.4f", s.epoch + 1, b.epochs, s.step,
                s.loss) : String.format(Locale.ROOT, "step %d/%d loss %.4f", s.step, total, s.loss);
    }

    /** Metrics for a progress line: fractions as percentages ("exact match 99.10%"), the rest as numbers. */
    public static String describe(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : m.entrySet()) {
            String k = e.getKey();
            boolean fraction = k.equals("exact_match") || k.endsWith("accuracy") || k.equals("error_rate");
            sb.append(sb.isEmpty() ? "" : ", ").append(k.replace('_', ' ')).append(' ')
                    .append(fraction ? String.format(Locale.ROOT, "%.2f%%", 100 * e.getValue())
                            : String.format(Locale.ROOT, "%.4f", e.getValue()));
        }
        return sb.toString();
    }

    /** The settings of a {@link Trainer}; every one has a default (10 epochs, Adam at 1e-3, clip 5, no limits). */
    public static final class Builder {
        private int epochs = 10;
        private long maxSteps;
        private double maxSeconds;
        private float clipNorm = 5f;
        private Function<List<Parameter>, Optimizer> optimizerFactory = p -> new org.rnn4j.core.optim.Adam(p, 1e-3f,
                0.9f, 0.999f, 1e-8f, 0f);
        private Optimizer sharedOptimizer;
        private LongFunction<LrSchedule> schedule;
        private String metric = "loss";
        private boolean metricSet;
        private Boolean lowerIsBetter;
        private int patience;
        private long validateEvery;
        private long checkpointEvery;
        private Path runFolder;
        private boolean resume;
        private boolean overwrite;
        private int threads;
        private PrintStream log = DISCARD;
        private Progress progress;
        private final List<TrainListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** Passes over the training data, at most. */
        public Builder epochs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + n);
            }
            this.epochs = n;
            return this;
        }

        /** Stop after this many optimizer steps (0: no limit). */
        public Builder maxSteps(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxSteps must be >= 0, got " + n);
            }
            this.maxSteps = n;
            return this;
        }

        /** Stop once this many seconds have passed (0: no limit); checked before every step. */
        public Builder maxSeconds(double s) {
            if (!(s >= 0)) {
                throw new IllegalArgumentException("maxSeconds must be >= 0, got " + s);
            }
            this.maxSeconds = s;
            return this;
        }

        /** Largest global gradient norm (0: no clipping). */
        public Builder clipNorm(float v) {
            if (!(v >= 0)) {
                throw new IllegalArgumentException("clipNorm must be >= 0, got " + v);
            }
            this.clipNorm = v;
            return this;
        }

        /** The optimizer, made from the model's parameters when the run starts and closed when it ends. */
        public Builder optimizer(Function<List<Parameter>, Optimizer> factory) {
            this.optimizerFactory = Objects.requireNonNull(factory);
            this.sharedOptimizer = null;
            return this;
        }

        /** An optimizer the caller owns (not closed by the run), so that several runs continue one optimizer. */
        public Builder optimizer(Optimizer optimizer) {
            this.sharedOptimizer = Objects.requireNonNull(optimizer);
            return this;
        }

        /** The learning rate of each step, made from the steps the run is set to take (none: the optimizer's rate). */
        public Builder schedule(LongFunction<LrSchedule> fromTotalSteps) {
            this.schedule = fromTotalSteps;
            return this;
        }

        /** A fixed learning-rate schedule. */
        public Builder fixedSchedule(LrSchedule s) {
            Objects.requireNonNull(s);
            this.schedule = total -> s;
            return this;
        }

        /**
         * The validation metric that picks the best weights, and how many validations without a
         * better one end the run (0: never stop early). Lower is better for {@code error_rate},
         * {@code perplexity} and {@code loss}, higher for the rest, unless {@link #lowerIsBetter} says.
         */
        public Builder earlyStopping(String metric, int patience) {
            if (patience < 0) {
                throw new IllegalArgumentException("patience must be >= 0, got " + patience);
            }
            this.metric = Objects.requireNonNull(metric);
            this.metricSet = true;
            this.patience = patience;
            return this;
        }

        /** The early-stopping metric, unless {@link #earlyStopping} named one (a family's own default). */
        public Builder defaultMetric(String metric) {
            if (!metricSet) {
                this.metric = Objects.requireNonNull(metric);
            }
            return this;
        }

        public Builder lowerIsBetter(boolean v) {
            this.lowerIsBetter = v;
            return this;
        }

        /** Validate every N optimizer steps (0: after every epoch). */
        public Builder validateEvery(long n) {
            this.validateEvery = Math.max(0, n);
            return this;
        }

        /** Save {@code checkpoints/last} every N steps as well (0: at validations only). */
        public Builder checkpointEvery(long n) {
            this.checkpointEvery = Math.max(0, n);
            return this;
        }

        /**
         * Write the run folder: {@code checkpoints/best}, {@code checkpoints/last},
         * {@code metrics.jsonl}, {@code curve.svg} and the model folder (null: train in memory).
         */
        public Builder runFolder(Path dir) {
            this.runFolder = dir;
            return this;
        }

        /**
         * Replace a run folder that already holds something (otherwise refused): the new run
         * trains beside it and takes its place once its own model folder is written.
         */
        public Builder overwrite(boolean v) {
            this.overwrite = v;
            return this;
        }

        /** Go on from {@code checkpoints/last} of the run folder. */
        public Builder resume(boolean v) {
            this.resume = v;
            return this;
        }

        /** Kernel threads for the run (0: leave as they are). */
        public Builder threads(int n) {
            this.threads = Math.max(0, n);
            return this;
        }

        /** Where messages go (resume, early stop); default: nowhere. */
        public Builder log(PrintStream out) {
            this.log = Objects.requireNonNull(out);
            return this;
        }

        /** The progress line (default: none). */
        public Builder progress(Progress p) {
            this.progress = p;
            return this;
        }

        public Builder listener(TrainListener l) {
            listeners.add(Objects.requireNonNull(l));
            return this;
        }

        public Trainer build() {
            if (resume && runFolder == null) {
                throw new IllegalArgumentException("resume needs a run folder");
            }
            if (resume && overwrite) {
                throw new IllegalArgumentException("resume and overwrite exclude each other (resume continues the run"
                        + " in the folder, overwrite replaces it)");
            }
            return new Trainer(this);
        }
    }
}
