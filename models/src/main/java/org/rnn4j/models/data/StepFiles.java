package org.rnn4j.models.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sequences of numeric feature vectors with a target, one per line:
 * {@code target<TAB>v v v;v v v;...} — a step's values separated by spaces or commas, steps by
 * {@code ;}, every step of every line as wide as the first. The target is a class label, or for
 * regression one or more numbers separated by spaces. A bad line is skipped and named
 * ({@code file:line: why}); a file with no good line is an error.
 */
public final class StepFiles {
    private StepFiles() {
    }

    /** One sequence: its target (a label, or numbers for regression) and its steps. */
    public record Example(String target, float[] values, float[][] steps) {
    }

    /** The examples and the problems of the skipped lines. */
    public record Read(List<Example> examples, List<String> problems, int width) {
    }

    /** Reads {@code file}; {@code numeric} parses the targets as numbers (regression). */
    public static Read read(Path file, boolean numeric) throws IOException {
        List<Example> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int[] width = {-1};
        int[] targets = {-1};
        TextLines.read(file, (line, lineNo, where) -> {
            int tab = line.indexOf('\t');
            if (tab <= 0 || tab == line.length() - 1) {
                problems.add(where + "expected target<TAB>steps");
                return;
            }
            String target = line.substring(0, tab).strip();
            float[] values = null;
            try {
                if (numeric) {
                    values = numbers(target.split("[\\s,]+"), "target");
                    if (targets[0] >= 0 && values.length != targets[0]) {
                        throw new IllegalArgumentException("has " + values.length + " target values, the first line "
                                + targets[0]);
                    }
                }
                float[][] steps = parseSteps(line.substring(tab + 1));
                int w = width[0] >= 0 ? width[0] : steps[0].length;   // fixed by the file's first accepted line
                for (int t = 0; t < steps.length; t++) {
                    if (steps[t].length != w) {
                        throw new IllegalArgumentException("step " + (t + 1) + " has " + steps[t].length + " values, "
                                + (width[0] >= 0 ? "the first step of the file " : "the line's first step ") + w);
                    }
                }
                width[0] = w;
                if (numeric) {
                    targets[0] = values.length;
                }
                out.add(new Example(target, values, steps));
            } catch (IllegalArgumentException e) {
                problems.add(where + e.getMessage());
            }
        });
        if (out.isEmpty()) {
            throw new IOException(file + ": no usable line (expected target<TAB>v v v;v v v;... per line)"
                    + (problems.isEmpty() ? "" : "; first problem: " + problems.getFirst()));
        }
        return new Read(out, problems, width[0]);
    }

    /**
     * The steps part of a line, {@code v v v;v v v;...} (values by spaces or commas, steps by
     * {@code ;}, blank steps ignored): what a steps file holds after the tab and what
     * {@code rnn4j predict} takes. A value that is not a finite number, or no step at all, is an
     * error naming the step.
     */
    public static float[][] parseSteps(String text) {
        List<float[]> steps = new ArrayList<>();
        for (String st : text.split(";")) {
            if (!st.isBlank()) {
                steps.add(numbers(st.strip().split("[\\s,]+"), "step " + (steps.size() + 1)));
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("no steps after the tab");
        }
        return steps.toArray(float[][]::new);
    }

    private static float[] numbers(String[] parts, String what) {
        float[] f = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                f[i] = Float.parseFloat(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + ": '" + parts[i] + "' is not a number");
            }
            if (!Float.isFinite(f[i])) {
                throw new IllegalArgumentException(what + ": '" + parts[i] + "' is not a finite number");
            }
        }
        return f;
    }
}
