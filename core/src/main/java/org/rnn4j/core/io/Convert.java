package org.rnn4j.core.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Little-endian safetensors data to native float32: F32 copied (one bulk copy, byte-swapped only on
 * a big-endian machine), F64 rounded to nearest, F16 and BF16 widened exactly.
 */
final class Convert {
    static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble F64_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32_NATIVE = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private Convert() {
    }

    /** Converts {@code count} elements of {@code src} (of type {@code dtype}, floating) into native floats at {@code dst}. */
    static void toFloats(MemorySegment src, Dtype dtype, MemorySegment dst, long count) {
        switch (dtype) {
            case F32 -> MemorySegment.copy(src, F32_LE, 0, dst, F32_NATIVE, 0, count);
            case F64 -> {
                for (long i = 0; i < count; i++) {
                    dst.setAtIndex(F32_NATIVE, i, (float) src.getAtIndex(F64_LE, i));
                }
            }
            case F16 -> {
                for (long i = 0; i < count; i++) {
                    dst.setAtIndex(F32_NATIVE, i, Float.float16ToFloat(src.getAtIndex(I16_LE, i)));
                }
            }
            case BF16 -> {
                for (long i = 0; i < count; i++) {
                    dst.setAtIndex(F32_NATIVE, i, Float.intBitsToFloat((src.getAtIndex(I16_LE, i) & 0xFFFF) << 16));
                }
            }
            default -> throw new IllegalArgumentException(dtype + " is not a floating type");
        }
    }
}
