package org.rnn4j.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Main().run(List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(Main.OK, run("--help"));
        assertTrue(out().contains("devices"), out());
        assertTrue(out().contains("bench"), out());
        assertTrue(out().contains("test"), out());
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertEquals(Main.USAGE, run());
        assertTrue(out().startsWith("Usage: rnn4j"), out());
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithAHint() {
        assertEquals(Main.USAGE, run("frobnicate"));
        assertEquals("rnn4j: unknown command 'frobnicate'\nhint: run 'rnn4j --help' for the list of commands\n",
                err().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void devicesPrintsTheCpuAndTheCudaState() {
        assertEquals(Main.OK, run("devices"));
        String[] lines = out().split("\\R");
        assertEquals(2, lines.length, out());
        assertTrue(lines[0].startsWith("cpu: CPU: " + Runtime.getRuntime().availableProcessors() + " cores"), lines[0]);
        // The models tests run without the bindings jar, so no CUDA provider is found.
        assertEquals("cuda: not available: no CUDA provider on the module path (the rnn4j-bindings jar)", lines[1]);
    }

    @Test
    void devicesRejectsArguments() {
        assertEquals(Main.USAGE, run("devices", "--bogus"));
        assertTrue(err().startsWith("rnn4j devices: devices takes no arguments"), err());
    }

    @Test
    void commandHelpIsPrinted() {
        assertEquals(Main.OK, run("devices", "--help"));
        assertTrue(out().startsWith("Usage: rnn4j devices"), out());
    }

    @Test
    void errorsAreOneLinePlusAHintWithoutAStackTrace(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        assertEquals(Main.FAILURE, run("train", dir.resolve("missing.json").toString()));
        assertTrue(err().startsWith("rnn4j train: " + dir.resolve("missing.json") + ": config file not found"), err());
        assertTrue(!err().contains("\tat "), "no stack trace: " + err());

        java.nio.file.Path bad = dir.resolve("bad.json");
        java.nio.file.Files.writeString(bad, "{\"family\": \"seq2seq\", \"data\": {\"dataset\": \"dates\"}, \"model\": {\"encoder\": {\"hidden\": 0}}}");
        err.reset();
        assertEquals(Main.FAILURE, run("train", bad.toString()));
        assertTrue(err().startsWith("rnn4j train: $.model.encoder.hidden: must be in [1, 65536], got 0"), err());

        err.reset();
        assertEquals(Main.FAILURE, run("predict", "--model", dir.toString(), "x"));
        assertTrue(err().contains("is not a model folder: config.json is missing"), err());

        err.reset();
        assertEquals(Main.USAGE, run("train", bad.toString(), "--devices", "tpu:3"));
        assertTrue(err().startsWith("rnn4j train: --devices: unknown device 'tpu:3' (allowed: auto, cpu, cpu:N, cpu:DxT,"
                + " cpu:T1+T2, cuda, cuda:K; present: cpu ("), err());

        err.reset();
        assertEquals(Main.USAGE, run("predict", "--model", dir.toString(), "--nbest", "2", "x"));
        assertTrue(err().startsWith("rnn4j predict: --nbest 2 needs --beam K with K >= 2"), err());
    }

    @Test
    void aCorruptWeightsFileIsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path model = dir.resolve("m");
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        java.io.PrintStream quiet = new java.io.PrintStream(sink, true, StandardCharsets.UTF_8);
        try (var demo = new org.rnn4j.models.seq2seq.DateDemo(
                org.rnn4j.models.seq2seq.DateDemo.Settings.defaults().withSteps(1, 10).withHeldOut(5))) {
            org.rnn4j.models.seq2seq.ModelFolder.save(model, demo,
                    demo.run(quiet, new org.rnn4j.models.train.Progress(quiet, false, 60)));
        }
        java.nio.file.Path weights = model.resolve("model.safetensors");
        byte[] bytes = java.nio.file.Files.readAllBytes(weights);
        java.nio.file.Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));   // truncated
        assertEquals(Main.FAILURE, run("predict", "--model", model.toString(), "3 March 1999"));
        assertTrue(err().startsWith("rnn4j predict: " + weights), err());
        assertTrue(err().split("\\R").length == 2, "one line plus the hint: " + err());
    }

    @Test
    void neitherTrainNorTheDemoWritesOverAModelTheyWereNotAskedTo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path model = dir.resolve("model");
        java.nio.file.Files.createDirectories(model);
        java.nio.file.Path old = java.nio.file.Path.of("src/test/resources/folders-v0.1/parity-classifier");
        try (var files = java.nio.file.Files.list(old)) {
            for (java.nio.file.Path f : files.toList()) {
                java.nio.file.Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        byte[] weights = java.nio.file.Files.readAllBytes(model.resolve("model.safetensors"));
        assertEquals(Main.FAILURE, run("demo", "--out", model.toString(), "--steps", "1"));
        assertTrue(err().contains(model + " holds something other than a demo model; the demo will not write over it"),
                err());
        assertEquals(Main.FAILURE, run("train", "examples/parity-classifier.json", "--out", model.toString(),
                "--max-steps", "1"));
        assertTrue(err().contains(model + " already holds a model folder (family seq2vec); a new run will not write over"
                + " it"), err());
        assertTrue(!out().contains("data: "), "refused before any data is read: " + out());
        assertEquals(Main.USAGE, run("train", "examples/parity-classifier.json", "--out", model.toString(), "--resume",
                "--overwrite"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(weights,
                java.nio.file.Files.readAllBytes(model.resolve("model.safetensors")));
    }
}
