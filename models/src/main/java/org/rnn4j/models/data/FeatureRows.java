package org.rnn4j.models.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Feature rows: one example a line, {@code f1 f2 ... fN<TAB>target} (the features separated by
 * spaces or commas) — the vector → sequence family's training file.
 */
public final class FeatureRows {
    private FeatureRows() {
    }

    /** One example: a feature vector and its target text. */
    public record Row(float[] features, String target) {
    }

    /** Reads {@code f1 f2 ... fN<TAB>target} lines (spaces or commas between features). */
    public static List<Row> read(Path file, PrintStream log) throws IOException {
        List<Row> out = new ArrayList<>();
        int[] width = {-1};
        int[] bad = {0};
        TextLines.read(file, (line, lineNo, where) -> {
            String problem = null;
            int tab = line.indexOf('\t');
            float[] f = null;
            if (tab <= 0 || tab == line.length() - 1) {
                problem = "expected features<TAB>target";
            } else {
                try {
                    f = parse(line.substring(0, tab));
                    if (width[0] >= 0 && f.length != width[0]) {
                        problem = "has " + f.length + " features, the file's first line has " + width[0];
                    }
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                if (bad[0]++ < 5) {
                    log.println("skipped: " + where + problem);
                }
                return;
            }
            width[0] = f.length;
            out.add(new Row(f, line.substring(tab + 1)));
        });
        if (out.isEmpty()) {
            throw new IOException(file + ": no usable line (expected f1 f2 ... fN<TAB>target per line)");
        }
        return out;
    }

    /** Parses "f1 f2 ..." or "f1,f2,..." into finite floats; the error names the bad token (NaN and infinities are bad). */
    public static float[] parse(String line) {
        String[] parts = line.trim().split("[\\s,]+");
        float[] f = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                f[i] = Float.parseFloat(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("feature " + (i + 1) + " ('"
                        + org.rnn4j.models.text.Snippet.of(parts[i]) + "') is not a number");
            }
            if (!Float.isFinite(f[i])) {
                throw new IllegalArgumentException("feature " + (i + 1) + " ('" + parts[i] + "') is not a finite number");
            }
        }
        return f;
    }
}
