package org.rnn4j.models.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.core.io.Safetensors;
import org.rnn4j.core.io.SafetensorsFile;
import org.rnn4j.models.train.Progress;

/**
 * The families whose training is a {@link RunTraining} (video, vec2seq, seq2vec) shard over CPU
 * devices through their generic replicas, and the language model through replicas that carry
 * their streams' states: a few steps on 2 devices end where 1 device ends.
 */
class ShardedFamiliesTest {
    /** Relative to the largest |weight|; measured differences are about 1e-6 (rounding of the shard sums). */
    static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"moving-squares-video.json", "number-words-vec2seq.json", "parity-classifier.json",
        "char-lm.json"})
    void twoDevicesTrainWhatOneDeviceTrains(String example, @TempDir Path dir) throws Exception {
        String json = Files.readString(Path.of("examples", example), StandardCharsets.UTF_8)
                .replace("\"generatedExamples\": 4000", "\"generatedExamples\": 300")
                .replace("\"data/", "\"" + Path.of("examples", "data").toAbsolutePath() + "/");
        Path cfg = dir.resolve("config.json");
        Files.writeString(cfg, json);
        Map<String, float[]> one = train(cfg, dir.resolve("one"), "cpu:1");
        Map<String, float[]> two = train(cfg, dir.resolve("two"), "cpu:2x1");
        assertEquals(one.keySet(), two.keySet());
        double diff = 0;
        double scale = 0;
        for (String k : one.keySet()) {
            float[] a = one.get(k);
            float[] b = two.get(k);
            for (int i = 0; i < a.length; i++) {
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
                scale = Math.max(scale, Math.abs(a[i]));
            }
        }
        System.out.printf(Locale.ROOT, "%s: 2 devices differ from 1 by %.2e (relative) after 6 steps%n", example,
                diff / scale);
        assertTrue(diff / scale < TOLERANCE, example + ": " + diff / scale);
    }

    @org.junit.jupiter.api.Test
    void aLanguageModelRefusesMicroBatchesItsStreamsCannotTake(@TempDir Path dir) throws Exception {
        String json = Files.readString(Path.of("examples", "char-lm.json"), StandardCharsets.UTF_8)
                .replace("\"data/", "\"" + Path.of("examples", "data").toAbsolutePath() + "/")
                .replace("\"seed\": 1,", "\"seed\": 1, \"microBatches\": 2,");
        Path cfg = dir.resolve("config.json");
        Files.writeString(cfg, json);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> train(cfg, dir.resolve("run"), "cpu:2x1"));
        assertEquals("microBatches 2: this model carries its state across steps example by example, so a shard cannot"
                + " be split into micro-batches; use microBatches 1", e.getMessage());
    }

    private static Map<String, float[]> train(Path cfg, Path out, String devices) throws Exception {
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ConfigRun.train(cfg, out, new ConfigRun.Overrides(null, 6, null, false, false, devices), log,
                new Progress(log, false, 60), List.of());
        Map<String, float[]> w = new LinkedHashMap<>();
        try (SafetensorsFile f = Safetensors.open(out.resolve("model.safetensors"))) {
            for (String n : f.names()) {
                w.put(n, f.toFloatArray(n));
            }
        }
        return w;
    }
}
