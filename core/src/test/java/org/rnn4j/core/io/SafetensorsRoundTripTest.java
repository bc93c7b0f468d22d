package org.rnn4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/** Write then open: names in order, shapes, bit-identical floats, metadata, the byte layout, zero-copy reads, conversions. */
class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    private final NativeAllocator alloc = new NativeAllocator("io-test");

    @AfterEach
    void noLeaks() {
        alloc.close();
    }

    Tensor random(long seed, int... dims) {
        Tensor t = alloc.allocate(dims);
        SplittableRandom r = new SplittableRandom(seed);
        for (long i = 0; i < t.size(); i++) {
            t.set(i, (float) r.nextGaussian());
        }
        return t;
    }

    static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    @Test
    void roundTripKeepsNamesInOrderShapesValuesAndMetadata() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("zeta", random(1, 2, 3));
        tensors.put("alpha", random(2, 5));
        tensors.put("scalar", alloc.of(new float[] {Float.NaN}, new int[0]));
        tensors.put("empty", alloc.allocate(0, 4));
        tensors.put("layer.0/w \"quoted\" é", random(3, 3, 1, 2));
        tensors.put("special", alloc.of(new float[] {-0f, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE}, 4));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("note", "quote \" backslash \\ newline \n tab \t é 漢 😀 \u0001");
        Path p = dir.resolve("model.safetensors");
        Safetensors.write(p, tensors, meta);

        try (SafetensorsFile f = Safetensors.open(p)) {
            assertEquals(List.copyOf(tensors.keySet()), f.names());
            assertEquals(meta, f.metadata());
            assertEquals(List.copyOf(meta.keySet()), List.copyOf(f.metadata().keySet()));
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                String name = e.getKey();
                assertEquals(Dtype.F32, f.dtype(name), name);
                assertEquals(e.getValue().shape(), f.shape(name), name);
                assertArrayEquals(bits(e.getValue().toArray()), bits(f.toFloatArray(name)), name);
                try (Tensor copy = alloc.allocate(f.shape(name))) {
                    f.copyInto(name, copy);
                    assertArrayEquals(bits(e.getValue().toArray()), bits(copy.toArray()), name);
                }
            }
        } finally {
            tensors.values().forEach(Tensor::close);
        }
        assertEquals(List.of(p), listDir(), "no temporary file left behind");
    }

    @Test
    void byteLayoutIsStandardSafetensors() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", alloc.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        tensors.put("b", alloc.of(new float[] {-1, 0.5f}, 2));
        Path p = dir.resolve("layout.safetensors");
        Safetensors.write(p, tensors, Map.of("format", "pt"));
        tensors.values().forEach(Tensor::close);

        byte[] bytes = Files.readAllBytes(p);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        assertEquals(0, (8 + n) % 8, "data starts at a multiple of 8");
        assertEquals(8 + n + 8 * 4, bytes.length, "tensors back to back, nothing after");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}}", header.stripTrailing());
        assertTrue(header.substring(header.stripTrailing().length()).chars().allMatch(c -> c == ' '), "space padding");
        float[] data = new float[8];
        for (int i = 0; i < 8; i++) {
            data[i] = buf.getFloat((int) (8 + n) + 4 * i);
        }
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, -1, 0.5f}, data);
    }

    @Test
    void segmentIsAZeroCopySliceOfTheMappedFile() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", random(4, 3));
        tensors.put("b", random(5, 2, 5));
        Path p = dir.resolve("zero-copy.safetensors");
        Safetensors.write(p, tensors, Map.of());
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(p), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        MemorySegment kept;
        try (SafetensorsFile f = Safetensors.open(p)) {
            MemorySegment seg = f.segment("b");
            assertTrue(seg.isMapped(), "a slice of the mapping, not a copy");
            assertTrue(seg.isReadOnly());
            assertEquals(40, seg.byteSize());
            MemorySegment file = f.mapping();
            assertTrue(file.asOverlappingSlice(seg).isPresent());
            assertEquals(8 + headerLength + 12, seg.address() - file.address(), "where 'b' lies in the file");
            assertEquals(f.segment("b").address(), seg.address(), "no copy on each call");
            float[] expected = tensors.get("b").toArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], seg.getAtIndex(
                        ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i));
            }
            kept = seg;
        } finally {
            tensors.values().forEach(Tensor::close);
        }
        // After close the mapping is gone: FFM refuses the access instead of crashing.
        assertThrows(IllegalStateException.class, () -> kept.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void closedFileRefusesUse() throws IOException {
        Path p = dir.resolve("c.safetensors");
        Safetensors.write(p, Map.of());
        SafetensorsFile f = Safetensors.open(p);
        assertEquals(List.of(), f.names());
        f.close();
        f.close();   // idempotent
        assertTrue(assertThrows(IllegalStateException.class, f::names).getMessage().contains("was closed"));
        assertThrows(IllegalStateException.class, () -> f.segment("a"));
    }

    @Test
    void unknownNameListsTheNamesThereAre() throws IOException {
        Path p = dir.resolve("names.safetensors");
        try (Tensor t = alloc.allocate(2)) {
            Safetensors.write(p, Map.of("weight", t));
        }
        try (SafetensorsFile f = Safetensors.open(p)) {
            assertFalse(f.contains("bias"));
            assertEquals("no tensor 'bias' in " + p + "; it has 'weight'",
                    assertThrows(IllegalArgumentException.class, () -> f.shape("bias")).getMessage());
        }
    }

    @Test
    void convertsF64F16AndBf16AndRefusesIntegersAsFloat() throws IOException {
        ByteBuffer d = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        d.putDouble(Math.PI).putDouble(-1e-3);                                               // F64 [0, 16)
        d.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x7BFF).putShort((short) 0x0001); // F16 [16, 24)
        d.putShort((short) 0x3F80).putShort((short) 0xC040).putShort((short) 0x4049).putShort((short) 0xFF80); // BF16 [24, 32)
        d.putLong(7).putLong(-7);                                                            // I64 [32, 48)
        d.putFloat(1.5f).putFloat(-2.5f).putFloat(3.25f).putFloat(0f);                       // F32 [48, 64)
        d.flip();
        String h = "{\"f64\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"f16\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[16,24]},"
                + "\"bf16\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[24,32]},"
                + "\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[32,48]},"
                + "\"f32\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[48,64]}}";
        Path p = Crafted.write(dir, "dtypes.safetensors", Crafted.file(h, d));
        try (SafetensorsFile f = Safetensors.open(p)) {
            assertEquals(List.of("f64", "f16", "bf16", "ids", "f32"), f.names());
            assertEquals(Dtype.I64, f.dtype("ids"));
            assertArrayEquals(new float[] {(float) Math.PI, -1e-3f}, f.toFloatArray("f64"));
            assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f}, f.toFloatArray("f16"));
            assertArrayEquals(new float[] {1f, -3f, 3.140625f, Float.NEGATIVE_INFINITY}, f.toFloatArray("bf16"));
            assertArrayEquals(new float[] {1.5f, -2.5f, 3.25f, 0f}, f.toFloatArray("f32"));
            try (Tensor t = alloc.allocate(2, 2)) {
                f.copyInto("f16", t);
                assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f}, t.toArray());
                assertEquals("cannot copy tensor 'bf16' of shape (4,) from " + p + " into a tensor of shape (2, 2)",
                        assertThrows(SafetensorsException.class, () -> f.copyInto("bf16", t)).getMessage());
            }
            assertEquals("tensor 'ids' in " + p + " is I64; only F32, F64, F16 and BF16 can be read as float",
                    assertThrows(SafetensorsException.class, () -> f.toFloatArray("ids")).getMessage());
            assertEquals(16, f.segment("ids").byteSize(), "raw bytes of any dtype are available");
        }
    }

    @Test
    void overwritesAnExistingFile() throws IOException {
        Path p = dir.resolve("again.safetensors");
        try (Tensor a = alloc.of(new float[] {1, 2}, 2); Tensor b = alloc.of(new float[] {3}, 1)) {
            Safetensors.write(p, Map.of("a", a));
            Safetensors.write(p, Map.of("b", b));
        }
        try (SafetensorsFile f = Safetensors.open(p)) {
            assertEquals(List.of("b"), f.names());
            assertArrayEquals(new float[] {3}, f.toFloatArray("b"));
        }
        assertEquals(List.of(p), listDir());
    }

    @Test
    void refusesNamesTheFormatReserves() {
        try (Tensor t = alloc.allocate(1)) {
            Path p = dir.resolve("x.safetensors");
            assertThrows(IllegalArgumentException.class, () -> Safetensors.write(p, Map.of("__metadata__", t)));
            assertThrows(IllegalArgumentException.class, () -> Safetensors.write(p, Map.of("", t)));
            assertFalse(Files.exists(p));
        }
    }

    @Test
    void shapeOfAScalarIsEmpty() throws IOException {
        Path p = dir.resolve("s.safetensors");
        try (Tensor t = alloc.of(new float[] {4f}, new int[0])) {
            Safetensors.write(p, Map.of("s", t));
        }
        try (SafetensorsFile f = Safetensors.open(p)) {
            assertEquals(Shape.of(), f.shape("s"));
            assertArrayEquals(new float[] {4f}, f.toFloatArray("s"));
        }
    }

    List<Path> listDir() throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }
}
