package org.rnn4j.models.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.models.data.gen.DateData;
import org.rnn4j.models.train.Progress;

/** The demo's pieces at small scale: it learns, saves, loads back, and bad folders are named. */
class DateDemoTest {

    @Tag("slow")
    @Test
    void aShortRunLearnsTheTaskAndTheSavedModelPredictsTheSame(@TempDir Path dir) throws IOException {
        DateDemo.Settings s = DateDemo.Settings.defaults().withSteps(300, 60).withHeldOut(200);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        try (DateDemo demo = new DateDemo(s)) {
            DateDemo.Result r = demo.run(out, new Progress(out, false, 5.0));
            assertTrue(r.exactMatch() >= 90.0, "held-out exact match after " + r.steps() + " steps: " + r.exactMatch());
            ModelFolder.save(dir, demo, r);
            List<String> inputs = DateData.generate(50, 99).stream().map(DateData.Pair::source).toList();
            List<String> before = demo.predict(inputs);
            try (ModelFolder.Loaded loaded = ModelFolder.load(dir)) {
                assertEquals(before, loaded.predict(inputs));
            }
        }
        for (String f : List.of("config.json", "source_vocab.json", "target_vocab.json", "model.safetensors",
                "metrics.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
    }

    @Test
    void oneLoadedModelServesConcurrentCallsFromManyThreads(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        try (DateDemo demo = new DateDemo(DateDemo.Settings.defaults().withSteps(20, 30).withHeldOut(10))) {
            ModelFolder.save(dir, demo, demo.run(out, new Progress(out, false, 5.0)));
        }
        try (ModelFolder.Loaded model = ModelFolder.load(dir)) {
            List<List<String>> inputs = new java.util.ArrayList<>();
            List<List<String>> expected = new java.util.ArrayList<>();
            for (int t = 0; t < 6; t++) {
                List<String> in = DateData.generate(40, 1000 + t).stream().map(DateData.Pair::source).toList();
                inputs.add(in);
                expected.add(model.predict(in));
            }
            // More inputs than one decoding chunk: the chunks stitch together exactly.
            List<String> many = DateData.generate(ModelFolder.Loaded.CHUNK + 44, 77).stream().map(DateData.Pair::source)
                    .toList();
            List<String> whole = model.predict(many);
            List<String> split = new java.util.ArrayList<>(model.predict(many.subList(0, 100)));
            split.addAll(model.predict(many.subList(100, many.size())));
            assertEquals(split, whole);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                for (int round = 0; round < 3; round++) {
                    List<java.util.concurrent.Future<List<String>>> fs = new java.util.ArrayList<>();
                    for (List<String> in : inputs) {
                        fs.add(pool.submit(() -> model.predict(in)));
                    }
                    for (int t = 0; t < fs.size(); t++) {
                        assertEquals(expected.get(t), fs.get(t).get(), "thread " + t + ", round " + round);
                    }
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void aFolderThatIsNotAModelIsNamed(@TempDir Path dir) throws IOException {
        var e = assertThrows(IOException.class, () -> ModelFolder.load(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
        e = assertThrows(IOException.class, () -> ModelFolder.load(dir));
        assertTrue(e.getMessage().contains("config.json is missing"), e.getMessage());
        Files.writeString(dir.resolve("config.json"), "{\"formatVersion\": 7}");
        e = assertThrows(IOException.class, () -> ModelFolder.load(dir));
        assertTrue(e.getMessage().contains("$.formatVersion: format version 7 is not one this rnn4j reads (it reads"
                + " version 1; the file was written by a newer rnn4j)"), e.getMessage());
        Files.writeString(dir.resolve("config.json"), "{\"formatVersion\": 1, ");
        e = assertThrows(IOException.class, () -> ModelFolder.load(dir));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void theGeneratorIsSeededAndCoversEveryFormat() {
        assertEquals(DateData.generate(20, 5), DateData.generate(20, 5));
        for (int f = 0; f < 12; f++) {
            String s = DateData.format(java.time.LocalDate.of(2019, 4, 22), f);
            assertTrue(s.contains("22") && (s.contains("2019")), s);
        }
        assertEquals("April 22, 2019", DateData.format(java.time.LocalDate.of(2019, 4, 22), 0));
        assertEquals("22.04.2019", DateData.format(java.time.LocalDate.of(2019, 4, 22), 1));
        assertEquals("Monday 22 April 2019", DateData.format(java.time.LocalDate.of(2019, 4, 22), 2));
    }
}
