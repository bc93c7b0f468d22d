package org.rnn4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A result table printed as aligned columns, and its rows as one JSON array. */
final class Table {
    private final String title;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> json = new ArrayList<>();

    Table(String title, List<String> header) {
        this.title = title;
        this.header = header;
    }

    void add(List<?> cells, String jsonRow) {
        rows.add(cells.stream().map(String::valueOf).toList());
        json.add(jsonRow);
    }

    /** A JSON row with no line in the printed table (a summary row). */
    void addJsonOnly(String jsonRow) {
        json.add(jsonRow);
    }

    void print(PrintStream out) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        out.println();
        out.println("== " + title + " ==");
        out.println(line(header, w));
        for (List<String> r : rows) {
            out.println(line(r, w));
        }
    }

    private static String line(List<String> cells, int[] w) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            boolean left = i == 0;
            String pad = " ".repeat(w[i] - c.length());
            sb.append(left ? c + pad : pad + c).append(i + 1 < cells.size() ? "  " : "");
        }
        return sb.toString();
    }

    void writeJson(Optional<Path> file) throws IOException {
        if (file.isEmpty()) {
            return;
        }
        Path p = file.get();
        try {
            Files.writeString(p, "[\n" + String.join(",\n", json) + "\n]\n");
        } catch (IOException e) {
            throw new IOException("cannot write " + p + ": " + e.getMessage(), e);
        }
        System.out.println("wrote " + p);
    }
}
