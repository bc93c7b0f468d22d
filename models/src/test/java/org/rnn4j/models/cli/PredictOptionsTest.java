package org.rnn4j.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding options a model does not use are errors, not silently ignored. */
class PredictOptionsTest {
    @TempDir
    static Path dir;
    static Path classifier;
    static Path translator;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Main().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @BeforeAll
    static void trainTwoTinyModels() throws Exception {
        Path cls = dir.resolve("cls.json");
        Files.writeString(cls, "{\"formatVersion\": 1, \"family\": \"seq2vec\", \"data\": {\"dataset\": \"parity\","
                + " \"generatedExamples\": 200}, \"model\": {\"hidden\": 8, \"embedding\": 4},"
                + " \"training\": {\"epochs\": 1, \"maxSteps\": 2}}");
        Path s2s = dir.resolve("s2s.json");
        Files.writeString(s2s, "{\"formatVersion\": 1, \"family\": \"seq2seq\", \"data\": {\"dataset\": \"dates\","
                + " \"generatedExamples\": 200}, \"model\": {\"embedding\": 4, \"encoder\": {\"hidden\": 8},"
                + " \"decoder\": {\"hidden\": 8}}, \"training\": {\"epochs\": 1, \"maxSteps\": 2}, \"decoding\":"
                + " {\"maxLength\": 4}}");
        classifier = dir.resolve("classifier");
        translator = dir.resolve("translator");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(Main.OK, new Main().run(List.of("train", cls.toString(), "--out", classifier.toString()), quiet, quiet));
        assertEquals(Main.OK, new Main().run(List.of("train", s2s.toString(), "--out", translator.toString()), quiet,
                quiet));
    }

    @Test
    void aClassifierRefusesDecodingOptions() {
        assertEquals(Main.USAGE, run("predict", "--model", classifier.toString(), "--beam", "3", "1 0 1"));
        assertTrue(err().startsWith("rnn4j predict: --beam does not apply here: a sequence → vector model predicts a"
                + " class (or values) per input; it decodes no sequence"), err());
        assertEquals(Main.OK, run("predict", "--model", classifier.toString(), "1 0 1"));
    }

    @Test
    void samplingOptionsNeedSample() {
        assertEquals(Main.USAGE, run("predict", "--model", translator.toString(), "--temperature", "0.5", "3 May 2001"));
        assertTrue(err().startsWith("rnn4j predict: --temperature does not apply here: it sets how --sample draws"
                + " tokens, and greedy and beam decoding draw none (add --sample)"), err());
        err.reset();
        assertEquals(Main.OK, run("predict", "--model", translator.toString(), "--sample", "--temperature", "0.5",
                "--top-k", "0", "3 May 2001"));
        assertEquals("", err(), "--top-k 0 (all tokens, the default) is accepted");
    }

    @Test
    void standardInputIsAnsweredAsItComesAndMustBeUtf8() throws Exception {
        java.io.InputStream stdin = System.in;
        try {
            java.io.PipedOutputStream feed = new java.io.PipedOutputStream();
            System.setIn(new java.io.PipedInputStream(feed));
            Thread t = new Thread(() -> run("predict", "--model", classifier.toString()));
            t.start();
            feed.write("1 0 1\n".getBytes(StandardCharsets.UTF_8));
            feed.flush();
            long until = System.nanoTime() + 20_000_000_000L;
            while (out.toString(StandardCharsets.UTF_8).isEmpty() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(!out.toString(StandardCharsets.UTF_8).isEmpty(), "the first line is answered before the input ends");
            assertTrue(t.isAlive(), "and predict still waits for more");
            feed.close();
            t.join(20_000);
            assertTrue(!t.isAlive());
            System.setIn(new java.io.ByteArrayInputStream("1 0\nbad \u00e9\n".getBytes(StandardCharsets.ISO_8859_1)));
            assertEquals(Main.USAGE, run("predict", "--model", classifier.toString()));
            assertTrue(err().startsWith("rnn4j predict: standard input:2: not UTF-8: byte 0xE9 at byte offset 8 (column 5 of"
                    + " the line); save the text as UTF-8"), err());
        } finally {
            System.setIn(stdin);
        }
    }
}
