package org.rnn4j.core.io;

/**
 * The element types a safetensors header may name, with their sizes in bytes. The four floating
 * types can be read as float32 (F64 is rounded, F16 and BF16 widened exactly); the integer types
 * and BOOL are recognised, so a file holding them opens, but reading them as float is an error.
 * 8-bit float types (F8_E4M3, F8_E5M2) and anything else are rejected at open.
 */
public enum Dtype {
    F32(4, true),
    F64(8, true),
    F16(2, true),
    BF16(2, true),
    I64(8, false),
    I32(4, false),
    I16(2, false),
    I8(1, false),
    U64(8, false),
    U32(4, false),
    U16(2, false),
    U8(1, false),
    BOOL(1, false);

    private final int byteSize;
    private final boolean floating;

    Dtype(int byteSize, boolean floating) {
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for F32, F64, F16 and BF16: the types rnn4j converts to float32. */
    public boolean isFloating() {
        return floating;
    }

    /** The dtype spelled as in a header ("F32"), or null if it is not one of these. */
    static Dtype parse(String s) {
        for (Dtype d : values()) {
            if (d.name().equals(s)) {
                return d;
            }
        }
        return null;
    }
}
