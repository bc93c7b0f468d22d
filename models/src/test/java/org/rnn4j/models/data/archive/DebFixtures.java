package org.rnn4j.models.data.archive;

import org.rnn4j.models.data.archive.ArArchive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Builds small .deb, tar and SWORD zText fixtures in memory. */
public final class DebFixtures {
    private DebFixtures() {}

    /** A tar entry: name, type flag, data (or link target for type '2'). */
    public record TarEntry(String name, char type, byte[] data) {
        public static TarEntry file(String name, String text) {
            return new TarEntry(name, '0', text.getBytes(StandardCharsets.UTF_8));
        }

        public static TarEntry dir(String name) {
            return new TarEntry(name, '5', new byte[0]);
        }
    }

    public static byte[] tar(List<TarEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (TarEntry e : entries) {
            byte[] nameBytes = e.name().getBytes(StandardCharsets.UTF_8);
            if (nameBytes.length > 100) {
                byte[] ln = (e.name() + "\0").getBytes(StandardCharsets.UTF_8);
                out.writeBytes(header("././@LongLink", 'L', ln.length, ""));
                out.writeBytes(ln);
                out.writeBytes(new byte[pad(ln.length)]);
                nameBytes = e.name().substring(0, 100).getBytes(StandardCharsets.UTF_8);
            }
            boolean link = e.type() == '2';
            int size = link ? 0 : e.data().length;
            out.writeBytes(header(new String(nameBytes, StandardCharsets.UTF_8), e.type(), size,
                    link ? new String(e.data(), StandardCharsets.UTF_8) : ""));
            if (!link) {
                out.writeBytes(e.data());
                out.writeBytes(new byte[pad(size)]);
            }
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    public static int pad(int n) {
        return (512 - n % 512) % 512;
    }

    /** A GNU-style tar header (magic "ustar  ") with a correct checksum. */
    public static byte[] header(String name, char type, long size, String linkName) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644\0");
        put(h, 108, "0000000\0");
        put(h, 116, "0000000\0");
        put(h, 124, String.format("%011o\0", size));
        put(h, 136, "14342366520\0");
        h[156] = (byte) type;
        put(h, 157, linkName);
        put(h, 257, "ustar  \0");
        put(h, 265, "root");
        put(h, 297, "root");
        fixChecksum(h);
        return h;
    }

    public static void fixChecksum(byte[] h) {
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o\0 ", sum));
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, b.length);
    }

    public static byte[] xz(byte[] data) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (XZOutputStream xz = new XZOutputStream(bo, new LZMA2Options(1))) {
            xz.write(data);
        }
        return bo.toByteArray();
    }

    /** An ar archive with the given members (name, data) in order. */
    public static byte[] ar(List<String> names, List<byte[]> datas) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ArArchive.MAGIC.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < names.size(); i++) {
            byte[] d = datas.get(i);
            String h = String.format("%-16s%-12s%-6s%-6s%-8s%-10d`\n", names.get(i), "1700000000", "0", "0", "100644", d.length);
            out.writeBytes(h.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(d);
            if (d.length % 2 == 1) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    /** A .deb whose data.tar.xz holds the given tar entries. */
    public static byte[] deb(List<TarEntry> data) throws IOException {
        byte[] control = xz(tar(List.of(TarEntry.file("./control", "Package: test\nVersion: 1\n"))));
        return ar(List.of("debian-binary", "control.tar.xz", "data.tar.xz"),
                List.of("2.0\n".getBytes(StandardCharsets.US_ASCII), control, xz(tar(data))));
    }

    public static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    /**
     * Writes a zText testament: {@code verses[i]} is slot i's markup (null or "" for an empty slot);
     * slots are packed {@code perBlock} to a zlib block, as SWORD does per book.
     */
    public static void zText(Path dir, String testament, List<String> verses, int perBlock) throws IOException {
        Files.createDirectories(dir);
        ByteArrayOutputStream bzz = new ByteArrayOutputStream();
        ByteBuffer bzv = ByteBuffer.allocate(verses.size() * 10).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream bzsOut = new ByteArrayOutputStream();
        int blocks = (verses.size() + perBlock - 1) / perBlock;
        for (int b = 0; b < blocks; b++) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            for (int i = b * perBlock; i < Math.min(verses.size(), (b + 1) * perBlock); i++) {
                String v = verses.get(i) == null ? "" : verses.get(i);
                byte[] vb = v.getBytes(StandardCharsets.UTF_8);
                bzv.putInt(vb.length == 0 ? 0 : b).putInt(vb.length == 0 ? 0 : raw.size()).putShort((short) vb.length);
                raw.writeBytes(vb);
            }
            byte[] u = raw.toByteArray();
            Deflater def = new Deflater();
            def.setInput(u);
            def.finish();
            byte[] buf = new byte[u.length + 64];
            int n = def.deflate(buf);
            def.end();
            ByteBuffer e = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            e.putInt(bzz.size()).putInt(n).putInt(u.length);
            bzsOut.writeBytes(e.array());
            bzz.write(buf, 0, n);
        }
        Files.write(dir.resolve(testament + ".bzs"), bzsOut.toByteArray());
        Files.write(dir.resolve(testament + ".bzv"), bzv.array());
        Files.write(dir.resolve(testament + ".bzz"), bzz.toByteArray());
    }
}
