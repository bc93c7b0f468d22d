package org.rnn4j.core.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rnn4j.core.tensor.Shape;

/**
 * A safetensors header: parsed and validated completely, or encoded for the writer.
 *
 * <p>Parsing checks everything that can be checked without reading the data: strict UTF-8 JSON; a
 * top-level object; {@code __metadata__} an object of strings (or null); every other member an
 * object with exactly {@code dtype} (a known {@link Dtype}), {@code shape} (non-negative integers
 * that fit an int) and {@code data_offsets} ({@code [begin, end]}, non-negative integers); no
 * duplicate names; {@code begin <= end <= } the data section's size; {@code end - begin ==
 * product(shape) * dtype size}; no two tensors overlapping; and no bytes between tensors that belong
 * to none (as Hugging Face's reader requires). Bytes after the last tensor are tolerated. Errors
 * name the file, the tensor and the byte offset from the start of the file.
 */
final class Header {
    /** The largest header accepted (Hugging Face's limit too): a bigger one is refused before it is read. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA = "__metadata__";

    private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");

    /** One tensor: data at {@code [begin, end)} of the data section. */
    record Entry(String name, Dtype dtype, Shape shape, long begin, long end) {
        String range() {
            return "[" + begin + ", " + end + ")";
        }
    }

    final Map<String, Entry> entries;     // header order
    final Map<String, String> metadata;   // header order

