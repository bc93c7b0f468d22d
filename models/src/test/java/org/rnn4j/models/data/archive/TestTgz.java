package org.rnn4j.models.data.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds tiny ustar archives for the tests. */
public final class TestTgz {
    private TestTgz() {
    }

    /** A tar stream of the entries (names longer than 100 characters go into the ustar prefix). */
    public static byte[] tar(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            byte[] h = new byte[512];
            String name = e.getKey();
            String prefix = "";
            if (name.length() > 100) {
                int slash = name.lastIndexOf('/', 155);
                prefix = name.substring(0, slash);
                name = name.substring(slash + 1);
            }
            put(h, 0, name);
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", e.getValue().length));
            put(h, 136, "00000000000");
            h[156] = '0';
            put(h, 257, "ustar");
            put(h, 263, "00");
            put(h, 345, prefix);
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            h[155] = ' ';
            out.writeBytes(h);
            out.writeBytes(e.getValue());
            int pad = (512 - e.getValue().length % 512) % 512;
            out.writeBytes(new byte[pad]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
            gz.write(data);
        }
        return bo.toByteArray();
    }

    public static Path tgz(Path file, Map<String, byte[]> entries) throws IOException {
        Files.write(file, gzip(tar(entries)));
        return file;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
