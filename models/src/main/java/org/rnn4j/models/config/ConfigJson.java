package org.rnn4j.models.config;

import org.rnn4j.models.text.Snippet;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
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
            throw new ConfigException(data.path() + ".dataset", "'" + Snippet.of(dataset) + "' is not a built-in " + kind
                    + " (allowed: " + allowed + ")");
        }
        return new Source(dataset, train);
    }

    /** A config document being read: its root and data sections, its format version and its data source. */
    public record Reading(Node root, Node data, int version, Source source) {
        public String dataset() {
            return source.dataset();
        }

        public String train() {
            return source.train();
        }
    }

    /**
     * The start of every family's parse: the header of {@code doc} checked for {@code family},
     * the data section opened and its source read as {@link #readSource} does.
     */
    public static Reading read(JsonNode doc, String family, List<String> builtIns, List<String> unlisted,
                               String trainWhat, String kind) {
        Node n = new Node(doc, "$");
        int version = readHeader(n, family);
        Node d = n.object("data");
        return new Reading(n, d, version, readSource(d, builtIns, unlisted, trainWhat, kind));
    }

    /** A new config document for {@code family} whose data section names the built-in {@code dataset}. */
    public static ObjectNode root(String family, String dataset) {
        ObjectNode r = header(FormatVersion.CURRENT, family);
        r.putObject("data").put("dataset", dataset);
        return r;
    }

    /** An enum constant as configs write it ({@code LSTM} → {@code "lstm"}). */
    public static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** A new config document for {@code family}: {@code formatVersion} and {@code family}. */
    private static ObjectNode header(int formatVersion, String family) {
        ObjectNode r = JSON.createObjectNode();
        r.put("formatVersion", formatVersion);
        r.put("family", family);
        return r;
    }

    /**
     * A family's config as JSON: the header, then the {@code data} and {@code model} sections
     * written from their records ({@code model} may be null: an empty section the caller fills),
     * then {@code training} (teacher forcing and scheduled sampling for seq2seq only).
     */
    public static ObjectNode document(int formatVersion, String family, Record data, Record model,
                                      TrainingConfig training) {
        ObjectNode root = header(formatVersion, family);
        write(root.putObject("data"), data);
        ObjectNode m = root.putObject("model");
        if (model != null) {
            write(m, model);
        }
        training.write(root.putObject("training"), family.equals("seq2seq"));
        return root;
    }

    /** A config document as its file holds it: pretty-printed, one trailing newline. */
    public static String pretty(ObjectNode doc) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
    }

    /**
     * Writes the components of record {@code r} into {@code into} under their own names, in the
     * record's order: numbers, booleans and strings as they are, enum constants in lower case,
     * nested records as objects; null components are left out. With {@code only}, just the named
     * components (a spec shares its field names with its config's model section, so a spec's
     * sizes are written without naming each twice).
     */
    public static ObjectNode write(ObjectNode into, Record r, String... only) {
        List<String> names = Arrays.asList(only);
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            if (!names.isEmpty() && !names.contains(c.getName())) {
                continue;
            }
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
            }
            switch (v) {
                case null -> { }
                case Integer i -> into.put(c.getName(), i.intValue());
                case Long l -> into.put(c.getName(), l.longValue());
                case Float f -> into.put(c.getName(), f.floatValue());
                case Double d -> into.put(c.getName(), d.doubleValue());
                case Boolean b -> into.put(c.getName(), b.booleanValue());
                case String str -> into.put(c.getName(), str);
                case Enum<?> e -> into.put(c.getName(), lower(e));
                case Record nested -> write(into.putObject(c.getName()), nested);
                default -> throw new IllegalArgumentException(r.getClass().getSimpleName() + "." + c.getName()
                        + " has no config form (" + v.getClass().getSimpleName() + ")");
            }
        }
        return into;
    }
}
