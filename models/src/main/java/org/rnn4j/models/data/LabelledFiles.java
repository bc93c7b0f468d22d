package org.rnn4j.models.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads labelled texts for classification: TSV ({@code label<TAB>text}) or JSON lines
 * ({@code {"text": "...", "label": "..."}}, the label a string or a number). Bad lines are
 * reported by file and line number; a file with none good is an error.
 */
public final class LabelledFiles {
    /** One labelled text. */
    public record Example(String label, String text) {
    }

    /** What was read, and the problems (file:line: what). */
    public record Read(List<Example> examples, List<String> problems) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LabelledFiles() {
    }

    /** {@code jsonLines}: null to decide by the extension (.jsonl / .json → JSON lines, else TSV). */
    public static Read read(Path file, Boolean jsonLines) throws IOException {
        String name = file.getFileName().toString();
        boolean jl = jsonLines != null ? jsonLines : name.endsWith(".jsonl") || name.endsWith(".json");
        List<Example> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        TextLines.read(file, (line, lineNo, where) -> {
            if (jl) {
                try {
                    JsonNode n = JSON.readTree(line);
                    JsonNode text = n.get("text");
                    JsonNode label = n.get("label");
                    if (text == null || !text.isString() || text.stringValue().isBlank()) {
                        problems.add(where + "missing or empty \"text\" (a string)");
                    } else if (label == null || !(label.isString() || label.isNumber())) {
                        problems.add(where + "missing \"label\" (a string or a number)");
                    } else {
                        out.add(new Example(label.isString() ? label.stringValue() : label.asString(), text.stringValue()));
                    }
                } catch (JacksonException e) {
                    problems.add(where + "not a JSON object: " + e.getOriginalMessage());
                }
            } else {
                int tab = line.indexOf('\t');
                if (tab <= 0 || tab == line.length() - 1) {
                    problems.add(where + "expected label<TAB>text");
                } else {
                    out.add(new Example(line.substring(0, tab).strip(), line.substring(tab + 1)));
                }
            }
        });
        if (out.isEmpty()) {
            throw new IOException(file + ": no usable line (expected " + (jl ? "{\"text\": ..., \"label\": ...}"
                    : "label<TAB>text") + " per line)" + (problems.isEmpty() ? "" : "; first problem: " + problems.getFirst()));
        }
        return new Read(out, problems);
    }

    /** The built-in parity task: strings of 0/1 of length 2..12, label "even" or "odd" (number of 1s). */
    public static List<Example> parity(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = 2 + r.nextInt(11);
            StringBuilder sb = new StringBuilder();
            int ones = 0;
            for (int j = 0; j < len; j++) {
                boolean one = r.nextBoolean();
                ones += one ? 1 : 0;
                sb.append(j > 0 ? " " : "").append(one ? '1' : '0');
            }
            out.add(new Example(ones % 2 == 0 ? "even" : "odd", sb.toString()));
        }
        return out;
    }
}
