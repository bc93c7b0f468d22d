package org.rnn4j.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-made safetensors bytes for tests: a header length, header bytes and data, each as given. */
final class Crafted {
    private Crafted() {
    }

    /** 8-byte little-endian {@code headerLength}, then {@code rest}. */
    static byte[] raw(long headerLength, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).put(rest)
                .array();
    }

    /** A file with {@code header} (UTF-8, unpadded) and {@code dataBytes} data bytes counting 0, 1, 2, ... */
    static byte[] file(String header, int dataBytes) {
        return file(header.getBytes(StandardCharsets.UTF_8), dataBytes);
    }

    static byte[] file(byte[] header, int dataBytes) {
        byte[] rest = new byte[header.length + dataBytes];
        System.arraycopy(header, 0, rest, 0, header.length);
        for (int i = 0; i < dataBytes; i++) {
            rest[header.length + i] = (byte) i;
        }
        return raw(header.length, rest);
    }

    /** A file with {@code header} and the given little-endian data. */
    static byte[] file(String header, ByteBuffer data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] d = new byte[data.remaining()];
        data.duplicate().get(d);
        byte[] rest = new byte[h.length + d.length];
        System.arraycopy(h, 0, rest, 0, h.length);
        System.arraycopy(d, 0, rest, h.length, d.length);
        return raw(h.length, rest);
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }
}
