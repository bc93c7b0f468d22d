package org.rnn4j.models.train;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.optim.LrSchedule;
import org.rnn4j.core.optim.Optimizer;
import org.rnn4j.models.config.TrainingConfig;

/**
 * The one training loop: every family, the demo and the Java API train through it. It takes a
 * {@link Trainable} (a model and its data as batches) and runs epochs of optimizer steps with
 * the learning-rate schedule, gradient clipping, the step and time limits, a stop with a clear
 * error when the loss is not finite, validation (each epoch or every N steps), early stopping
 * with the best weights restored, checkpoints ({@code checkpoints/best}, {@code checkpoints/last},
 * every N steps if asked) and resume, the progress line, {@code metrics.jsonl}, {@code curve.svg}
 * and the model folder. Nothing in it depends on the family.
 *
 * <p>A {@code Trainer} holds the settings; each {@link #fit} is a {@link TrainingRun}, whose
 * {@code gradients} is the only place a batch becomes gradients (the data-parallel work shards a
 * batch there).
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
        if (t.devices() != null) {
            b.devices(t.devices());
        }
        return b.microBatches(t.microBatches());
    }

    /**
     * What a run did.
     *
     * @param stepBytes the most off-heap memory the training steps took: the step workspaces' peaks,
     *                  plus, on several devices, the replicas' parameters and gradients and the flat buffers
     */
    public record Result(int epochs, long steps, String metric, double bestMetric, Map<String, Double> lastMetrics,
                         double trainSeconds, double wallSeconds, String stoppedBecause,
                         List<Map<String, Object>> history, boolean interrupted, long stepBytes) {
    }

    /** What a {@link TrainListener} sees of a run, and what it may ask of it. */
    public final class State {
        final EarlyStopping es;
        int epoch;
        long batch;
        long step;
        float loss = Float.NaN;
        float lr;
        double meanLoss = Double.NaN;
        Map<String, Double> metrics = Map.of();
        String stopReason;
        volatile String interruptReason;
        final long start = System.nanoTime();
        long trainNanos;
        long logged;

        State(EarlyStopping es) {
            this.es = es;
        }

        long perEpoch = -1;

        /** Where the run stands at {@code epochAt}, {@code batchAt}: what {@code checkpoints/last} records. */
        EarlyStopping.Position position(int epochAt, long batchAt) {
            return new EarlyStopping.Position(epochAt, batchAt, step, logged, perEpoch);
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
            es.saveLast(position(epoch, batch));
        }
    }

    /**
     * Trains {@code model}; with a run folder, also writes the checkpoints, the logs and (with the
     * best weights) the model folder. Returns what the run did; the model keeps the best weights
     * (or the last, when nothing was validated).
     */
    public <B> Result fit(Trainable<B> model) throws IOException {
        return new TrainingRun<>(this, b, model).run();
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
        int epochs = 10;
        long maxSteps;
        double maxSeconds;
        float clipNorm = 5f;
        Function<List<Parameter>, Optimizer> optimizerFactory = p -> new org.rnn4j.core.optim.Adam(p, 1e-3f,
                0.9f, 0.999f, 1e-8f, 0f);
        Optimizer sharedOptimizer;
        LongFunction<LrSchedule> schedule;
        String metric = "loss";
        boolean metricSet;
        Boolean lowerIsBetter;
        int patience;
        long validateEvery;
        long checkpointEvery;
        Path runFolder;
        boolean resume;
        boolean overwrite;
        int threads;
        org.rnn4j.core.device.DeviceManager.Spec devices;
        int microBatches = 1;
        PrintStream log = DISCARD;
        Progress progress;
        final List<TrainListener> listeners = new ArrayList<>();

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

        /**
         * The devices to train on: {@code cpu:N} is one device of N threads (as {@link #threads});
         * {@code cpu:DxT} is D devices of T threads, over which each batch is sharded (the model
         * must be {@link Shardable}); {@code auto} and {@code cpu}, one device with every core. A
         * bad or absent device is an {@link IllegalArgumentException} naming it and what exists.
         */
        public Builder devices(String spec) {
            this.devices = org.rnn4j.core.device.DeviceManager.parse(spec);
            return this;
        }

        /**
         * Gradient accumulation: each device runs its part of a step's batch as {@code k}
         * micro-batches, one after another, and the step's gradient is the same as in one pass
         * (the model must be {@link Shardable}).
         */
        public Builder microBatches(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("microBatches must be >= 1, got " + k);
            }
            this.microBatches = k;
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
