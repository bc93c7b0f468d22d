package org.rnn4j.models.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Every text a user gives rnn4j, read one way: UTF-8, a byte-order mark at the start skipped (it
 * is not part of the first label or token), and bytes that are not UTF-8 an error naming the file,
 * the line, the byte offset and the byte — never silently replaced. A path that is missing or is a
 * directory is named as such, with what the file was for.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** The UTF-8 byte-order mark. */
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Fails unless {@code file} is a readable regular file; {@code what} says what it is for ("data file"). */
    public static void requireFile(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory; expected a " + what);
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, what + " not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": is not a regular file; expected a " + what);
        }
    }

    /** The text of {@code file} ({@code what}: what it is for, for messages). */
    public static String read(Path file, String what) throws IOException {
        requireFile(file, what);
        return decode(Files.readAllBytes(file), file.toString());
    }

    /**
     * {@code bytes} as text, a leading byte-order mark dropped; {@code source} names them in the
     * error if they are not UTF-8 ({@code source:LINE: not UTF-8: byte 0xE9 at byte offset N ...}).
     */
    public static String decode(byte[] bytes, String source) throws IOException {
        return decode(bytes, source, 1, 0);
    }

    /**
     * As {@link #decode(byte[], String)}, for bytes that start at line {@code firstLine} and byte
     * offset {@code firstOffset} of their source (one line of a stream read line by line).
     */
    public static String decode(byte[] bytes, String source, int firstLine, long firstOffset) throws IOException {
        boolean bom = firstOffset == 0 && bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1]
                && bytes[2] == BOM[2];   // a byte-order mark counts only at the very start of the source
        int start = bom ? 3 : 0;
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, (long) bytes.length + 1));
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            int line = firstLine;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            int column = at - lineStart + 1;
            throw new IOException(String.format(Locale.ROOT, "%s:%d: not UTF-8: byte 0x%02X at byte offset %d (column"
                    + " %d of the line); save the text as UTF-8", source, line, bytes[at] & 0xFF, firstOffset + at, column));
        }
        out.flip();
        return out.toString();
    }
}
