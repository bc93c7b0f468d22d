package org.rnn4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per way a file can be bad: each must give a SafetensorsException that names the file
 * and the problem (with the byte offset for header errors), never a crash, an OutOfMemoryError or
 * a raw runtime exception.
 */
class SafetensorsCorruptionTest {
    @TempDir
    Path dir;

    /** A well-formed tensor entry, for headers that break something else. */
    static final String A = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    String fails(byte[] bytes, String... expected) throws IOException {
        Path p = Crafted.write(dir, "bad.safetensors", bytes);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.open(p).close());
        String m = e.getMessage();
        assertTrue(m.contains(p.toString()), "message should name the file: " + m);
        for (String s : expected) {
            assertTrue(m.contains(s), "message should contain \"" + s + "\": " + m);
        }
        assertEquals(p, e.file());
        return m;
    }

    String failsHeader(String header, int dataBytes, String... expected) throws IOException {
        return fails(Crafted.file(header, dataBytes), expected);
    }

    /** File byte offset of the first {@code needle} in {@code header}. */
    static String at(String header, String needle) {
        int i = header.indexOf(needle);
        assertTrue(i >= 0, needle);
        return "at byte " + (8 + header.getBytes(StandardCharsets.UTF_8).length
                - header.substring(i).getBytes(StandardCharsets.UTF_8).length);
    }

    // ---- length prefix

    @Test
    void emptyFile() throws IOException {
        fails(new byte[0], "truncated", "0 byte(s)");
    }

    @Test
    void shorterThanTheLengthPrefix() throws IOException {
        fails(new byte[] {1, 0, 0, 0, 0}, "truncated", "5 byte(s), fewer than the 8-byte header length");
    }

    @Test
    void headerLengthLargerThanTheFile() throws IOException {
        fails(Crafted.raw(1000, new byte[12]), "header length in bytes 0-7 is 1000, more than the 12 bytes that follow");
    }

    @Test
    void absurdHeaderLengthIsNotAllocated() throws IOException {
        fails(Crafted.raw(-1L, new byte[4]), "is 18446744073709551615, more than the 4 bytes");
        fails(Crafted.raw(1L << 40, new byte[4]), "is 1099511627776, more than the 4 bytes");
    }

    @Test
    void headerLengthOverTheLimit() throws IOException {
        // A sparse file large enough to hold the claimed header: refused before anything is read.
        Path p = dir.resolve("huge.safetensors");
        long n = Header.MAX_HEADER_BYTES + 8;
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n));
            ch.write(ByteBuffer.wrap(new byte[] {' '}), 8 + n);
        }
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.open(p).close());
        assertTrue(e.getMessage().contains("more than the limit of 100000000 bytes"), e.getMessage());
    }

    // ---- JSON and UTF-8

    @Test
    void headerNotUtf8() throws IOException {
        byte[] h = "{\"a\u00ff\":{}}".getBytes(StandardCharsets.ISO_8859_1);   // 0xFF never occurs in UTF-8
        fails(Crafted.file(h, 0), "not valid UTF-8", "0xFF", "at byte 11");
    }

    @Test
    void headerWithTruncatedUtf8Sequence() throws IOException {
        byte[] h = {'{', '"', (byte) 0xE6, (byte) 0xBC};
        fails(Crafted.file(h, 0), "not valid UTF-8", "cut off", "at byte 10");
    }

    @Test
    void headerNotJson() throws IOException {
        String h = "{" + A + ",}";
        failsHeader(h, 8, "not valid UTF-8 JSON", "expected a quoted key but found '}' at byte " + (8 + h.indexOf(",}") + 1));
        failsHeader("{\"a\": tru}", 0, "expected 'true' but found '}'", "at byte 17");
        failsHeader("{\"a\": 01}", 0, "expected ',' or '}' but found '1'");
        failsHeader("{\"a\" 1}", 0, "expected ':' but found '1'", "at byte 13");
        failsHeader("{\"a\": \"x", 0, "unterminated string");
        failsHeader("{\"a\": \"\\q\"}", 0, "invalid escape", "'q'");
        failsHeader("{" + A + "} x", 8, "unexpected 'x' after the end of the JSON value");
        failsHeader("", 0, "expected a value but found end of header", "at byte 8");
    }

    @Test
    void deeplyNestedHeaderIsRefusedNotAStackOverflow() throws IOException {
        String h = "[".repeat(100_000) + "]".repeat(100_000);
        failsHeader(h, 0, "nested deeper than 64 levels", "at byte 72");
    }

    @Test
    void headerNotAnObject() throws IOException {
        failsHeader("[1, 2]", 0, "header must be a JSON object, found an array at byte 8");
    }

    // ---- fields

    @Test
    void tensorEntryNotAnObject() throws IOException {
        failsHeader("{\"a\": [0, 8]}", 8, "tensor 'a': expected an object with dtype, shape and data_offsets, found an array at byte 14");
    }

    @Test
    void missingField() throws IOException {
        failsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, "tensor 'a': missing field 'data_offsets'");
        failsHeader("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "tensor 'a': missing field 'dtype'");
    }

    @Test
    void illTypedFields() throws IOException {
        String h = "{\"a\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}";
        failsHeader(h, 8, "tensor 'a': dtype must be a string, found a number " + at(h, "32"));
        h = "{\"a\":{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]}}";
        failsHeader(h, 8, "tensor 'a': shape must be an array of integers, found a string " + at(h, "\"2\""));
        h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,16]}}";
        failsHeader(h, 8, "tensor 'a': data_offsets must be [begin, end], found an array of 3");
        h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,\"8\"]}}";
        failsHeader(h, 8, "tensor 'a': data_offsets[1] must be a non-negative integer, found a string");
        h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8.0]}}";
        failsHeader(h, 8, "tensor 'a': data_offsets[1] is 8.0, not an integer");
        h = "{\"__metadata__\":{\"k\":1}," + A + "}";
        failsHeader(h, 8, "__metadata__ value for key 'k' must be a string, found a number " + at(h, "1}"));
        failsHeader("{\"__metadata__\":[]}", 0, "__metadata__ must be an object of strings, found an array");
    }

    @Test
    void unknownField() throws IOException {
        String h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offset\":[0,8]}}";
        failsHeader(h, 8, "tensor 'a': unknown field 'data_offset' " + at(h, "\"data_offset\""));
    }

    @Test
    void unknownDtype() throws IOException {
        String h = "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}";
        failsHeader(h, 2, "tensor 'a': unknown dtype 'F8_E4M3' " + at(h, "\"F8_E4M3\""));
        failsHeader("{\"a\":{\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "unknown dtype 'f32'");
    }

    @Test
    void negativeDimension() throws IOException {
        String h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,8]}}";
        failsHeader(h, 8, "tensor 'a': shape[1] is -3, negative, " + at(h, "-3"));
    }

    @Test
    void nonIntegerDimension() throws IOException {
        failsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", 8,
                "tensor 'a': shape[0] is 2.5, not an integer");
        failsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1e1],\"data_offsets\":[0,40]}}", 40,
                "tensor 'a': shape[0] is 1e1, not an integer");
    }

    @Test
    void dimensionTooLarge() throws IOException {
        failsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[3000000000],\"data_offsets\":[0,8]}}", 8,
                "tensor 'a': shape[0] is 3000000000, larger than 2147483647");
        failsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,99999999999999999999]}}", 8,
                "data_offsets[1] is 99999999999999999999, larger than");
    }

    // ---- data offsets

    @Test
    void offsetsOutsideTheDataSection() throws IOException {
        failsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1000],\"data_offsets\":[0,4000]}}", 24,
                "tensor 'a': data_offsets [0, 4000]", "reach past the end of the data section, which has 24 bytes");
    }

    @Test
    void offsetsEndBeforeBegin() throws IOException {
        failsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[16,8]}}", 24,
                "tensor 'a': data_offsets [16, 8]", "end before they begin");
    }

    @Test
    void offsetsDisagreeWithShape() throws IOException {
        failsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 24,
                "tensor 'a': data_offsets [0, 20]", "hold 20 bytes, but F32 with shape (2, 3) needs 6 * 4 = 24 bytes");
        failsHeader("{\"a\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,12]}}", 24,
                "hold 12 bytes, but F64 with shape (3,) needs 3 * 8 = 24 bytes");
    }

    @Test
    void overlappingTensors() throws IOException {
        failsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[0,24]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[16,40]}}", 40,
                "tensors 'a' (data bytes [0, 24)) and 'b' (data bytes [16, 40)) overlap");
        // The same region twice.
        failsHeader("{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}," + A + "}", 8, "overlap");
    }

    @Test
    void bytesBetweenTensorsBelongToNone() throws IOException {
        failsHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}", 24,
                "data bytes [8, 16) belong to no tensor (between 'a' and 'b')");
        failsHeader("{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16,
                "data bytes [0, 8) belong to no tensor (before 'b')");
    }

    @Test
    void trailingBytesAfterTheLastTensorAreTolerated() throws IOException {
        Path p = Crafted.write(dir, "padded.safetensors", Crafted.file("{" + A + "}", 13));
        try (SafetensorsFile f = Safetensors.open(p)) {
            assertEquals(List.of("a"), f.names());
            assertEquals(8, f.segment("a").byteSize());
        }
    }

    @Test
    void duplicateNames() throws IOException {
        String h = "{" + A + "," + A + "}";
        failsHeader(h, 8, "duplicate tensor name 'a' (first at byte 9)", "at byte " + (8 + 1 + A.length() + 1));
        failsHeader("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8,
                "duplicate key 'dtype'");
    }
}
