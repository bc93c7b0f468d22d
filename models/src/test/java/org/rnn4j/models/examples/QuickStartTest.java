package org.rnn4j.models.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.optim.Adam;
import org.rnn4j.models.cli.Main;
import org.rnn4j.models.data.LabelledFiles;
import org.rnn4j.models.data.LabelledFiles.Example;
import org.rnn4j.models.seq2vec.TextClassifier;
import org.rnn4j.models.train.TrainListener;
import org.rnn4j.models.train.Trainer;

/**
 * The README's Java quick start, compiled and run: the code between the markers below is the
 * README's, line for line (the first test checks that), and the second runs it.
 */
class QuickStartTest {
    private static final String START = "// README quick start: begin";
    private static final String END = "// README quick start: end";

    static void quickStart(Path data, Path dir, PrintStream out) throws Exception {
        // README quick start: begin
        List<Example> train = LabelledFiles.read(data.resolve("reviews.tsv"), null).examples();
        List<Example> validation = LabelledFiles.read(data.resolve("reviews.jsonl"), null).examples();
        try (TextClassifier clf = TextClassifier.builder().embedding(16).hidden(32).cell(CellType.GRU).build(train)) {
            Trainer.Result r = clf.fit(train, validation, Trainer.builder()
                    .epochs(15)
                    .optimizer(params -> new Adam(params, 1e-2f, 0.9f, 0.999f, 1e-8f, 0f))
                    .earlyStopping("accuracy", 4)
                    .listener(new TrainListener() {
                        @Override
                        public void afterValidation(Trainer.State s) {
                            out.printf("epoch %d: validation accuracy %.3f%n", s.epoch(), s.metrics().get("accuracy"));
                        }
                    }));
            out.printf("best validation accuracy %.3f after %d steps%n", r.bestMetric(), r.steps());
            clf.save(dir);   // the same model folder `rnn4j train` writes
        }
        try (TextClassifier clf = TextClassifier.load(dir)) {
            out.println(clf.predict(List.of("a terrible film with awful acting")).getFirst().label());
        }
        // README quick start: end
    }

    private static List<String> block(List<String> lines, String start, String end) {
        int a = -1;
        int b = -1;
        for (int i = 0; i < lines.size() && b < 0; i++) {
            if (a < 0 && lines.get(i).strip().equals(start)) {
                a = i;
            } else if (a >= 0 && lines.get(i).strip().equals(end)) {
                b = i;
            }
        }
        assertTrue(a >= 0 && b > a, "markers " + start + " / " + end);
        List<String> body = lines.subList(a + 1, b);
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return body.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    @Test
    void theReadmeShowsThisCode() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("../README.md"));
        List<String> mine = Files.readAllLines(Path.of("src/test/java/org/rnn4j/models/examples/QuickStartTest.java"));
        List<String> shown = block(readme, "Path dir = Path.of(\"runs/my-classifier\");", "```");
        List<String> tested = block(mine, START, END);
        assertEquals(String.join("\n", tested), String.join("\n", shown).replace("System.out", "out"));
    }

    @Test
    void theQuickStartTrainsSavesLoadsAndPredicts(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        Path model = dir.resolve("my-classifier");
        quickStart(Path.of("examples/data"), model, out);
        String log = buf.toString(StandardCharsets.UTF_8);
        assertTrue(log.endsWith("\nnegative\n"), log);
        assertTrue(log.contains("epoch 1: validation accuracy"), log);
        double best = Double.parseDouble(log.replaceAll("(?s).*best validation accuracy ([0-9.]+).*", "$1"));
        assertTrue(best >= 0.9, log);
        // The folder is one the command line reads.
        buf.reset();
        assertEquals(Main.OK, new Main().run(List.of("predict", "--model", model.toString(),
                "a brilliant and enjoyable movie"), out, out), buf.toString(StandardCharsets.UTF_8));
        assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("positive\t"), buf.toString(StandardCharsets.UTF_8));
    }
}
