package org.rnn4j.models.config;

import org.rnn4j.models.text.Snippet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A JSON object being read into a config record, with its JSON path: every getter checks the
 * type and range and names the path and the allowed values on error; {@link #done()} rejects
 * fields nobody read (unknown fields, typos).
 */
public final class Node {
    private final JsonNode json;
    private final String path;
    private final Set<String> read = new HashSet<>();

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();

    /** The JSON document of a config file; a missing file or invalid JSON names the file (and the position). */
    public static JsonNode readFile(java.nio.file.Path file) throws java.io.IOException {
        String text = org.rnn4j.models.data.Utf8.read(file, "config file");
        try {
            return JSON.readTree(text);
        } catch (tools.jackson.core.JacksonException e) {
            throw new ConfigException(file.toString(), "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")" : ""));
        }
    }

    public Node(JsonNode json, String path) {
        if (json == null || !json.isObject()) {
            throw new ConfigException(path, "expected an object, got " + describe(json));
        }
        this.json = json;
        this.path = path;
    }

    public String path() {
        return path;
    }

    public boolean has(String field) {
        return json.has(field) && !json.get(field).isNull();
    }

    private JsonNode get(String field) {
        read.add(field);
        return json.get(field);
    }

    /** A nested object (an empty one if absent, so its defaults apply). */
    public Node object(String field) {
        JsonNode v = get(field);
        if (v == null || v.isNull()) {
            return new Node(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode(), path + "." + field);
        }
        return new Node(v, path + "." + field);
    }

    public int integer(String field, int def, int min, int max) {
        JsonNode v = get(field);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ConfigException(path + "." + field, "expected an integer in [" + min + ", " + max + "], got "
                    + describe(v));
        }
        int i = v.intValue();
        if (i < min || i > max) {
            throw new ConfigException(path + "." + field, "must be in [" + min + ", " + max + "], got " + i);
        }
        return i;
    }

    public int requiredInteger(String field, int min, int max) {
        if (!has(field)) {
            throw new ConfigException(path + "." + field, "is required (an integer in [" + min + ", " + max + "])");
        }
        return integer(field, 0, min, max);
    }

    public double number(String field, double def, double min, double max, boolean minInclusive) {
        JsonNode v = get(field);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isNumber()) {
            throw new ConfigException(path + "." + field, "expected a number, got " + describe(v));
        }
        double d = v.doubleValue();
        boolean low = minInclusive ? d < min : d <= min;
        if (low || d > max || Double.isNaN(d)) {
            throw new ConfigException(path + "." + field, "must be in " + (minInclusive ? "[" : "(") + min + ", " + max
                    + "], got " + d);
        }
        return d;
    }

    public boolean bool(String field, boolean def) {
        JsonNode v = get(field);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isBoolean()) {
            throw new ConfigException(path + "." + field, "expected true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    public String string(String field, String def) {
        JsonNode v = get(field);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isString()) {
            throw new ConfigException(path + "." + field, "expected a string, got " + describe(v));
        }
        return v.stringValue();
    }

    public String requiredString(String field) {
        if (!has(field)) {
            throw new ConfigException(path + "." + field, "is required");
        }
        return string(field, null);
    }

    /** One of the allowed values (case-insensitive); the error lists them. */
    public <E extends Enum<E>> E choice(String field, Class<E> type, E def) {
        String s = string(field, null);
        if (s == null) {
            return def;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new ConfigException(path + "." + field, "'" + Snippet.of(s) + "' is not one of " + allowed);
    }

    /** Fails on any field not read: unknown fields are errors, with the known ones listed. */
    public void done() {
        List<String> unknown = new ArrayList<>();
        for (String f : json.propertyNames()) {
            if (!read.contains(f)) {
                unknown.add(f);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException(path + "." + unknown.getFirst(), "unknown field (allowed here: "
                    + String.join(", ", read.stream().sorted().toList()) + ")");
        }
    }

    static String describe(JsonNode v) {
        if (v == null) {
            return "nothing";
        }
        return switch (v.getNodeType()) {
            case STRING -> "the string \"" + Snippet.of(v.stringValue()) + "\"";
            case NUMBER -> "the number " + v;
            case BOOLEAN -> v.toString();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> v.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }
}
