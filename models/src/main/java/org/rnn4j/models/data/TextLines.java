package org.rnn4j.models.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The line loop every line-oriented reader shares: a UTF-8 file read line by line, blank lines
 * skipped, each line handed over with its number and its {@code file:line: } prefix for
 * messages. The text is read by {@link Utf8}: a byte-order mark is skipped, and a file that is
 * missing, a directory or not UTF-8 is an error naming it (with the line and byte offset).
 */
public final class TextLines {
    private TextLines() {
    }

    /** What a reader does with one non-blank line. */
    @FunctionalInterface
    public interface Handler {
        void line(String line, int number, String where) throws IOException;
    }

    public static void read(Path file, Handler handler) throws IOException {
        String text = Utf8.read(file, "data file");
        int lineNo = 0;
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(from, end > from && text.charAt(end - 1) == '\r' ? end - 1 : end);
            lineNo++;
            if (!line.isBlank()) {
                handler.line(line, lineNo, file + ":" + lineNo + ": ");
            }
            from = end + 1;
        }
    }
}