    private Header(Map<String, Entry> entries, Map<String, String> metadata) {
        this.entries = Collections.unmodifiableMap(entries);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    static SafetensorsException fail(Path file, String problem) {
        return new SafetensorsException(file, file + ": " + problem);
    }

    // ---------------------------------------------------------------- parsing

    /** Parses the header bytes (which start at file byte 8) of a file whose data section has {@code dataSize} bytes. */
    static Header parse(Path file, byte[] json, long dataSize) throws SafetensorsException {
        Json.Value root;
        try {
            root = Json.parse(json, 8);
        } catch (Json.JsonException e) {
            throw fail(file, "header is not valid UTF-8 JSON: " + e.getMessage() + " at byte " + e.offset);
        }
        if (!(root instanceof Json.Obj top)) {
            throw fail(file, "header must be a JSON object, found " + kindAt(root));
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, Json.Value> m : top.members().entrySet()) {
            if (m.getKey().equals(METADATA)) {
                parseMetadata(file, m.getValue(), metadata);
            } else {
                entries.put(m.getKey(), parseEntry(file, m.getKey(), m.getValue(), dataSize));
            }
        }
        checkLayout(file, entries);
        return new Header(entries, metadata);
    }

    private static void parseMetadata(Path file, Json.Value v, Map<String, String> out) throws SafetensorsException {
        if (v instanceof Json.Null) {
            return;
        }
        if (!(v instanceof Json.Obj o)) {
            throw fail(file, METADATA + " must be an object of strings, found " + kindAt(v));
        }
        for (Map.Entry<String, Json.Value> m : o.members().entrySet()) {
            if (!(m.getValue() instanceof Json.Str s)) {
                throw fail(file, METADATA + " value for key '" + m.getKey() + "' must be a string, found "
                        + kindAt(m.getValue()));
            }
            out.put(m.getKey(), s.value());
        }
    }

    private static Entry parseEntry(Path file, String name, Json.Value v, long dataSize) throws SafetensorsException {
        String what = "tensor '" + name + "'";
        if (!(v instanceof Json.Obj o)) {
            throw fail(file, what + ": expected an object with dtype, shape and data_offsets, found " + kindAt(v));
        }
        for (Map.Entry<String, Long> k : o.keyOffsets().entrySet()) {
            if (!FIELDS.contains(k.getKey())) {
                throw fail(file, what + ": unknown field '" + k.getKey() + "' at byte " + k.getValue()
                        + " (expected dtype, shape and data_offsets)");
            }
        }
        // dtype
        Json.Value dv = field(file, what, o, "dtype");
        if (!(dv instanceof Json.Str ds)) {
            throw fail(file, what + ": dtype must be a string, found " + kindAt(dv));
        }
        Dtype dtype = Dtype.parse(ds.value());
        if (dtype == null) {
            throw fail(file, what + ": unknown dtype '" + ds.value() + "' at byte " + dv.offset()
                    + " (rnn4j reads F32, F64, F16 and BF16, and accepts I64, I32, I16, I8, U64, U32, U16, U8 and BOOL)");
        }
        // shape
        Json.Value sv = field(file, what, o, "shape");
        if (!(sv instanceof Json.Arr sa)) {
            throw fail(file, what + ": shape must be an array of integers, found " + kindAt(sv));
        }
        int[] dims = new int[sa.items().size()];
        long elements = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = (int) nonNegative(file, what + ": shape[" + i + "]", sa.items().get(i), Integer.MAX_VALUE,
                    "dimensions must be non-negative integers");
            try {
                elements = Math.multiplyExact(elements, dims[i]);
            } catch (ArithmeticException e) {
                throw fail(file, what + ": shape " + java.util.Arrays.toString(dims) + " at byte " + sv.offset()
                        + " has more elements than a long can count");
            }
        }
        Shape shape = Shape.of(dims);
        // data_offsets
        Json.Value ov = field(file, what, o, "data_offsets");
        if (!(ov instanceof Json.Arr oa) || oa.items().size() != 2) {
            throw fail(file, what + ": data_offsets must be [begin, end], found "
                    + (ov instanceof Json.Arr a ? "an array of " + a.items().size() + " at byte " + ov.offset()
                    : kindAt(ov)));
        }
        long begin = nonNegative(file, what + ": data_offsets[0]", oa.items().get(0), Long.MAX_VALUE,
                "offsets must be non-negative integers");
        long end = nonNegative(file, what + ": data_offsets[1]", oa.items().get(1), Long.MAX_VALUE,
                "offsets must be non-negative integers");
        String offsets = what + ": data_offsets [" + begin + ", " + end + "] at byte " + ov.offset();
        if (end < begin) {
            throw fail(file, offsets + " end before they begin");
        }
        if (end > dataSize) {
            throw fail(file, offsets + " reach past the end of the data section, which has " + dataSize
                    + " bytes (is the file truncated?)");
        }
        long need;
        try {
            need = Math.multiplyExact(elements, dtype.byteSize());
        } catch (ArithmeticException e) {
            need = -1;
        }
        if (end - begin != need) {
            throw fail(file, offsets + " hold " + (end - begin) + " bytes, but " + dtype + " with shape " + shape
                    + " needs " + elements + " * " + dtype.byteSize() + " = " + (need < 0 ? "too many" : need) + " bytes");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static Json.Value field(Path file, String what, Json.Obj o, String key) throws SafetensorsException {
        Json.Value v = o.members().get(key);
        if (v == null) {
            throw fail(file, what + ": missing field '" + key + "' in the object at byte " + o.offset());
        }
        return v;
    }

    private static long nonNegative(Path file, String what, Json.Value v, long max, String rule)
            throws SafetensorsException {
        if (!(v instanceof Json.Num n)) {
            throw fail(file, what + " must be a non-negative integer, found " + kindAt(v));
        }
        String t = n.text();
        String at = " at byte " + v.offset() + ": " + rule;
        if (!n.isInteger()) {
            throw fail(file, what + " is " + t + ", not an integer," + at);
        }
        if (t.startsWith("-") && !t.equals("-0")) {
            throw fail(file, what + " is " + t + ", negative," + at);
        }
        long x;
        try {
            x = Long.parseLong(t);
        } catch (NumberFormatException e) {
            x = -1;
        }
        if (x < 0 || x > max) {
            throw fail(file, what + " is " + t + ", larger than " + max + at);
        }
        return x;
    }

    /** No overlaps, no holes between tensors; bytes after the last one are allowed. */
    private static void checkLayout(Path file, Map<String, Entry> entries) throws SafetensorsException {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Entry prev = null;
        long prevEnd = 0;
        for (Entry e : sorted) {
            if (e.begin() < prevEnd) {
                throw fail(file, "tensors '" + prev.name() + "' (data bytes " + prev.range() + ") and '" + e.name()
                        + "' (data bytes " + e.range() + ") overlap");
            }
            if (e.begin() > prevEnd) {
                throw fail(file, "data bytes [" + prevEnd + ", " + e.begin() + ") belong to no tensor ("
                        + (prev == null ? "before '" + e.name() + "'" : "between '" + prev.name() + "' and '"
                        + e.name() + "'") + "): the data_offsets are inconsistent");
            }
            if (e.end() > prevEnd || prev == null) {
                prev = e;
                prevEnd = e.end();
            }
        }
    }

    private static String kindAt(Json.Value v) {
        return (v instanceof Json.Arr || v instanceof Json.Obj ? "an " : "a ") + v.kind() + " at byte " + v.offset();
    }

    // ---------------------------------------------------------------- encoding

    /**
     * The 8-byte length and the JSON header for float32 tensors stored back to back in the given
     * order, padded with spaces so that the data starts at a multiple of 8.
     */
    static byte[] encodeF32(Path file, List<String> names, List<Shape> shapes, Map<String, String> metadata)
            throws SafetensorsException {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            Json.quote(sb, METADATA);
            sb.append(":{");
            boolean first = true;
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                Json.quote(sb, m.getKey());
                sb.append(':');
                Json.quote(sb, m.getValue());
            }
            sb.append('}');
        }
        long offset = 0;
        for (int i = 0; i < names.size(); i++) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            Shape shape = shapes.get(i);
            long end = offset + shape.size() * Float.BYTES;
            Json.quote(sb, names.get(i));
            sb.append(":{\"dtype\":\"F32\",\"shape\":[");
            for (int d = 0; d < shape.rank(); d++) {
                sb.append(d > 0 ? "," : "").append(shape.dim(d));
            }
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        if (padded > MAX_HEADER_BYTES) {
            throw fail(file, "the header would take " + padded + " bytes, more than readers accept ("
                    + MAX_HEADER_BYTES + ")");
        }
        byte[] out = new byte[8 + padded];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) ((long) padded >>> (8 * i));
        }
        System.arraycopy(json, 0, out, 8, json.length);
        java.util.Arrays.fill(out, 8 + json.length, out.length, (byte) ' ');
        return out;
    }
}
