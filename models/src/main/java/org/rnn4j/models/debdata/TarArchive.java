package org.rnn4j.models.debdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reader for tar streams (POSIX ustar, GNU and pax variants as written by dpkg-deb): 512-byte
 * headers with the name in bytes 0-99 (plus the ustar prefix in 345-499), an octal size at 124
 * and a checksum at 148; data padded to 512 bytes; two zero blocks end the archive. GNU long names
 * ({@code L}) and pax {@code path=} records are honoured. Names are normalised (leading {@code ./}
 * removed); absolute names and names with a {@code ..} component are refused.
 */
public final class TarArchive {
    static final int BLOCK = 512;
    private static final long MAX_META = 1 << 20;

    /** One entry: normalised name, type flag ({@code '0'} file, {@code '5'} directory, {@code '2'} symlink, ...), size and header offset. */
    public record Entry(String name, char type, long size, long offset) {
        /** Whether this entry is a regular file. */
        public boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }
    }

    private final InputStream in;
    private final String source;
    private long pos;
    private long pendingSkip;
    private boolean done;

    /** Reads tar data from {@code in}; {@code source} names the stream in error messages. */
    public TarArchive(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /**
     * Extracts the regular files whose normalised names pass {@code want} under {@code dir}
     * (directories created as needed); other entries (links, devices) are skipped.
     *
     * @return the written files, in archive order
     */
    public static List<Path> extract(InputStream in, String source, Predicate<String> want, Path dir) throws IOException {
        TarArchive tar = new TarArchive(in, source);
        Path root = dir.toAbsolutePath().normalize();
        List<Path> out = new ArrayList<>();
        for (Entry e; (e = tar.next()) != null; ) {
            if (!e.isFile() || !want.test(e.name())) {
                continue;
            }
            Path target = root.resolve(e.name()).normalize();
            if (!target.startsWith(root) || target.equals(root)) {
                throw new CorruptArchiveException(source + ": unsafe path '" + e.name() + "' at offset " + e.offset());
            }
            Files.createDirectories(target.getParent());
            try (OutputStream os = Files.newOutputStream(target)) {
                tar.copyData(os);
            }
            out.add(target);
        }
        return out;
    }

    /** The next entry, or null at the end; its data is read by {@link #copyData} or skipped on the next call. */
    public Entry next() throws IOException {
        if (done) {
            return null;
        }
        skipData();
        String longName = null;
        while (true) {
            long offset = pos;
            byte[] h = readBlock("tar header");
            if (h == null) {
                done = true;
                return null; // end of stream without zero blocks: accepted, as GNU tar does
            }
            if (allZero(h)) {
                done = true;
                return null;
            }
            checkChecksum(h, offset);
            char type = (char) (h[156] & 0xff);
            long size = number(h, 124, 12, offset, "size");
            if (size < 0) {
                throw new CorruptArchiveException(source + ": negative size in tar header at offset " + offset);
            }
            if (type == 'L' || type == 'x' || type == 'g') {
                if (size > MAX_META) {
                    throw new CorruptArchiveException(source + ": oversized tar extension header (" + size + " bytes) at offset " + offset);
                }
                pendingSkip = size;
                byte[] meta = readData((int) size, offset);
                if (type == 'L') {
                    longName = cString(meta, 0, meta.length);
                } else if (type == 'x') {
                    String p = paxPath(meta, offset);
                    if (p != null) {
                        longName = p;
                    }
                }
                continue;
            }
            String name;
            if (longName != null) {
                name = longName;
            } else {
                name = cString(h, 0, 100);
                if (ascii(h, 257, 6).equals("ustar\0")) { // POSIX ustar only; GNU keeps times there
                    String prefix = cString(h, 345, 155);
                    if (!prefix.isEmpty()) {
                        name = prefix + "/" + name;
                    }
                }
            }
            pendingSkip = size;
            return new Entry(normalise(name, offset), type, size, offset);
        }
    }

    /** Copies the data of the entry last returned by {@link #next} to {@code out}. */
    public void copyData(OutputStream out) throws IOException {
        long left = pendingSkip;
        long start = pos;
        byte[] buf = new byte[64 * 1024];
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new CorruptArchiveException(source + ": tar entry data truncated at offset " + pos
                        + " (entry data began at offset " + start + ")");
            }
            out.write(buf, 0, n);
            left -= n;
            pos += n;
        }
        long total = pendingSkip;
        pendingSkip = 0;
        skipBytes(pad(total), "tar padding");
    }

    private void skipData() throws IOException {
        if (pendingSkip > 0) {
            long n = pendingSkip;
            pendingSkip = 0;
            skipBytes(n + pad(n), "tar entry data");
        }
    }

    private byte[] readData(int size, long headerOffset) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream(size);
        copyData(bo);
        return bo.toByteArray();
    }

    private static long pad(long n) {
        return (BLOCK - (n % BLOCK)) % BLOCK;
    }

    private void skipBytes(long n, String what) throws IOException {
        long start = pos;
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new CorruptArchiveException(source + ": truncated " + what + " at offset " + start);
            }
            n -= r;
            pos += r;
        }
    }

    private byte[] readBlock(String what) throws IOException {
        byte[] b = new byte[BLOCK];
        int got = 0;
        while (got < BLOCK) {
            int n = in.read(b, got, BLOCK - got);
            if (n < 0) {
                break;
            }
            got += n;
        }
        if (got == 0) {
            return null;
        }
        if (got < BLOCK) {
            throw new CorruptArchiveException(source + ": truncated " + what + " at offset " + pos
                    + " (" + got + " of 512 bytes)");
        }
        pos += BLOCK;
        return b;
    }

    private void checkChecksum(byte[] h, long offset) throws CorruptArchiveException {
        long stored = number(h, 148, 8, offset, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int v = (i >= 148 && i < 156) ? ' ' : h[i];
            unsigned += v & 0xff;
            signed += (i >= 148 && i < 156) ? ' ' : h[i];
        }
        if (stored != unsigned && stored != signed) {
            throw new CorruptArchiveException(source + ": bad tar header checksum at offset " + offset
                    + " (stored " + stored + ", computed " + unsigned + ")");
        }
    }

    /** Parses an octal (NUL/space terminated) or GNU base-256 number field. */
    private long number(byte[] h, int off, int len, long offset, String field) throws CorruptArchiveException {
        if ((h[off] & 0x80) != 0) {
            long v = h[off] & 0x7f;
            for (int i = 1; i < len; i++) {
                if (v > (Long.MAX_VALUE >> 8)) {
                    throw new CorruptArchiveException(source + ": tar " + field + " too large at offset " + (offset + off));
                }
                v = (v << 8) | (h[off + i] & 0xff);
            }
            return v;
        }
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (h[i] == ' ' || h[i] == 0)) {
            i++;
        }
        boolean any = false;
        for (; i < end && h[i] != 0 && h[i] != ' '; i++) {
            int d = h[i] - '0';
            if (d < 0 || d > 7) {
                throw new CorruptArchiveException(source + ": bad octal " + field + " '" + ascii(h, off, len).trim()
                        + "' in tar header at offset " + offset);
            }
            v = v * 8 + d;
            any = true;
        }
        if (!any && field.equals("checksum")) {
            throw new CorruptArchiveException(source + ": empty tar checksum in header at offset " + offset);
        }
        return v;
    }

    private String paxPath(byte[] meta, long offset) throws CorruptArchiveException {
        String path = null;
        int i = 0;
        while (i < meta.length) {
            int sp = i;
            while (sp < meta.length && meta[sp] != ' ') {
                sp++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(meta, i, sp - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new CorruptArchiveException(source + ": bad pax record in header at offset " + offset);
            }
            if (len <= 0 || i + len > meta.length) {
                throw new CorruptArchiveException(source + ": bad pax record length in header at offset " + offset);
            }
            String rec = new String(meta, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8);
            if (rec.startsWith("path=")) {
                path = rec.substring(5);
            }
            i += len;
        }
        return path;
    }

    private String normalise(String name, long offset) throws CorruptArchiveException {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        if (n.equals(".")) {
            n = "";
        }
        if (n.startsWith("/") || n.contains("\\") || n.contains("\0")) {
            throw new CorruptArchiveException(source + ": unsafe path '" + name + "' at offset " + offset
                    + " (absolute or odd characters)");
        }
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                throw new CorruptArchiveException(source + ": unsafe path '" + name + "' at offset " + offset
                        + " ('..' component)");
            }
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.US_ASCII);
    }
}
