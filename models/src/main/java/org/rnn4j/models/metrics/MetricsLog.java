package org.rnn4j.models.metrics;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A training-metrics log in JSON Lines ({@code metrics.jsonl}): one JSON object per line, e.g.
 * {@code {"epoch":1,"step":200,"loss":0.31,"val_exact_match":0.87}}. Lines are appended to the
 * file (an existing log is continued, as when a run resumes) and each is written with one write
 * call and flushed at once, so a reader, or a crash, sees whole lines only.
 *
 * <p>Values may be numbers, strings, booleans or null. JSON has no NaN or infinity, so a non-finite
 * {@code double} or {@code float} is written as the string {@code "NaN"}, {@code "Infinity"} or
 * {@code "-Infinity"}, and {@link #read} turns exactly those three strings back into doubles.
 * Thread-safe.
 */
public final class MetricsLog implements Closeable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private OutputStream out;

    /** Opens {@code file} for appending, creating it and its parent folders if needed. */
    public MetricsLog(Path file) throws IOException {
        this.file = Objects.requireNonNull(file, "file");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    public Path file() {
        return file;
    }

    /**
     * Appends {@code record} as one line, keys in the map's iteration order (use a
     * {@link LinkedHashMap} to choose it).
     *
     * @throws IllegalArgumentException for an empty record, a blank key or a value that is not a
     *     Number, String, Boolean or null
     */
    public synchronized void append(Map<String, ?> record) throws IOException {
        Objects.requireNonNull(record, "record");
        if (record.isEmpty()) {
            throw new IllegalArgumentException("empty metrics record");
        }
        if (out == null) {
            throw new IllegalStateException("metrics log " + file + " is closed");
        }
        ObjectNode node = JSON.createObjectNode();
        for (Map.Entry<String, ?> e : record.entrySet()) {
            put(node, e.getKey(), e.getValue());
        }
        byte[] line = (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(line);
        out.flush();
    }

    /** Appends {@code {"epoch":epoch,"step":step, ...values}}. */
    public void append(int epoch, long step, Map<String, ?> values) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("epoch", epoch);
        r.put("step", step);
        for (Map.Entry<String, ?> e : values.entrySet()) {
            if (r.containsKey(e.getKey())) {
                throw new IllegalArgumentException("values must not repeat the key '" + e.getKey() + "'");
            }
            r.put(e.getKey(), e.getValue());
        }
        append(r);
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            try {
                out.close();
            } finally {
                out = null;
            }
        }
    }

    /**
     * Reads every record of a log, in file order, as maps with the keys in line order. Numbers come
     * back as {@code Integer} or {@code Long} (integers) or {@code Double}; compare them through
     * {@link Number}. Blank lines are skipped. A last line without its newline that does not parse
     * (a write cut short) is dropped; any other line that is not a JSON object is an error.
     *
     * @throws IOException if the file cannot be read or a line is not a JSON object (the message
     *     gives the line number)
     */
    public static List<Map<String, Object>> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean unterminated = i == lines.length - 1;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JacksonException e) {
                if (unterminated) {
                    break;
                }
                throw new IOException(file + ":" + (i + 1) + ": not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (node == null || !node.isObject()) {
                if (unterminated) {
                    break;
                }
                throw new IOException(file + ":" + (i + 1) + ": expected a JSON object");
            }
            Map<String, Object> record = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> p : node.properties()) {
                record.put(p.getKey(), value(p.getValue()));
            }
            records.add(record);
        }
        return records;
    }

    private static void put(ObjectNode node, String key, Object v) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("metrics keys must be non-blank, got '" + key + "'");
        }
        switch (v) {
            case null -> node.putNull(key);
            case Double d when !Double.isFinite(d) -> node.put(key, nonFinite(d));
            case Float f when !Float.isFinite(f) -> node.put(key, nonFinite(f));
            case Double d -> node.put(key, d);
            case Float f -> node.put(key, f);
            case Integer n -> node.put(key, n);
            case Long n -> node.put(key, n);
            case Short n -> node.put(key, n);
            case Byte n -> node.put(key, n.intValue());
            case java.math.BigInteger n -> node.put(key, n);
            case java.math.BigDecimal n -> node.put(key, n);
            case Number n -> {
                double d = n.doubleValue();
                if (Double.isFinite(d)) {
                    node.put(key, d);
                } else {
                    node.put(key, nonFinite(d));
                }
            }
            case String s -> node.put(key, s);
            case Boolean b -> node.put(key, b);
            default -> throw new IllegalArgumentException("metric '" + key + "' has a " + v.getClass().getName()
                    + " value; use a Number, String, Boolean or null");
        }
    }

    private static String nonFinite(double d) {
        return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
    }

    private static Object value(JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToInt() ? (Object) v.intValue() : v.canConvertToLong() ? v.longValue() : v.bigIntegerValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isString()) {
            String s = v.stringValue();
            return switch (s) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> s;
            };
        }
        return JSON.convertValue(v, Object.class);
    }
}
