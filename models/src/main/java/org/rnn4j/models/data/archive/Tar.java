package org.rnn4j.models.data.archive;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A small reader for (gzip-compressed) tar archives as npm writes them: 512-byte headers, ustar
 * names (name + prefix), sizes in octal, pax ({@code x}/{@code g}) and GNU long-name ({@code L})
 * records understood. Entry names with a {@code ..} segment or an absolute path are refused; a
 * damaged archive is reported with the byte offset (in the uncompressed tar stream) where it broke.
 */
public final class Tar {
    private static final int BLOCK = 512;

    /** One entry: its name, size in bytes and type flag ('0' a regular file, '5' a folder, ...). */
    public record Entry(String name, long size, char type) {
        public boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }
    }

    /** Called for each entry; {@code data} yields exactly the entry's bytes (read it or not). */
    @FunctionalInterface
    public interface Visitor {
        void visit(Entry entry, InputStream data) throws IOException;
    }

    private Tar() {
    }

    /** Reads a .tgz (or a plain .tar: gzip is detected by its magic bytes). */
    public static void read(Path archive, Visitor visitor) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                read(in, archive.toString(), visitor);
            } catch (ZipException | EOFException e) {
                throw new IOException("corrupt archive " + archive + ": gzip stream broken ("
                        + (e.getMessage() == null ? "unexpected end" : e.getMessage()) + ")", e);
            }
        }
    }

    /** Reads an uncompressed tar stream; {@code what} names it in error messages. */
    public static void read(InputStream in, String what, Visitor visitor) throws IOException {
        long offset = 0;
        byte[] header = new byte[BLOCK];
        String longName = null;
        String paxPath = null;
        while (true) {
            int n = in.readNBytes(header, 0, BLOCK);
            if (n == 0 && offset > 0) {
                return; // end of stream without the two zero blocks: accepted
            }
            if (n < BLOCK) {
                throw corrupt(what, offset + n, "truncated tar header (" + n + " of 512 bytes)");
            }
            if (allZero(header)) {
                return; // end-of-archive marker
            }
            long headerOffset = offset;
            offset += BLOCK;
            checkChecksum(header, what, headerOffset);
            char type = (char) (header[156] & 0xff);
            long size = parseNumber(header, 124, 12, what, headerOffset + 124, "size");
            String name = cString(header, 0, 100);
            boolean ustar = cString(header, 257, 5).equals("ustar");
            if (ustar) {
                String prefix = cString(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            if (type == 'L' || type == 'x' || type == 'g') {
                if (size > 1 << 20) {
                    throw corrupt(what, headerOffset, "metadata record of " + size + " bytes is too large");
                }
                byte[] meta = readFully(in, (int) size, what, offset);
                skipFully(in, padded - size, what, offset + size);
                offset += padded;
                if (type == 'L') {
                    longName = cString(meta, 0, meta.length);
                } else if (type == 'x') {
                    paxPath = paxValue(meta, "path");
                }
                continue;
            }
            if (longName != null) {
                name = longName;
            }
            if (paxPath != null) {
                name = paxPath;
            }
            longName = null;
            paxPath = null;
            String raw = name;
            name = normalise(name);
            if (name.isEmpty() && type == '5') {   // "./", the archive's root folder (dpkg-deb writes one)
                skipFully(in, padded, what, offset);
                offset += padded;
                continue;
            }
            checkName(raw, what, headerOffset);
            checkName(name, what, headerOffset);   // what is written is the normalised name
            Entry entry = new Entry(name, size, type);
            long dataOffset = offset;
            Bounded data = new Bounded(in, size);
            visitor.visit(entry, data);
            long rest = size - data.consumed;
            skipFully(in, rest, what, dataOffset + data.consumed);
            skipFully(in, padded - size, what, dataOffset + size);
            offset += padded;
        }
    }

    /** Drops leading {@code ./} (as dpkg-deb writes names) and a trailing {@code /}. */
    static String normalise(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        if (n.equals(".")) {
            n = "";
        }
        while (n.endsWith("/") && n.length() > 1) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    /**
     * Extracts the regular files of an uncompressed tar stream whose names pass {@code want}
     * under {@code dir} (folders created as needed; links and devices skipped); {@code what}
     * names the stream in errors. Returns the files written, in archive order.
     */
    public static java.util.List<Path> extract(InputStream in, String what, java.util.function.Predicate<String> want,
                                               Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        java.util.List<Path> out = new java.util.ArrayList<>();
        read(in, what, (entry, data) -> {
            if (entry.isFile() && want.test(entry.name())) {
                Path target = root.resolve(entry.name()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new org.rnn4j.models.data.CorruptArchiveException("unsafe archive " + what + ": entry '"
                            + entry.name() + "' would be written outside " + root + "; refusing to extract");
                }
                copy(data, target);
                out.add(target);
            }
        });
        return out;
    }

    /** Refuses absolute names and names with a {@code ..} segment. */
    static void checkName(String name, String what, long offset) throws IOException {
        String n = name.replace('\\', '/');
        if (n.isEmpty()) {
            throw corrupt(what, offset, "entry with an empty name");
        }
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
            throw new org.rnn4j.models.data.CorruptArchiveException("unsafe archive " + what + ": entry '" + name
                    + "' at byte offset " + offset + " has an absolute path; refusing to extract");
        }
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                throw new org.rnn4j.models.data.CorruptArchiveException("unsafe archive " + what + ": entry '" + name
                        + "' at byte offset " + offset + " leaves the target folder ('..'); refusing to extract");
            }
        }
    }

    /** Copies the entry's bytes to a file, creating parent folders. */
    public static void copy(InputStream data, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (OutputStream o = Files.newOutputStream(target)) {
            data.transferTo(o);
        }
    }

    private static void checkChecksum(byte[] h, String what, long offset) throws IOException {
        long stored = parseNumber(h, 148, 8, what, offset + 148, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != stored) {
            throw corrupt(what, offset, "header checksum " + stored + " does not match the header (" + sum
                    + "); not a tar archive or damaged");
        }
    }

    private static long parseNumber(byte[] h, int at, int len, String what, long offset, String field)
            throws IOException {
        if ((h[at] & 0x80) != 0) { // GNU base-256
            long v = h[at] & 0x7f;
            for (int i = at + 1; i < at + len; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        boolean any = false;
        for (int i = at; i < at + len; i++) {
            int c = h[i] & 0xff;
            if (c == 0 || (c == ' ' && any)) {
                break;
            }
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '7') {
                throw corrupt(what, offset, "bad octal " + field + " field '"
                        + new String(h, at, len, StandardCharsets.ISO_8859_1).replace('\0', ' ').strip() + "'");
            }
            v = v * 8 + (c - '0');
            any = true;
        }
        return v;
    }

    private static String cString(byte[] b, int at, int len) {
        int end = at;
        while (end < at + len && b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, StandardCharsets.UTF_8);
    }

    private static String paxValue(byte[] meta, String key) {
        String s = new String(meta, StandardCharsets.UTF_8);
        for (String rec : s.split("\n")) {
            int sp = rec.indexOf(' ');
            int eq = rec.indexOf('=');
            if (sp > 0 && eq > sp && rec.substring(sp + 1, eq).equals(key)) {
                return rec.substring(eq + 1);
            }
        }
        return null;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] readFully(InputStream in, int n, String what, long offset) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw corrupt(what, offset + b.length, "truncated: the entry needs " + n + " bytes, found " + b.length);
        }
        return b;
    }

    private static void skipFully(InputStream in, long n, String what, long offset) throws IOException {
        long done = 0;
        byte[] buf = new byte[8192];
        while (done < n) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                throw corrupt(what, offset + done, "truncated: ended " + (n - done) + " bytes early");
            }
            done += r;
        }
    }

    static IOException corrupt(String what, long offset, String why) {
        return new org.rnn4j.models.data.CorruptArchiveException("corrupt archive " + what + " at byte offset " + offset
                + ": " + why);
    }

    /** A view of the next {@code limit} bytes; reading past the end of the real stream is an error later. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private final long limit;
        long consumed;

        Bounded(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            if (consumed >= limit) {
                return -1;
            }
            int c = in.read();
            if (c >= 0) {
                consumed++;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (consumed >= limit) {
                return -1;
            }
            int r = in.read(b, off, (int) Math.min(len, limit - consumed));
            if (r > 0) {
                consumed += r;
            }
            return r;
        }

        @Override
        public void close() {
            // the archive stream stays open
        }
    }
}
