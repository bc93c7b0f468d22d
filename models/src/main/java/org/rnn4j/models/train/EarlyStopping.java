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
 * The epoch bookkeeping every trainer shares: the best validation score so far (larger is
 * better; pass a negated loss-like metric), patience, and the {@code best} and {@code last}
 * checkpoints under {@code dir} (atomic; see NOTE [atomic checkpoint] in core's Checkpoints),
 * with resume.
 */
public final class EarlyStopping {
    private final Path dir;
    private final Map<String, Parameter> params;
    private final Optimizer optimizer;
    private final int patience;
    private double best = -Double.MAX_VALUE;
    private int bad;
    private int epoch;
    private long step;

    public EarlyStopping(Path dir, Map<String, Parameter> params, Optimizer optimizer, int patience) {
        this.dir = dir;
        this.params = params;
        this.optimizer = optimizer;
        this.patience = patience;
    }

    /** Loads {@code last} (parameters, optimizer state, progress) and returns the epoch to start from. */
    public int resume(PrintStream log) throws IOException {
        Map<String, String> p = Checkpoints.load(dir, "last", params, optimizer);
        epoch = Integer.parseInt(p.getOrDefault("epoch", "0"));
        step = Long.parseLong(p.getOrDefault("step", "0"));
        best = Double.parseDouble(p.getOrDefault("best", String.valueOf(-Double.MAX_VALUE)));
        bad = Integer.parseInt(p.getOrDefault("bad", "0"));
        log.printf(Locale.ROOT, "resumed from %s at epoch %d, step %d%n", dir.resolve("last"), epoch, step);
        return epoch;
    }

    /** The optimizer step count the resumed run had reached. */
    public long step() {
        return step;
    }

    /**
     * Records an epoch's validation score (NaN = none) and saves the checkpoints; returns true when
     * patience has run out.
     */
    public boolean endEpoch(int epochDone, long stepDone, double score, PrintStream log, String metric)
            throws IOException {
        epoch = epochDone;
        step = stepDone;
        boolean stop = false;
        if (!Double.isNaN(score) && score > best) {
            best = score;
            bad = 0;
            Checkpoints.save(dir, "best", params, null, Map.of("epoch", "" + epochDone));
        } else if (++bad >= patience && patience > 0) {
            log.printf(Locale.ROOT, "%nearly stop: no better validation %s for %d epoch(s)%n", metric, bad);
            stop = true;
        }
        Map<String, String> progress = new LinkedHashMap<>();
        progress.put("epoch", "" + epochDone);
        progress.put("step", "" + stepDone);
        progress.put("best", "" + best);
        progress.put("bad", "" + bad);
        Checkpoints.save(dir, "last", params, optimizer, progress);
        return stop;
    }

    /** Puts the best weights back into the parameters (if a best checkpoint exists). */
    public void restoreBest() throws IOException {
        if (Files.isDirectory(dir.resolve("best"))) {
            Checkpoints.load(dir, "best", params, null);
        }
    }

    /** The best score seen (as passed to {@link #endEpoch}), or -Double.MAX_VALUE. */
    public double best() {
        return best;
    }
}
