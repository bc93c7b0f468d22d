package org.rnn4j.models.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.core.io.Checkpoints;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.optim.Optimizer;

/**
 * The {@link Trainer}'s bookkeeping of validations: the best score so far (larger is better;
 * the trainer negates a metric where lower is better), patience, and the best weights — in
 * {@code dir/best} (atomic; see NOTE [atomic checkpoint] in core's Checkpoints) or, for a run
 * without a folder, a copy in memory — plus {@code dir/last} with the optimizer state and the
 * position in the run, for resume.
 */
final class EarlyStopping {
    private final Path dir;
    private final Map<String, Parameter> params;
    private final Optimizer optimizer;
    private final int patience;
    private Map<String, float[]> bestInMemory;
    private double uncountedScore = -Double.MAX_VALUE;
    private Map<String, float[]> uncountedWeights;
    private double best = -Double.MAX_VALUE;
    private int bad;

    /**
     * Where a run stands: epochs started before this one, batches done in it, optimizer steps,
     * records in metrics.jsonl (-1: not known, a checkpoint from before it was kept), and the
     * batches per epoch of the run that saved it.
     */
    record Position(int epoch, long batch, long stepsDone, long logged, long perEpoch) {
    }

    /** {@code dir} null: keep the best weights in memory and write no checkpoint. */
    EarlyStopping(Path dir, Map<String, Parameter> params, Optimizer optimizer, int patience) {
        this.dir = dir;
        this.params = params;
        this.optimizer = optimizer;
        this.patience = patience;
    }

    /** Loads {@code last} (parameters, optimizer state, progress) and returns where to go on from. */
    Position resume(PrintStream log) throws IOException {
        Map<String, String> p = Checkpoints.load(dir, "last", params, optimizer);
        int epoch = Integer.parseInt(p.getOrDefault("epoch", "0"));
        long batch = Long.parseLong(p.getOrDefault("batch", "0"));
        long step = Long.parseLong(p.getOrDefault("step", "0"));
        long logged = Long.parseLong(p.getOrDefault("logged", "-1"));
        long perEpoch = Long.parseLong(p.getOrDefault("batchesPerEpoch", "-1"));
        best = Double.parseDouble(p.getOrDefault("best", String.valueOf(-Double.MAX_VALUE)));
        bad = Integer.parseInt(p.getOrDefault("bad", "0"));
        log.printf(Locale.ROOT, "resumed from %s at epoch %d, step %d%n", dir.resolve("last"), epoch, step);
        return new Position(epoch, batch, step, logged, perEpoch);
    }

    /**
     * Records a validation score (NaN = none) and keeps the best weights; returns true when
     * patience has run out. A validation that is not {@code counted} (the closing one of a run
     * stopped by a limit) may give the model folder its weights but leaves the checkpoints and the
     * patience count as they were, so that a resumed run goes on as one that never stopped.
     */
    boolean record(double score, int epochNumber, PrintStream log, String metric, boolean counted) throws IOException {
        if (!counted) {
            if (!Double.isNaN(score) && score > Math.max(best, uncountedScore)) {
                uncountedScore = score;
                uncountedWeights = new LinkedHashMap<>();
                params.forEach((k, v) -> uncountedWeights.put(k, v.value().toArray()));
            }
            return false;
        }
        if (!Double.isNaN(score) && score > best) {
            best = score;
            bad = 0;
            if (dir != null) {
                Checkpoints.save(dir, "best", params, null, Map.of("epoch", "" + epochNumber));
            } else {
                bestInMemory = new LinkedHashMap<>();
                params.forEach((k, v) -> bestInMemory.put(k, v.value().toArray()));
            }
            return false;
        }
        if (++bad >= patience && patience > 0) {
            log.printf(Locale.ROOT, "%nearly stop: no better validation %s for %d validation(s)%n", metric, bad);
            return true;
        }
        return false;
    }

    /** Saves {@code last}: weights, optimizer state and {@code at} (no-op without a folder). */
    void saveLast(Position at) throws IOException {
        if (dir == null) {
            return;
        }
        Map<String, String> progress = new LinkedHashMap<>();
        progress.put("epoch", "" + at.epoch());
        progress.put("batch", "" + at.batch());
        progress.put("step", "" + at.stepsDone());
        progress.put("best", "" + best);
        progress.put("bad", "" + bad);
        progress.put("logged", "" + at.logged());
        progress.put("batchesPerEpoch", "" + at.perEpoch());
        Checkpoints.save(dir, "last", params, optimizer, progress);
    }

    /** Puts the best weights back into the parameters (if there are any). */
    void restoreBest() throws IOException {
        if (uncountedWeights != null && uncountedScore > best) {
            uncountedWeights.forEach((k, v) -> params.get(k).value().copyFrom(v));
        } else if (dir != null && Files.isDirectory(dir.resolve("best"))) {
            Checkpoints.load(dir, "best", params, null);
        } else if (bestInMemory != null) {
            bestInMemory.forEach((k, v) -> params.get(k).value().copyFrom(v));
        }
    }

    /** The best score seen (as passed to {@link #record}, counted or not), or -Double.MAX_VALUE. */
    double best() {
        return Math.max(best, uncountedScore);
    }
}
