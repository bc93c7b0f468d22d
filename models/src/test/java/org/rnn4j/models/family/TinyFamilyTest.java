package org.rnn4j.models.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.models.cli.Main;
import org.rnn4j.models.config.FormatVersion;
import org.rnn4j.models.config.Node;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.metrics.MetricsLog;
import org.rnn4j.models.train.LinearTask;
import org.rnn4j.models.train.RunFiles;
import org.rnn4j.models.train.Trainable;
import tools.jackson.databind.JsonNode;

/**
 * A family defined here, outside the module (linear regression on generated vectors), is
 * registered and trained, evaluated and used through the CLI and the one Trainer, with nothing
 * in the models module changed for it.
 */
class TinyFamilyTest {
    static final class TinyFamily implements ModelFamily {
        @Override
        public String name() {
            return "tiny-linear";
        }

        @Override
        public String description() {
            return "linear regression on generated vectors (a test family)";
        }

        @Override
        public Prepared prepare(JsonNode json, Path configFile, PrintStream log) {
            Node n = new Node(json, "$");
            FormatVersion.read(n);
            FormatVersion.requireFamily(n, name());
            TrainingConfig t = TrainingConfig.parse(n.object("training"), List.of("loss"), false);
            n.done();
            return new Tiny(json, t);
        }

        @Override
        public void evaluate(Path dir, Path data, PrintStream out) throws IOException {
            try (Tiny m = load(dir)) {
                out.printf(Locale.ROOT, "loss: %.6f%n", m.validate().get("loss"));
            }
        }

        @Override
        public void predict(Path dir, PredictOptions options, List<String> inputs, PrintStream out) throws IOException {
            try (Tiny m = load(dir)) {
                for (String in : inputs) {
                    String[] p = in.trim().split("\\s+");
                    float[] x = new float[LinearTask.IN];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = Float.parseFloat(p[i]);
                    }
                    out.printf(Locale.ROOT, "%.3f%n", m.predict(x));
                }
            }
        }

        private Tiny load(Path dir) throws IOException {
            JsonNode cfg = RunFiles.readJson(RunFiles.configOf(dir));
            Tiny m = (Tiny) prepare(cfg, dir.resolve("config.json"), System.out);
            RunFiles.loadWeights(dir, m.namedParameters(), m::close);
            return m;
        }
    }

    /** The trainer tests' linear task, as a family's prepared run: with its config and a model folder. */
    static final class Tiny extends LinearTask implements ModelFamily.Prepared {
        private final JsonNode json;
        private final TrainingConfig training;

        Tiny(JsonNode json, TrainingConfig training) {
            super(256, training.batchSize(), training.seed());
            this.json = json;
            this.training = training;
        }

        @Override
        public Trainable<?> trainable() {
            return this;
        }

        @Override
        public TrainingConfig training() {
            return training;
        }

        @Override
        public void save(Path dir, Map<String, Object> metrics) throws IOException {
            Files.createDirectories(dir);
            RunFiles.writeAtomically(dir.resolve("config.json"), RunFiles.pretty(json));
            RunFiles.writeWeights(dir.resolve("model.safetensors"), namedParameters(), "tiny-linear");
            RunFiles.writeMetrics(dir, metrics);
        }
    }

    @Test
    void aFamilyFromOutsideTrainsEvaluatesAndPredictsThroughTheCli(@TempDir Path dir) throws Exception {
        Families.register(new TinyFamily());
        Path cfg = dir.resolve("tiny.json");
        Files.writeString(cfg, "{\"family\": \"tiny-linear\", \"training\": {\"batchSize\": 16, \"epochs\": 30,"
                + " \"optimizer\": {\"lr\": 0.05}, \"earlyStopping\": {\"patience\": 0}}}");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        Path run = dir.resolve("run");
        assertEquals(Main.OK, new Main().run(List.of("train", cfg.toString(), "--out", run.toString()), out, out),
                buf.toString(StandardCharsets.UTF_8));
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("training tiny-linear from"), buf.toString());
        List<Map<String, Object>> log = MetricsLog.read(run.resolve("metrics.jsonl"));
        assertEquals(30, log.size(), "one validation per epoch");
        double first = ((Number) log.getFirst().get("val_loss")).doubleValue();
        double last = ((Number) log.getLast().get("val_loss")).doubleValue();
        assertTrue(last < 1e-3 && last < first / 100, "validation loss " + first + " -> " + last);
        assertTrue(Files.isRegularFile(run.resolve("curve.svg")));
        assertTrue(Files.isDirectory(run.resolve("checkpoints/best")));

        buf.reset();
        assertEquals(Main.OK, new Main().run(List.of("predict", "--model", run.toString(), "1 1 1 1"), out, out));
        assertEquals(3.0, Double.parseDouble(buf.toString(StandardCharsets.UTF_8).trim()), 0.05, buf.toString());
        buf.reset();
        assertEquals(Main.OK, new Main().run(List.of("eval", "--model", run.toString()), out, out));
        assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("loss: "), buf.toString());
        buf.reset();
        assertEquals(Main.OK, new Main().run(List.of("train", "--help"), out, out));
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("\"tiny-linear\" linear regression"), buf.toString());
    }
}
