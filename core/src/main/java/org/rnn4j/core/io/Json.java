package org.rnn4j.core.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader and writer for safetensors headers; core depends on nothing but the
 * JDK, so there is no JSON library to lean on.
 *
 * <p>The reader accepts exactly RFC 8259: UTF-8 only (checked byte by byte first, so a bad byte is
 * reported as such), no comments, no trailing commas, no leading zeros, no NaN, whitespace only
 * around values. It also rejects a key repeated in one object (JSON leaves that open; for a header
 * it means a duplicate tensor name or field) and nesting deeper than {@link #MAX_DEPTH}, so a
 * hostile header cannot overflow the stack. Every value keeps the byte offset where it starts,
 * counted from the start of the file ({@code base} is the offset of the first header byte), and
 * every error carries the offset where it was found.
 */
final class Json {
    static final int MAX_DEPTH = 64;

    private Json() {
    }

    /** A parsed value and the file byte offset where it starts. */
    sealed interface Value permits Obj, Arr, Str, Num, Bool, Null {
        long offset();

        /** "object", "array", "string", ... for messages. */
        String kind();
    }

    /** An object; members in document order, with the file byte offset of each key. */
    record Obj(long offset, Map<String, Value> members, Map<String, Long> keyOffsets) implements Value {
        public String kind() {
            return "object";
        }
    }

    record Arr(long offset, List<Value> items) implements Value {
        public String kind() {
            return "array";
        }
    }

    record Str(long offset, String value) implements Value {
        public String kind() {
            return "string";
        }
    }

    /** A number, kept as its source text (so 2.0 and 2 stay distinguishable). */
    record Num(long offset, String text) implements Value {
        public String kind() {
            return "number";
        }

        boolean isInteger() {
            return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        }
    }

    record Bool(long offset, boolean value) implements Value {
        public String kind() {
            return "boolean";
        }
    }

    record Null(long offset) implements Value {
        public String kind() {
            return "null";
        }
    }

    /** A syntax or encoding error at a file byte offset. */
    static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;

        final long offset;

        JsonException(String message, long offset) {
            super(message);
            this.offset = offset;
        }
    }

    // ---------------------------------------------------------------- reading

    /** Parses {@code bytes} as one JSON value with optional surrounding whitespace. */
    static Value parse(byte[] bytes, long base) throws JsonException {
        checkUtf8(bytes, base);
        Reader r = new Reader(bytes, base);
        r.skipWhitespace();
        Value v = r.value(0);
        r.skipWhitespace();
        if (r.pos < bytes.length) {
            throw r.error("unexpected " + r.describe() + " after the end of the JSON value");
        }
        return v;
    }

    /** Throws at the first byte that does not begin or continue a well-formed UTF-8 sequence. */
    static void checkUtf8(byte[] b, long base) throws JsonException {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                if (c == 0xE0) {
                    lo = 0xA0;          // no overlong forms
                } else if (c == 0xED) {
                    hi = 0x9F;          // no surrogates
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                if (c == 0xF0) {
                    lo = 0x90;
                } else if (c == 0xF4) {
                    hi = 0x8F;          // nothing above U+10FFFF
                }
            } else {
                throw new JsonException(String.format("not valid UTF-8: byte 0x%02X cannot start a character", c),
                        base + i);
            }
            for (int k = 1; k <= need; k++) {
                int j = i + k;
                if (j >= b.length) {
                    throw new JsonException(String.format("not valid UTF-8: the character starting with byte 0x%02X"
                            + " is cut off by the end of the header", c), base + i);
                }
                int d = b[j] & 0xFF;
                int min = k == 1 ? lo : 0x80;
                int max = k == 1 ? hi : 0xBF;
                if (d < min || d > max) {
                    throw new JsonException(String.format("not valid UTF-8: byte 0x%02X after 0x%02X", d, c), base + j);
                }
            }
            i += need + 1;
        }
    }

    private static final class Reader {
        final byte[] b;
        final long base;
        int pos;

        Reader(byte[] b, long base) {
            this.b = b;
            this.base = base;
        }

        JsonException error(String message) {
            return new JsonException(message, base + pos);
        }

        String describe() {
            if (pos >= b.length) {
                return "end of header";
            }
            int c = b[pos] & 0xFF;
            return c >= 0x20 && c < 0x7F ? "'" + (char) c + "'" : String.format("byte 0x%02X", c);
        }

        void skipWhitespace() {
            while (pos < b.length && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r')) {
                pos++;
            }
        }

        Value value(int depth) throws JsonException {
            if (depth >= MAX_DEPTH) {
                throw error("JSON nested deeper than " + MAX_DEPTH + " levels");
            }
            if (pos >= b.length) {
                throw error("expected a value but found end of header");
            }
            return switch (b[pos]) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> new Str(base + pos, string());
                case 't' -> literal("true", new Bool(base + pos, true));
                case 'f' -> literal("false", new Bool(base + pos, false));
                case 'n' -> literal("null", new Null(base + pos));
                default -> {
                    if (b[pos] == '-' || (b[pos] >= '0' && b[pos] <= '9')) {
                        yield number();
                    }
                    throw error("expected a value but found " + describe());
                }
            };
        }

        Value literal(String word, Value v) throws JsonException {
            for (int i = 0; i < word.length(); i++) {
                if (pos + i >= b.length || b[pos + i] != word.charAt(i)) {
                    pos += i;
                    throw error("expected '" + word + "' but found " + describe());
                }
            }
            pos += word.length();
            return v;
        }

        Obj object(int depth) throws JsonException {
            long start = base + pos;
            pos++;
            Map<String, Value> members = new LinkedHashMap<>();
            Map<String, Long> keyOffsets = new LinkedHashMap<>();
            skipWhitespace();
            if (pos < b.length && b[pos] == '}') {
                pos++;
                return new Obj(start, Collections.unmodifiableMap(members), Collections.unmodifiableMap(keyOffsets));
            }
            while (true) {
                skipWhitespace();
                if (pos >= b.length || b[pos] != '"') {
                    throw error("expected a quoted key but found " + describe());
                }
                long keyOffset = base + pos;
                String key = string();
                Long first = keyOffsets.putIfAbsent(key, keyOffset);
                if (first != null) {
                    throw new JsonException((depth == 0 ? "duplicate tensor name '" : "duplicate key '") + key
                            + "' (first at byte " + first + ")", keyOffset);
                }
                skipWhitespace();
                expect(':');
                skipWhitespace();
                members.put(key, value(depth + 1));
                skipWhitespace();
                if (pos < b.length && b[pos] == ',') {
                    pos++;
                } else if (pos < b.length && b[pos] == '}') {
                    pos++;
                    return new Obj(start, Collections.unmodifiableMap(members), Collections.unmodifiableMap(keyOffsets));
                } else {
                    throw error("expected ',' or '}' but found " + describe());
                }
            }
        }

        Arr array(int depth) throws JsonException {
            long start = base + pos;
            pos++;
            List<Value> items = new ArrayList<>();
            skipWhitespace();
            if (pos < b.length && b[pos] == ']') {
                pos++;
                return new Arr(start, Collections.unmodifiableList(items));
            }
            while (true) {
                skipWhitespace();
                items.add(value(depth + 1));
                skipWhitespace();
                if (pos < b.length && b[pos] == ',') {
                    pos++;
                } else if (pos < b.length && b[pos] == ']') {
                    pos++;
                    return new Arr(start, Collections.unmodifiableList(items));
                } else {
                    throw error("expected ',' or ']' but found " + describe());
                }
            }
        }

        void expect(char c) throws JsonException {
            if (pos >= b.length || b[pos] != c) {
                throw error("expected '" + c + "' but found " + describe());
            }
            pos++;
        }

        /** A string starting at the opening quote; the bytes are already known to be valid UTF-8. */
        String string() throws JsonException {
            pos++;
            StringBuilder sb = new StringBuilder();
            int run = pos;
            while (true) {
                if (pos >= b.length) {
                    throw error("unterminated string");
                }
                int c = b[pos] & 0xFF;
                if (c == '"') {
                    sb.append(new String(b, run, pos - run, StandardCharsets.UTF_8));
                    pos++;
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw error(String.format("control character 0x%02X in a string (it must be escaped)", c));
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                sb.append(new String(b, run, pos - run, StandardCharsets.UTF_8));
                pos++;
                if (pos >= b.length) {
                    throw error("unterminated string");
                }
                switch (b[pos]) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        int v = 0;
                        for (int i = 1; i <= 4; i++) {
                            int h = pos + i < b.length ? Character.digit(b[pos + i], 16) : -1;
                            if (h < 0) {
                                pos += i;
                                throw error("expected 4 hex digits after \\u but found " + describe());
                            }
                            v = v * 16 + h;
                        }
                        sb.append((char) v);
                        pos += 4;
                    }
                    default -> throw error("invalid escape in a string: backslash followed by " + describe());
                }
                pos++;
                run = pos;
            }
        }

        Num number() throws JsonException {
            int start = pos;
            if (b[pos] == '-') {
                pos++;
            }
            if (pos < b.length && b[pos] == '0') {
                pos++;
            } else if (pos < b.length && b[pos] >= '1' && b[pos] <= '9') {
                digits();
            } else {
                throw error("expected a digit but found " + describe());
            }
            if (pos < b.length && b[pos] == '.') {
                pos++;
                if (pos >= b.length || b[pos] < '0' || b[pos] > '9') {
                    throw error("expected a digit after '.' but found " + describe());
                }
                digits();
            }
            if (pos < b.length && (b[pos] == 'e' || b[pos] == 'E')) {
                pos++;
                if (pos < b.length && (b[pos] == '+' || b[pos] == '-')) {
                    pos++;
                }
                if (pos >= b.length || b[pos] < '0' || b[pos] > '9') {
                    throw error("expected a digit in the exponent but found " + describe());
                }
                digits();
            }
            return new Num(base + start, new String(b, start, pos - start, StandardCharsets.US_ASCII));
        }

        void digits() {
            while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
                pos++;
            }
        }
    }

    // ---------------------------------------------------------------- writing

    /** {@code s} as a JSON string literal: quotes, backslashes and control characters escaped. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validSurrogateAt(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** True if the surrogate at {@code i} is half of a well-formed pair (so it encodes as UTF-8). */
    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
