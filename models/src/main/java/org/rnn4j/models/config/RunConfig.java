package org.rnn4j.models.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.rnn4j.core.nn.Attention;
import org.rnn4j.core.nn.CellType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One JSON document describing a training run of a sequence→sequence model: data, model,
 * training and decoding. Immutable records, validated completely at load — before any data is
 * read — with errors naming the JSON path and the allowed values. Defaults: docs/config.md.
 */
public record RunConfig(int formatVersion, String family, Data data, Model model, Training training,
                        Decoding decoding) {
    public static final int FORMAT_VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public enum Tokenizer { CHARACTER, WHITESPACE }

    public enum OptimizerName { ADAM, ADAMW, SGD, RMSPROP }

    public enum Strategy { GREEDY, BEAM, SAMPLE }

    /** Where examples come from: a built-in dataset name, or TSV files of source TAB target. */
    public record Data(String dataset, String train, String validation, double validationSplit, Tokenizer tokenizer,
                       int maxVocab, int minCount, int generatedExamples) {
    }

    public record Model(int embedding, CellType encoderCell, int encoderHidden, int encoderLayers,
                        boolean bidirectional, float dropout, int decoderHidden, Attention.Kind attention,
                        int attentionSize) {
    }

    public record Training(OptimizerName optimizer, float lr, float weightDecay, float momentum, int warmupSteps,
                           boolean cosine, int batchSize, int epochs, int maxSteps, float clipNorm,
                           float teacherForcing, float scheduledSamplingDecay, long seed, int threads, int patience,
                           String earlyStoppingMetric, double maxSeconds) {
    }

    public record Decoding(Strategy strategy, int beamWidth, float lengthPenalty, int maxLength, float temperature,
                           int topK) {
    }

    /** Reads and validates {@code file}; every problem is a {@link ConfigException} naming the path. */
    public static RunConfig load(Path file) throws IOException {
        return parse(Node.readFile(file));
    }

    public static RunConfig parse(JsonNode root) {
        Node n = new Node(root, "$");
        int version = n.integer("formatVersion", FORMAT_VERSION, FORMAT_VERSION, FORMAT_VERSION);
        String family = n.requiredString("family");
        if (!family.equals("seq2seq")) {
            throw new ConfigException("$.family", "'" + family + "' is not supported by this trainer yet (allowed: seq2seq)");
        }
        Node d = n.object("data");
        String dataset = d.string("dataset", null);
        String train = d.string("train", null);
        if ((dataset == null) == (train == null)) {
            throw new ConfigException("$.data", "give exactly one of 'dataset' (allowed: dates) or 'train' (a TSV file)");
        }
        if (dataset != null && !dataset.equals("dates")) {
            throw new ConfigException("$.data.dataset", "'" + dataset + "' is not a built-in dataset (allowed: dates)");
        }
        Data data = new Data(dataset, train, d.string("validation", null),
                d.number("validationSplit", 0.05, 0.0, 0.5, true), d.choice("tokenizer", Tokenizer.class, Tokenizer.CHARACTER),
                d.integer("maxVocab", 0, 0, 10_000_000), d.integer("minCount", 1, 1, 1_000_000),
                d.integer("generatedExamples", 20_000, 100, 10_000_000));
        d.done();

        Node m = n.object("model");
        Node enc = m.object("encoder");
        Node dec = m.object("decoder");
        Node att = m.object("attention");
        Model model = new Model(m.integer("embedding", 32, 1, 65_536),
                enc.choice("cell", CellType.class, CellType.LSTM), enc.integer("hidden", 64, 1, 65_536),
                enc.integer("layers", 1, 1, 32), enc.bool("bidirectional", true),
                (float) enc.number("dropout", 0, 0, 1, true), dec.integer("hidden", 128, 1, 65_536),
                att.choice("kind", Attention.Kind.class, Attention.Kind.GENERAL), att.integer("size", 0, 0, 65_536));
        if (dec.has("bidirectional")) {
            throw new ConfigException("$.model.decoder.bidirectional", "a decoder cannot be bidirectional: it generates"
                    + " one token at a time, left to right (remove the field)");
        }
        if (model.dropout() >= 1f) {
            throw new ConfigException("$.model.encoder.dropout", "must be in [0, 1), got " + model.dropout());
        }
        if (model.attention() == Attention.Kind.ADDITIVE && model.attentionSize() < 1) {
            throw new ConfigException("$.model.attention.size", "additive attention needs size >= 1");
        }
        if (model.attention() == Attention.Kind.DOT
                && model.decoderHidden() != (model.bidirectional() ? 2 : 1) * model.encoderHidden()) {
            throw new ConfigException("$.model.attention.kind", "dot attention needs decoder.hidden == directions *"
                    + " encoder.hidden (" + (model.bidirectional() ? 2 : 1) * model.encoderHidden() + "), got "
                    + model.decoderHidden() + " (allowed kinds: dot, general, additive)");
        }
        enc.done();
        dec.done();
        att.done();
        m.done();

        Training training = parseTraining(n.object("training"));

        Node dc = n.object("decoding");
        Decoding decoding = new Decoding(dc.choice("strategy", Strategy.class, Strategy.GREEDY),
                dc.integer("beamWidth", 4, 1, 1000), (float) dc.number("lengthPenalty", 1, 0, 10, true),
                dc.integer("maxLength", 64, 1, 100_000), (float) dc.number("temperature", 1, 0, 100, false),
                dc.integer("topK", 0, 0, 1_000_000));
        dc.done();
        n.done();
        return new RunConfig(version, family, data, model, training, decoding);
    }

    /** The training section of a seq2seq config. */
    public static Training parseTraining(Node t) {
        return parse(t, java.util.List.of("exact_match", "token_accuracy", "bleu", "error_rate"), true);
    }

    /**
     * The training section of the other families; {@code metrics} are the early-stopping metrics
     * the family offers (the first is the default). Teacher forcing and scheduled sampling are
     * seq2seq-only (only their defaults are accepted here), and the learning-rate schedule defaults to
     * {@code constant} (a seq2seq config defaults to {@code cosine}).
     */
    public static Training parseTraining(Node t, java.util.List<String> metrics) {
        return parse(t, metrics, false);
    }

    private static Training parse(Node t, java.util.List<String> metrics, boolean seq2seq) {
        Node opt = t.object("optimizer");
        Node sch = t.object("schedule");
        Node es = t.object("earlyStopping");
        String scheduleName = sch.string("name", seq2seq ? "cosine" : "constant");
        Training training = new Training(opt.choice("name", OptimizerName.class, OptimizerName.ADAM),
                (float) opt.number("lr", 4e-3, 0, 10, false), (float) opt.number("weightDecay", 0, 0, 10, true),
                (float) opt.number("momentum", 0.9, 0, 1, true), sch.integer("warmupSteps", seq2seq ? 50 : 0, 0, 10_000_000),
                !scheduleName.equals("constant") && checkSchedule(scheduleName),
                t.integer("batchSize", 64, 1, 65_536), t.integer("epochs", 10, 1, 100_000),
                t.integer("maxSteps", 0, 0, Integer.MAX_VALUE), (float) t.number("clipNorm", 5, 0, 1e9, true),
                seq2seqOnly(t, "teacherForcing", 1, seq2seq), seq2seqOnly(t, "scheduledSamplingDecay", 0, seq2seq),
                t.integer("seed", 42, 0, Integer.MAX_VALUE),
                t.integer("threads", 0, 0, 4096), es.integer("patience", 3, 0, 1000),
                metric(es, metrics), t.number("maxSeconds", 0, 0, 1e9, true));
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

    private static String metric(Node es, java.util.List<String> allowed) {
        String m = es.string("metric", allowed.getFirst());
        if (!allowed.contains(m)) {
            throw new ConfigException(es.path() + ".metric", "'" + m + "' is not one of " + allowed);
        }
        return m;
    }

    /** True if a smaller value of this validation metric is better. */
    public static boolean lowerIsBetter(String metric) {
        return metric.equals("error_rate") || metric.equals("perplexity");
    }

    private static boolean checkSchedule(String name) {
        if (!name.equals("cosine")) {
            throw new ConfigException("$.training.schedule.name", "'" + name + "' is not one of [cosine, constant]");
        }
        return true;
    }

    /** The same config as JSON, every field written out (defaults included). */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", formatVersion);
        root.put("family", family);
        ObjectNode d = root.putObject("data");
        if (data.dataset() != null) {
            d.put("dataset", data.dataset());
            d.put("generatedExamples", data.generatedExamples());
        } else {
            d.put("train", data.train());
            if (data.validation() != null) {
                d.put("validation", data.validation());
            }
        }
        d.put("validationSplit", data.validationSplit());
        d.put("tokenizer", data.tokenizer().name().toLowerCase(java.util.Locale.ROOT));
        d.put("maxVocab", data.maxVocab());
        d.put("minCount", data.minCount());
        ObjectNode m = root.putObject("model");
        m.put("embedding", model.embedding());
        ObjectNode e = m.putObject("encoder");
        e.put("cell", model.encoderCell().name().toLowerCase(java.util.Locale.ROOT));
        e.put("hidden", model.encoderHidden());
        e.put("layers", model.encoderLayers());
        e.put("bidirectional", model.bidirectional());
        e.put("dropout", model.dropout());
        m.putObject("decoder").put("hidden", model.decoderHidden());
        ObjectNode a = m.putObject("attention");
        a.put("kind", model.attention().name().toLowerCase(java.util.Locale.ROOT));
        a.put("size", model.attentionSize());
        writeTraining(root.putObject("training"), training, true);
        ObjectNode dc = root.putObject("decoding");
        dc.put("strategy", decoding.strategy().name().toLowerCase(java.util.Locale.ROOT));
        dc.put("beamWidth", decoding.beamWidth());
        dc.put("lengthPenalty", decoding.lengthPenalty());
        dc.put("maxLength", decoding.maxLength());
        dc.put("temperature", decoding.temperature());
        dc.put("topK", decoding.topK());
        return root;
    }

    /** Writes the training section of a family other than seq2seq (every field it has). */
    public static void writeTraining(ObjectNode t, Training training) {
        writeTraining(t, training, false);
    }

    /** Writes a training section (every field; teacher forcing and scheduled sampling for seq2seq only). */
    static void writeTraining(ObjectNode t, Training training, boolean seq2seq) {
        ObjectNode o = t.putObject("optimizer");
        o.put("name", training.optimizer().name().toLowerCase(java.util.Locale.ROOT));
        o.put("lr", training.lr());
        o.put("weightDecay", training.weightDecay());
        o.put("momentum", training.momentum());
        ObjectNode s = t.putObject("schedule");
        s.put("name", training.cosine() ? "cosine" : "constant");
        s.put("warmupSteps", training.warmupSteps());
        t.put("batchSize", training.batchSize());
        t.put("epochs", training.epochs());
        t.put("maxSteps", training.maxSteps());
        t.put("maxSeconds", training.maxSeconds());
        t.put("clipNorm", training.clipNorm());
        if (seq2seq) {
            t.put("teacherForcing", training.teacherForcing());
            t.put("scheduledSamplingDecay", training.scheduledSamplingDecay());
        }
        t.put("seed", training.seed());
        t.put("threads", training.threads());
        ObjectNode es = t.putObject("earlyStopping");
        es.put("patience", training.patience());
        es.put("metric", training.earlyStoppingMetric());
    }

    public String toJsonString() {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n";
    }
}
