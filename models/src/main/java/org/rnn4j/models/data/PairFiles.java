package org.rnn4j.models.data;

import org.rnn4j.models.data.gen.DateData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads sequence→sequence pairs from a TSV file: one {@code source<TAB>target} per line (UTF-8).
 * Empty lines are skipped; a line without exactly one tab, or with an empty side, is reported by
 * file and line number; a file with no good line is an error.
 */
public final class PairFiles {
    /** The pairs read and the problems found (file:line: what). */
    public record Read(List<DateData.Pair> pairs, List<String> problems) {
    }

    private PairFiles() {
    }

    public static Read read(Path file) throws IOException {
        List<DateData.Pair> pairs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        TextLines.read(file, (line, lineNo, where) -> {
            String[] parts = line.split("\t", -1);
            if (parts.length != 2) {
                problems.add(where + "expected source<TAB>target, found " + (parts.length - 1) + " tab(s)");
            } else if (parts[0].isBlank() || parts[1].isBlank()) {
                problems.add(where + "empty " + (parts[0].isBlank() ? "source" : "target"));
            } else {
                pairs.add(new DateData.Pair(parts[0], parts[1]));
            }
        });
        if (pairs.isEmpty()) {
            throw new IOException(file + ": no usable line (expected source<TAB>target per line)"
                    + (problems.isEmpty() ? "" : "; first problem: " + problems.getFirst()));
        }
        return new Read(pairs, problems);
    }
}
