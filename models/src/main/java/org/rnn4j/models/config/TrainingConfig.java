package org.rnn4j.models.config;

import org.rnn4j.models.text.Snippet;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code training} section every family's config shares: optimizer, learning-rate schedule,
 * batch size, the run's limits (epochs, steps, seconds), clipping, early stopping, validation and
 * checkpoint intervals, seed and threads. Teacher forcing and scheduled sampling are seq2seq's
 * (other families accept only their defaults). Validated by {@link #parse}: errors name the JSON
 * path.
 *
 * @param validateEvery   validate every N optimizer steps (0: after every epoch)
 * @param checkpointEvery also save {@code checkpoints/last} every N steps (0: at validations only)
 * @param devices         the device spec ({@code cpu:N}, {@code cpu:DxT}, ...; null: the threads setting)
 * @param microBatches    each step's batch in this many micro-batches per device (gradient accumulation)
 */
public record TrainingConfig(OptimizerName optimizer, float lr, float weightDecay, float momentum, int warmupSteps,
                             boolean cosine, int batchSize, int epochs, int maxSteps, float clipNorm,
                             float teacherForcing, float scheduledSamplingDecay, long seed, int threads, int patience,
                             String earlyStoppingMetric, double maxSeconds, int validateEvery, int checkpointEvery,
                             String devices, int microBatches) {

    public enum OptimizerName { ADAM, ADAMW, SGD, RMSPROP }

    /**
     * Parses a training section; {@code metrics} are the early-stopping metrics the family offers
     * (the first is the default). {@code seq2seq} turns on teacher forcing and scheduled sampling
     * and the seq2seq defaults (a cosine schedule with 50 warm-up steps; other families default to
     * a constant rate).
     */
    public static TrainingConfig parse(Node t, List<String> metrics, boolean seq2seq) {
        Node opt = t.object("optimizer");
        Node sch = t.object("schedule");
        Node es = t.object("earlyStopping");
        String scheduleName = sch.string("name", seq2seq ? "cosine" : "constant");
        TrainingConfig training = new TrainingConfig(opt.choice("name", OptimizerName.class, OptimizerName.ADAM),
                (float) opt.number("lr", 4e-3, 0, 10, false), (float) opt.number("weightDecay", 0, 0, 10, true),
                (float) opt.number("momentum", 0.9, 0, 1, true), sch.integer("warmupSteps", seq2seq ? 50 : 0, 0, 10_000_000),
                !scheduleName.equals("constant") && checkSchedule(scheduleName),
                t.integer("batchSize", 64, 1, 65_536), t.integer("epochs", 10, 1, 100_000),
                t.integer("maxSteps", 0, 0, Integer.MAX_VALUE), (float) t.number("clipNorm", 5, 0, 1e9, true),
                seq2seqOnly(t, "teacherForcing", 1, seq2seq), seq2seqOnly(t, "scheduledSamplingDecay", 0, seq2seq),
                t.integer("seed", 42, 0, Integer.MAX_VALUE),
                t.integer("threads", 0, 0, 4096), es.integer("patience", 3, 0, 1000),
                metric(es, metrics), t.number("maxSeconds", 0, 0, 1e9, true),
                t.integer("validateEvery", 0, 0, Integer.MAX_VALUE), t.integer("checkpointEvery", 0, 0, Integer.MAX_VALUE),
                devices(t), t.integer("microBatches", 1, 1, 65_536));
        opt.done();
        sch.done();
        es.done();
        t.done();
        return training;
    }

    /**
     * Teacher forcing and scheduled sampling: a seq2seq setting in [0, 1]. Other families accept
     * only the default (model folders written before these became seq2seq-only hold it) and name
     * any other value as an error, rather than ignore it.
     */
    private static float seq2seqOnly(Node t, String field, double def, boolean seq2seq) {
        double v = t.number(field, def, 0, 1, true);
        if (!seq2seq && v != def) {
            throw new ConfigException(t.path() + "." + field, "only the seq2seq family uses " + field + " (got " + v
                    + "); remove the field");
        }
        return (float) v;
    }

    private static String devices(Node t) {
        String spec = t.string("devices", null);
        if (spec != null) {
            try {
                org.rnn4j.core.device.DeviceManager.parse(spec);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(t.path() + ".devices", e.getMessage());
            }
        }
        return spec;
    }

    private static String metric(Node es, List<String> allowed) {
        String m = es.string("metric", allowed.getFirst());
        if (!allowed.contains(m)) {
            throw new ConfigException(es.path() + ".metric", "'" + Snippet.of(m) + "' is not one of " + allowed);
        }
        return m;
    }

    /** True if a smaller value of this validation metric is better. */
    public static boolean lowerIsBetter(String metric) {
        return metric.equals("error_rate") || metric.equals("perplexity") || metric.equals("loss") || metric.equals("mse");
    }

    private static boolean checkSchedule(String name) {
        if (!name.equals("cosine")) {
            throw new ConfigException("$.training.schedule.name", "'" + Snippet.of(name) + "' is not one of [cosine, constant]");
        }
        return true;
    }

    /** Writes this section into {@code t} (every field; teacher forcing and scheduled sampling for seq2seq only). */
    public void write(ObjectNode t, boolean seq2seq) {
        ObjectNode o = t.putObject("optimizer");
        o.put("name", optimizer.name().toLowerCase(Locale.ROOT));
        o.put("lr", lr);
        o.put("weightDecay", weightDecay);
        o.put("momentum", momentum);
        ObjectNode s = t.putObject("schedule");
        s.put("name", cosine ? "cosine" : "constant");
        s.put("warmupSteps", warmupSteps);
        t.put("batchSize", batchSize);
        t.put("epochs", epochs);
        t.put("maxSteps", maxSteps);
        t.put("maxSeconds", maxSeconds);
        t.put("clipNorm", clipNorm);
        if (seq2seq) {
            t.put("teacherForcing", teacherForcing);
            t.put("scheduledSamplingDecay", scheduledSamplingDecay);
        }
        t.put("seed", seed);
        t.put("threads", threads);
        if (validateEvery > 0) {
            t.put("validateEvery", validateEvery);
        }
        if (checkpointEvery > 0) {
            t.put("checkpointEvery", checkpointEvery);
        }
        if (devices != null) {
            t.put("devices", devices);
        }
        if (microBatches > 1) {
            t.put("microBatches", microBatches);
        }
        ObjectNode es = t.putObject("earlyStopping");
        es.put("patience", patience);
        es.put("metric", earlyStoppingMetric);
    }
}
