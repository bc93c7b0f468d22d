package org.rnn4j.models.data.archive;

import org.rnn4j.models.data.CorruptArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader for Unix {@code ar} archives as used by Debian packages: the magic {@code "!<arch>\n"},
 * then for each member a 60-byte header (name 16, mtime 12, uid 6, gid 6, mode 8, decimal size 10,
 * terminator {@code "`\n"}) followed by the data, padded to an even length.
 */
public final class ArArchive {
    /** The 8-byte magic at the start of every ar archive. */
    public static final String MAGIC = "!<arch>\n";
    static final int HEADER_SIZE = 60;

    /** One member: its name (GNU trailing {@code /} removed), data offset in the file and size in bytes. */
    public record Entry(String name, long dataOffset, long size) {}

    private ArArchive() {}

    /** Lists the members of the ar archive {@code file}; corrupt headers give an error naming the offset. */
    public static List<Entry> entries(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            ByteBuffer magic = ByteBuffer.allocate(MAGIC.length());
            readFully(ch, magic, 0, file, "ar magic");
            if (!MAGIC.equals(new String(magic.array(), StandardCharsets.US_ASCII))) {
                throw new CorruptArchiveException(file + ": not an ar archive (no \"!<arch>\" magic at offset 0)");
            }
            List<Entry> out = new ArrayList<>();
            long pos = MAGIC.length();
            while (pos < length) {
                if (length - pos == 1) {
                    break; // a final pad byte
                }
                ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE);
                readFully(ch, h, pos, file, "ar member header");
                byte[] b = h.array();
                if (b[58] != '`' || b[59] != '\n') {
                    throw new CorruptArchiveException(file + ": bad ar member header at offset " + pos
                            + " (no \"`\\n\" terminator)");
                }
                String name = ascii(b, 0, 16).trim();
                if (name.endsWith("/") && name.length() > 1) {
                    name = name.substring(0, name.length() - 1);
                }
                String sizeText = ascii(b, 48, 10).trim();
                long size;
                try {
                    size = Long.parseLong(sizeText);
                } catch (NumberFormatException e) {
                    throw new CorruptArchiveException(file + ": bad ar member size '" + sizeText + "' at offset " + (pos + 48));
                }
                long data = pos + HEADER_SIZE;
                if (size < 0 || data + size > length) {
                    throw new CorruptArchiveException(file + ": ar member '" + name + "' at offset " + pos
                            + " claims " + size + " bytes but the file ends at " + length);
                }
                out.add(new Entry(name, data, size));
                pos = data + size + (size & 1);
            }
            return out;
        }
    }

    /** Opens the data of one member (as listed by {@link #entries}); the caller closes the stream. */
    public static InputStream open(Path file, Entry entry) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(entry.dataOffset());
        return new BoundedInputStream(Channels.newInputStream(ch), entry.size());
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file, String what) throws IOException {
        long start = pos;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new CorruptArchiveException(file + ": truncated " + what + " at offset " + start);
            }
            pos += n;
        }
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.US_ASCII);
    }

    /** Reads at most {@code limit} bytes from a stream, closing it on close. */
    static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int c = in.read();
            if (c >= 0) {
                left--;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
