package org.rnn4j.models.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The line loop every line-oriented reader shares: a UTF-8 file read line by line, blank lines
 * skipped, each line handed over with its number and its {@code file:line: } prefix for
 * messages. A missing file, or one that is not UTF-8, is an error naming it.
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
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "data file not found");
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (!line.isBlank()) {
                    handler.line(line, lineNo, file + ":" + lineNo + ": ");
                }
            }
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text", e);
        }
    }
}
