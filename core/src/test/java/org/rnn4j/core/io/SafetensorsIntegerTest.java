package org.rnn4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integer tensors (PyTorch's int64 buffers, token ids) read as long[] and int[], with range checks. */
class SafetensorsIntegerTest {

    @Test
    void integerTensorsReadAsLongsAndInts(@TempDir Path dir) throws Exception {
        ByteBuffer data = ByteBuffer.allocate(8 * 3 + 4 * 2 + 2 + 1 + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        data.putLong(-5).putLong(1L << 40).putLong(7);          // ids: I64 [3]
        data.putInt(Integer.MIN_VALUE).putInt(42);              // lens: I32 [2]
        data.put((byte) 0xFF).put((byte) 0xFE);                 // u: U8 [2]
        data.put((byte) 1);                                     // flag: BOOL [1]
        data.putLong(-1);                                       // big: U64 [1] = 2^64 - 1
        data.putFloat(1.5f);                                    // f: F32 [1]
        String header = "{\"ids\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[0,24]},"
                + "\"lens\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[24,32]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[32,34]},"
                + "\"flag\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[34,35]},"
                + "\"big\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[35,43]},"
                + "\"f\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[43,47]}}";
        Path file = Crafted.write(dir, "ints.safetensors", Crafted.file(header, data.flip()));
        try (SafetensorsFile f = Safetensors.open(file)) {
            assertArrayEquals(new long[] {-5, 1L << 40, 7}, f.toLongArray("ids"));
            assertArrayEquals(new long[] {Integer.MIN_VALUE, 42}, f.toLongArray("lens"));
            assertArrayEquals(new int[] {Integer.MIN_VALUE, 42}, f.toIntArray("lens"));
            assertArrayEquals(new int[] {255, 254}, f.toIntArray("u"));
            assertArrayEquals(new int[] {1}, f.toIntArray("flag"));
            var e = assertThrows(SafetensorsException.class, () -> f.toIntArray("ids"));
            assertEquals(file + ": tensor 'ids' (I64) element 1 = 1099511627776 does not fit an int (use toLongArray)",
                    e.getMessage());
            e = assertThrows(SafetensorsException.class, () -> f.toLongArray("big"));
            assertEquals(file + ": tensor 'big' (U64) element 0 = 18446744073709551615 does not fit a signed long",
                    e.getMessage());
            e = assertThrows(SafetensorsException.class, () -> f.toLongArray("f"));
            assertEquals(file + ": tensor 'f' is F32, not an integer type; read it with toFloatArray or copyInto",
                    e.getMessage());
        }
    }

    @Test
    void smallAndUnsignedIntegerTypesWiden(@TempDir Path dir) throws Exception {
        ByteBuffer data = ByteBuffer.allocate(2 + 2 * 2 + 2 * 2 + 4 * 2).order(ByteOrder.LITTLE_ENDIAN);
        data.put((byte) -3).put((byte) 127);                    // I8
        data.putShort((short) -300).putShort((short) 12);       // I16
        data.putShort((short) 0xFFFF).putShort((short) 1);      // U16
        data.putInt(-1).putInt(5);                              // U32: 4294967295, 5
        String header = "{\"a\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[0,2]},"
                + "\"b\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[2,6]},"
                + "\"c\":{\"dtype\":\"U16\",\"shape\":[2],\"data_offsets\":[6,10]},"
                + "\"d\":{\"dtype\":\"U32\",\"shape\":[2],\"data_offsets\":[10,18]}}";
        Path file = Crafted.write(dir, "small.safetensors", Crafted.file(header, data.flip()));
        try (SafetensorsFile f = Safetensors.open(file)) {
            assertArrayEquals(new int[] {-3, 127}, f.toIntArray("a"));
            assertArrayEquals(new int[] {-300, 12}, f.toIntArray("b"));
            assertArrayEquals(new int[] {65535, 1}, f.toIntArray("c"));
            assertArrayEquals(new long[] {4294967295L, 5}, f.toLongArray("d"));
            var e = assertThrows(SafetensorsException.class, () -> f.toIntArray("d"));
            assertEquals(file + ": tensor 'd' (U32) element 0 = 4294967295 does not fit an int (use toLongArray)",
                    e.getMessage());
        }
    }
}