package org.rnn4j.models.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.device.Collective;
import org.rnn4j.core.device.Device;
import org.rnn4j.core.device.DeviceManager;
import org.rnn4j.core.kernel.Parallel;
import org.rnn4j.core.optim.GradClip;
import org.rnn4j.core.optim.LrSchedule;
import org.rnn4j.core.optim.Optimizer;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.metrics.MetricsLog;

/**
 * One {@link Trainer#fit} call: the loop over epochs and batches, validation, early stopping,
 * checkpoints and the run folder, with the settings of its {@link Trainer.Builder}. The
 * {@code Trainer} says what a run is set up to do; this class does it, once.
 *
 * <p>{@link #gradients} is the only place in the models module where a batch becomes gradients
 * (the data-parallel work shards a batch there).
 */
final class TrainingRun<B> {
    private final Trainer trainer;
    private final Trainer.Builder b;
    private final Trainable<B> model;
    private DataParallel<B> parallel;
    /** What {@code auto} measured (spec → seconds per batch), for devices.json; null when the spec was given. */
    private Map<String, Double> autoChoice;

    TrainingRun(Trainer trainer, Trainer.Builder b, Trainable<B> model) {
        this.trainer = trainer;
        this.b = b;
        this.model = model;
    }

    /** The run: see {@link Trainer#fit}. */
    Trainer.Result run() throws IOException {
        if (b.threads > 0) {
            Parallel.setThreads(b.threads);
        }
        PrintStream log = b.log;
        RunFolder folder = b.runFolder == null ? null : RunFolder.open(b.runFolder,
                RunFolder.Mode.of(b.resume, b.overwrite));
        Path out = folder == null ? null : folder.dir();
        Path ck = folder == null ? null : folder.checkpoints();
        Progress progress = b.progress;
        boolean ownsOptimizer = b.sharedOptimizer == null;
        Optimizer opt = null;
        try (folder; Workspace ws = new Workspace("training step", model.workspaceBytes());
             MetricsLog mlog = out == null ? null : new MetricsLog(out.resolve("metrics.jsonl"));
             DataParallel<B> dp = dataParallel(ws, out, log)) {
            parallel = dp;
            opt = ownsOptimizer ? b.optimizerFactory.apply(model.parameters()) : b.sharedOptimizer;
            long perEpoch = model.batchesPerEpoch();
            long total = perEpoch * b.epochs;
            if (b.maxSteps > 0) {
                total = Math.min(total, b.maxSteps);
            }
            LrSchedule schedule = b.schedule == null ? null : b.schedule.apply(total);
            EarlyStopping es = new EarlyStopping(ck, model.namedParameters(), opt, b.patience);
            Trainer.State s = trainer.new State(es);
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
                if (parallel != null) {
                    parallel.broadcast();   // the replicas were copied before the checkpoint was loaded
                }
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
            EarlyStopping.Position where = s.position(s.epoch, s.batch);
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
                        return interrupted(s, es, history, progress, ws);
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
                    float lv = gradients(batch, ws, s, ck);
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
                        stop |= validate(s, es, mlog, history, losses, progress, total, true);
                        validatedAt = s.step;
                        es.saveLast(s.position(s.epoch, s.batch));
                    } else if (b.checkpointEvery > 0 && s.step % b.checkpointEvery == 0) {
                        es.saveLast(s.position(s.epoch, s.batch));
                    }
                    if (s.interruptReason != null) {
                        return interrupted(s, es, history, progress, ws);
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
                where = epochDone ? s.position(s.epoch + 1, 0) : s.position(s.epoch, s.batch);
                if (b.validateEvery == 0) {
                    if (limited) {
                        // A limit stopped the run mid-epoch: save where it stands first, then measure the
                        // partial epoch for the log and the model folder only, so that a resumed run goes on
                        // exactly as if it had never stopped.
                        es.saveLast(where);
                        validate(s, es, mlog, history, losses, progress, total, false);
                        es.saveLast(s.position(where.epoch(), where.batch()));   // its log line counted
                    } else {
                        stop |= validate(s, es, mlog, history, losses, progress, total, true);
                        es.saveLast(s.position(where.epoch(), where.batch()));
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
                    validate(s, es, mlog, history, losses, progress, total, false);
                    es.saveLast(s.position(where.epoch(), where.batch()));   // its log line counted
                } else {
                    validate(s, es, mlog, history, losses, progress, total, true);
                    es.saveLast(s.position(where.epoch(), where.batch()));
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
            return new Trainer.Result(s.epoch, s.step, b.metric, best, s.metrics, s.trainSeconds(), s.wallSeconds(), why,
                    List.copyOf(history), false, stepBytes(ws));
        } finally {
            if (ownsOptimizer && opt != null) {
                opt.close();
            }
        }
    }

    /** The run ends on {@link State#interrupt}: {@code last} at the exact position, no validation, no model folder. */
    private Trainer.Result interrupted(Trainer.State s, EarlyStopping es, List<Map<String, Object>> history,
                               Progress progress, Workspace ws) throws IOException {
        es.saveLast(s.position(s.epoch, s.batch));
        if (progress != null) {
            progress.finish();
        }
        double best = es.best() == -Double.MAX_VALUE ? Double.NaN : lowerIsBetter() ? -es.best() : es.best();
        return new Trainer.Result(s.epoch + 1, s.step, b.metric, best, s.metrics, s.trainSeconds(), s.wallSeconds(),
                s.interruptReason, List.copyOf(history), true, stepBytes(ws));
    }

    private long stepBytes(Workspace ws) {
        return ws.peakBytes() + (parallel == null ? 0 : parallel.extraBytes());
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
    private float gradients(B batch, Workspace ws, Trainer.State s, Path ck) throws IOException {
        if (parallel != null) {
            float lv = (float) parallel.gradients(batch, s.step);
            checkFinite(lv, s, ck, ws);
            return lv;
        }
        Tape tape = new Tape(ws);
        Var loss = model.loss(tape, batch);
        float lv = loss.value().get(0);
        checkFinite(lv, s, ck, ws);
        tape.backward(loss);
        return lv;
    }

    private static void checkFinite(float lv, Trainer.State s, Path ck, Workspace ws) throws IOException {
        if (!Float.isFinite(lv)) {
            ws.reset();
            throw new IOException(String.format(Locale.ROOT, "the loss became %s at epoch %d, step %d; training stopped"
                    + " (%s). Try a lower learning rate or clipNorm.", lv, s.epoch + 1, s.step + 1,
                    ck == null ? "this run keeps no checkpoints" : "the last good checkpoint, if any, is in " + ck));
        }
    }

    /**
     * The data-parallel engine when the run trains on more than one device or in micro-batches,
     * else null. The devices' shares of a batch (by threads, for CPU devices) are recorded in the
     * run folder's {@code devices.json}; a resumed run on the same spec reuses them, so its
     * batches are cut as before.
     */
    private DataParallel<B> dataParallel(Workspace ws, Path out, PrintStream log) throws IOException {
        DeviceManager.Spec spec = b.devices;
        if (spec != null && spec.text().equals("auto")) {
            spec = chooseAuto(ws, out, log);
        }
        if (spec != null && !spec.parallel() && spec.kind().equals("cpu")) {
            Parallel.setThreads(spec.threads());
        }
        if ((spec == null || !spec.parallel()) && b.microBatches == 1) {
            if (autoChoice != null) {
                RunDevices.shares(out, spec, 1, b.resume, log, autoChoice, () -> new double[] {1});   // records what auto chose
            }
            return null;
        }
        if (spec == null || !spec.parallel()) {
            spec = DeviceManager.parse("cpu:" + (spec != null ? spec.threads() : Parallel.defaultThreads()));
        }
        List<Device> devices = DeviceManager.open(spec);
        DataParallel<B> dp;
        try {
            double[] even = new double[devices.size()];
            java.util.Arrays.fill(even, 1);
            dp = new DataParallel<>(model, ws, devices, even, b.microBatches, Collective.single());
        } catch (RuntimeException | Error e) {
            devices.forEach(Device::close);
            throw e;
        }
        try {
            DataParallel<B> engine = dp;
            double[] shares = RunDevices.shares(out, spec, b.microBatches, b.resume, log, autoChoice,
                    () -> measureShares(engine));
            dp.shares(shares);
            log.printf(Locale.ROOT, "devices: %s, %d micro-batch(es) per step, shares %s%n", String.join(", ",
                    devices.stream().map(Device::describe).toList()), b.microBatches, java.util.Arrays.toString(shares));
            return dp;
        } catch (IOException | RuntimeException | Error e) {
            dp.close();
            throw e;
        }
    }

    /**
     * Uneven devices' shares: their throughput on the first batch of the first epoch, one warm-up
     * and the better of two timed passes each (nothing updated).
     */
    private double[] measureShares(DataParallel<B> dp) {
        Iterator<B> it = model.batches(0);
        if (!it.hasNext()) {
            throw new IllegalStateException("no batch to measure the devices on");
        }
        B batch = it.next();
        dp.throughput(batch);
        double[] best = dp.throughput(batch);
        double[] again = dp.throughput(batch);
        for (int d = 0; d < best.length; d++) {
            best[d] = Math.max(best[d], again[d]);
        }
        return best;
    }

    /**
     * {@code auto}: whichever of one device of one thread, one device with every core, and (for a
     * {@link Shardable} model) one one-thread device per core computes a batch's gradients
     * fastest here. Measured once — two rounds over the candidates, each two warm-up and three
     * timed batches of the first epoch, the better round kept, nothing updated — and recorded in
     * devices.json; a resumed run takes the recorded choice. A
     * one-core machine gets its one device.
     */
    private DeviceManager.Spec chooseAuto(Workspace ws, Path out, PrintStream log) throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores < 2) {
            return DeviceManager.parse("cpu:1");
        }
        DeviceManager.Spec recorded = RunDevices.recordedAuto(out, b.resume);
        if (recorded != null) {
            log.println("devices: auto chose " + recorded.text() + " when this run started (devices.json)");
            autoChoice = Map.of();
            return recorded;
        }
        List<DeviceManager.Spec> candidates = new ArrayList<>(List.of(DeviceManager.parse("cpu:1"),
                DeviceManager.parse("cpu:" + cores)));
        if (model instanceof Shardable<?>) {
            candidates.add(DeviceManager.parse("cpu:" + cores + "x1"));
        }
        List<B> batches = new ArrayList<>();   // the same five batches for every candidate
        for (Iterator<B> it = model.batches(0); batches.size() < 5 && it.hasNext(); ) {
            batches.add(it.next());
        }
        if (batches.isEmpty()) {
            return candidates.get(1);   // nothing to measure on: one device with every core
        }
        autoChoice = new LinkedHashMap<>();
        DeviceManager.Spec chosen = null;
        StringBuilder measured = new StringBuilder();
        for (int round = 0; round < 2; round++) {   // two rounds: the first candidate also pays for the JIT's warm-up
            for (DeviceManager.Spec c : candidates) {
                double t = probe(c, ws, batches);
                autoChoice.merge(c.text(), t, Math::min);
            }
        }
        for (DeviceManager.Spec c : candidates) {
            double t = autoChoice.get(c.text());
            measured.append(String.format(Locale.ROOT, "%s%s %.1f ms", measured.isEmpty() ? "" : ", ", c.text(), t * 1e3));
            if (chosen == null || t < autoChoice.get(chosen.text())) {
                chosen = c;
            }
        }
        log.printf(Locale.ROOT, "devices: auto measured %s per batch: %s%n", measured, chosen.text());
        return chosen;
    }

    /** Seconds to compute one batch's gradients on {@code spec} (the median of three, after two warm-ups); nothing is updated. */
    private double probe(DeviceManager.Spec spec, Workspace ws, List<B> batches) {
        double[] times = new double[batches.size()];
        DataParallel<B> dp = null;
        List<Device> devices = List.of();
        try {
            if (spec.parallel()) {
                devices = DeviceManager.open(spec);
                double[] shares = new double[devices.size()];
                java.util.Arrays.fill(shares, 1);
                dp = new DataParallel<>(model, ws, devices, shares, 1, Collective.single());
            } else {
                Parallel.setThreads(spec.threads());
            }
            for (int i = 0; i < batches.size(); i++) {
                long t0 = System.nanoTime();
                if (dp != null) {
                    dp.gradients(batches.get(i), 0);
                } else {
                    Tape tape = new Tape(ws);
                    tape.backward(model.loss(tape, batches.get(i)));
                }
                times[i] = (System.nanoTime() - t0) / 1e9;
                model.parameters().forEach(org.rnn4j.core.nn.Parameter::zeroGrad);
                ws.reset();
            }
        } finally {
            if (dp != null) {
                dp.close();
            } else {
                devices.forEach(Device::close);
            }
        }
        double[] timed = java.util.Arrays.copyOfRange(times, Math.min(2, times.length - 1), times.length);
        java.util.Arrays.sort(timed);
        return timed[timed.length / 2];
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
        if (parallel != null) {
            parallel.broadcast();
        }
    }

    /** Why the run must stop before its next step (the step or time limit), or null. */
    private String limit(Trainer.State s) {
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

    private boolean validate(Trainer.State s, EarlyStopping es, MetricsLog mlog,
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
                    "%s validation %s", position(s), Trainer.describe(m)), true);
        }
        double raw = m.getOrDefault(b.metric, Double.NaN);
        boolean stop = !Double.isNaN(raw) && es.record(lowerIsBetter() ? -raw : raw, s.epoch + 1, b.log, b.metric,
                counted);
        for (TrainListener l : b.listeners) {
            l.afterValidation(s);
        }
        return stop;
    }

    private String position(Trainer.State s) {
        return b.epochs > 1 ? String.format(Locale.ROOT, "epoch %d/%d step %d", s.epoch + 1, b.epochs, s.step)
                : String.format(Locale.ROOT, "step %d", s.step);
    }

    private String stepMessage(Trainer.State s, long total) {
        return b.epochs > 1 ? String.format(Locale.ROOT, "epoch %d/%d step %d loss %.4f", s.epoch + 1, b.epochs, s.step,
                s.loss) : String.format(Locale.ROOT, "step %d/%d loss %.4f", s.step, total, s.loss);
    }
}
