package org.rnn4j.models.config;

import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What every family's config shares when it is read or written: the header, the data source, enum names. */
public final class ConfigJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConfigJson() {
    }

    /** The config's header for {@code family}: {@code formatVersion} and {@code family}. */
    public static int readHeader(Node root, String family) {
        int version = FormatVersion.read(root);
        FormatVersion.requireFamily(root, family);
        return version;
    }

    /**
     * The data set name of a model configured and trained from Java: its folder loads for
     * prediction, but its config names no data to train on again.
     */
    public static final String JAVA = "java";

    /** Refuses to train from a config whose model was trained from Java; {@code trainWhat} says what 'train' takes. */
    public static void requireData(String dataset, String trainWhat) {
        if (JAVA.equals(dataset)) {
            throw new ConfigException("$.data.dataset", "this config comes from a model trained from Java, which records"
                    + " no data to train on; give 'train' (" + trainWhat + ") instead");
        }
    }

    /** Where a family's examples come from: a built-in data set, or a file. */
    public record Source(String dataset, String train) {
    }

    /**
     * Exactly one of {@code dataset} (one of {@code builtIns}, or of {@code unlisted}, names
     * accepted but not offered) and {@code train} ({@code trainWhat} says what the file holds).
     * {@code kind} names a built-in in errors ("dataset", "text").
     */
    public static Source readSource(Node data, List<String> builtIns, List<String> unlisted, String trainWhat,
                                    String kind) {
        String dataset = data.string("dataset", null);
        String train = data.string("train", null);
        String allowed = String.join(", ", builtIns);
        if ((dataset == null) == (train == null)) {
            throw new ConfigException(data.path(), "give exactly one of 'dataset' (allowed: " + allowed + ") or 'train' ("
                    + trainWhat + ")");
        }
        if (dataset != null && !builtIns.contains(dataset) && !unlisted.contains(dataset)) {
            throw new ConfigException(data.path() + ".dataset", "'" + dataset + "' is not a built-in " + kind
                    + " (allowed: " + allowed + ")");
        }
        return new Source(dataset, train);
    }

    /** A new config document for {@code family} whose data section names the built-in {@code dataset}. */
    public static ObjectNode root(String family, String dataset) {
        ObjectNode r = JSON.createObjectNode();
        r.put("formatVersion", FormatVersion.CURRENT);
        r.put("family", family);
        r.putObject("data").put("dataset", dataset);
        return r;
    }

    /** An enum constant as configs write it ({@code LSTM} → {@code "lstm"}). */
    public static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
