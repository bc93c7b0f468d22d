package org.rnn4j.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.models.data.sets.FakeMnist;

/**
 * The two MNIST-built data sets end to end through the command line, on a fake MNIST cache (no
 * download): train a few steps from a config, then eval (which rebuilds test data from the test
 * images) and predict (which explains why it cannot take text).
 */
class MnistFamiliesTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private String previous;

    @BeforeEach
    void fakeCache() throws Exception {
        FakeMnist.writeCache(dir.resolve("cache"), 200, 30);
        previous = System.getProperty("rnn4j.data");
        System.setProperty("rnn4j.data", dir.resolve("cache").toString());
    }

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty("rnn4j.data");
        } else {
            System.setProperty("rnn4j.data", previous);
        }
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Main().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void digitStringsTrainEvaluateAndRefuseTextInput() throws Exception {
        Path cfg = dir.resolve("ms.json");
        Files.writeString(cfg, """
                {"formatVersion": 1, "family": "vec2seq",
                 "data": {"dataset": "mnist-strings", "generatedExamples": 40, "validationSplit": 0.25,
                          "minDigits": 2, "maxDigits": 3},
                 "model": {"encoder": {"conv1": 2, "conv2": 3, "features": 8}, "embedding": 4, "hidden": 8,
                           "feedEveryStep": true},
                 "training": {"batchSize": 8, "epochs": 1, "seed": 1},
                 "decoding": {"maxLength": 5}}
                """);
        Path run = dir.resolve("run-ms");
        assertEquals(Main.OK, run("train", cfg.toString(), "--out", run.toString(), "--max-steps", "2"), out());
        assertTrue(out().contains("30 training and 10 validation images of 2-3 MNIST digits (28x84)"), out());
        assertTrue(Files.isRegularFile(run.resolve("model.safetensors")));
        assertEquals(Main.OK, run("eval", "--model", run.toString()), out());
        assertTrue(out().contains("examples: 10000"), out());
        assertTrue(out().contains("exact match: "), out());
        assertEquals(Main.USAGE, run("predict", "--model", run.toString(), "1 2 3"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("reads images of digit strings"), err.toString());
    }

    @Test
    void movingDigitsTrainAndEvaluateOnOneClipPerTestImage() throws Exception {
        Path cfg = dir.resolve("mm.json");
        Files.writeString(cfg, """
                {"formatVersion": 1, "family": "video",
                 "data": {"dataset": "moving-mnist", "generatedExamples": 20, "validationSplit": 0.2},
                 "model": {"conv1": 2, "conv2": 3, "conv3": 4, "coordinates": false, "hidden": 6},
                 "training": {"batchSize": 4, "epochs": 1, "seed": 1}}
                """);
        Path run = dir.resolve("run-mm");
        assertEquals(Main.OK, run("train", cfg.toString(), "--out", run.toString(), "--max-steps", "2"), out());
        assertTrue(out().contains("16 training and 4 validation clips of moving MNIST digits (64x64, 10-20 frames"),
                out());
        assertEquals(Main.OK, run("eval", "--model", run.toString()), out());
        assertTrue(out().contains("accuracy on 30 moving-MNIST clips (one per MNIST test image): "), out());
    }

    @Test
    void aMissingCacheSaysWhichCommandFetchesIt() throws Exception {
        System.setProperty("rnn4j.data", dir.resolve("empty").toString());
        Path cfg = dir.resolve("ms.json");
        Files.writeString(cfg, "{\"family\": \"vec2seq\", \"data\": {\"dataset\": \"mnist-strings\"}}");
        int rc = run("train", cfg.toString(), "--out", dir.resolve("r").toString(), "--max-steps", "1");
        assertTrue(rc != Main.OK);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("./rnn4j data get mnist"), err.toString());
    }
}
