package org.rnn4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout of the models module, read from its sources: no package cycles, and the training
 * machinery (backward, the optimizer step, early stopping, the metrics log) in the one Trainer's
 * run ({@code TrainingRun}).
 */
class ArchitectureTest {
    private static final Path SRC = Path.of("src/main/java/org/rnn4j/models");
    private static final Pattern REF = Pattern.compile("org\\.rnn4j\\.models\\.([a-z]\\w*)");

    /** Source file (relative to the package root) → its text without comments. */
    private static Map<String, String> sources() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SRC)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(p).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
                out.put(SRC.relativize(p).toString().replace('\\', '/'), text);
            }
        }
        return out;
    }

    /** Package → the packages of this module it refers to. */
    static Map<String, Set<String>> packageGraph(Map<String, String> sources) {
        Map<String, Set<String>> g = new TreeMap<>();
        sources.forEach((file, text) -> {
            if (!file.contains("/")) {
                return;   // module-info
            }
            String pkg = file.substring(0, file.indexOf('/'));
            Set<String> deps = g.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher m = REF.matcher(text);
            while (m.find()) {
                if (!m.group(1).equals(pkg)) {
                    deps.add(m.group(1));
                }
            }
        });
        return g;
    }

    /** The strongly connected components with more than one package (Tarjan). */
    static List<List<String>> cycles(Map<String, Set<String>> g) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : g.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, g, index, low, stack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> g, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        for (String w : g.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, g, index, low, stack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> comp = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                comp.add(w);
            } while (!w.equals(v));
            if (comp.size() > 1) {
                out.add(comp);
            }
        }
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> g = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"),
                "d", Set.of("a")));
        List<List<String>> c = cycles(g);
        assertEquals(1, c.size(), c.toString());
        assertEquals(Set.of("a", "b", "c"), new TreeSet<>(c.getFirst()));
    }

    @Test
    void noPackageCycles() throws IOException {
        Map<String, Set<String>> g = packageGraph(sources());
        assertTrue(g.containsKey("train") && g.get("seq2seq").contains("train"), "the scan sees the packages: " + g);
        assertEquals(List.of(), cycles(g), "package graph: " + g);
        assertFalse(g.containsKey("classify"), "the classifier lives in seq2vec");
    }

    @Test
    void theTrainingMachineryLivesInTheTrainerAlone() throws IOException {
        Map<String, String> src = sources();
        Map<String, List<String>> found = new TreeMap<>();
        for (String needle : List.of(".backward(", ".step()", "new EarlyStopping(", "new MetricsLog(")) {
            List<String> files = src.entrySet().stream().filter(e -> e.getValue().contains(needle)).map(Map.Entry::getKey)
                    .toList();
            found.put(needle, files);
        }
        for (Map.Entry<String, List<String>> e : found.entrySet()) {
            // Backward runs in the trainer's step, or, on several devices, in the data-parallel half of
            // that step (DataParallel, which TrainingRun.gradients calls); nothing else trains.
            List<String> allowed = e.getKey().equals(".backward(")
                    ? List.of("train/DataParallel.java", "train/TrainingRun.java") : List.of("train/TrainingRun.java");
            assertEquals(allowed, e.getValue(), found.toString());
        }
        List<String> checkpointers = src.entrySet().stream().filter(e -> e.getValue().contains("Checkpoints."))
                .map(Map.Entry::getKey).toList();
        assertEquals(List.of("train/EarlyStopping.java"), checkpointers, "checkpoints are the Trainer's (through EarlyStopping)");
        for (String file : List.of("train/Trainer.java", "train/TrainingRun.java")) {
            String trainer = src.get(file);
            for (String family : List.of("seq2seq", "seq2vec", "lm", "vec2seq", "video", "family", "cli")) {
                assertFalse(trainer.contains("org.rnn4j.models." + family + "."), file + " refers to " + family);
            }
        }
    }
}
