package org.rnn4j.models.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rnn4j.models.config.ConfigException;
import org.rnn4j.models.config.FormatVersion;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.lm.LanguageModelConfig;
import org.rnn4j.models.seq2vec.Seq2VecConfig;
import org.rnn4j.models.vec2seq.Vec2SeqConfig;
import org.rnn4j.models.video.VideoConfig;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Every kind of bad config fails with its JSON path and the allowed values; good ones round-trip. */
class Seq2SeqConfigTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static String error(String json) {
        return assertThrows(ConfigException.class, () -> Seq2SeqConfig.parse(JSON.readTree(json))).getMessage();
    }

    static final String MIN = "{\"family\": \"seq2seq\", \"data\": {\"dataset\": \"dates\"}";

    @Test
    void aConfigThatIsNotAnObjectAndAHugeValueAreOneShortLine() throws Exception {
        assertEquals("$: a config is a JSON object ({\"family\": ..., \"data\": ...}), got an array",
                assertThrows(org.rnn4j.models.config.ConfigException.class,
                        () -> org.rnn4j.models.config.FormatVersion.familyOf(JSON.readTree("[1, 2]"))).getMessage());
        String huge = "x".repeat(5000);
        String msg = error("{\"family\": \"seq2seq\", \"data\": {\"dataset\": \"" + huge + "\"}}");
        assertEquals("$.data.dataset: '" + "x".repeat(80) + "... (5000 characters)' is not a built-in dataset"
                + " (allowed: dates)", msg);
    }

    @Test
    void theDeviceSpecIsCheckedAtLoadAndWrittenBack() throws Exception {
        assertEquals("$.training.devices: device 'cpu:0': N in cpu:N (threads) must be a positive integer, got '0'",
                error(MIN + ", \"training\": {\"devices\": \"cpu:0\"}}"));
        assertEquals("$.training.microBatches: must be in [1, 65536], got 0",
                error(MIN + ", \"training\": {\"microBatches\": 0}}"));
        Seq2SeqConfig c = Seq2SeqConfig.parse(JSON.readTree(MIN + ", \"training\": {\"devices\": \"cpu:2x1\","
                + " \"microBatches\": 2}}"));
        assertEquals("cpu:2x1", c.training().devices());
        assertEquals(c, Seq2SeqConfig.parse(c.toJson()), "round trip");
    }

    @Test
    void unknownFieldsAreNamedWithTheAllowedOnes() {
        assertEquals("$.training.batchsize: unknown field (allowed here: batchSize, checkpointEvery, clipNorm, devices,"
                + " earlyStopping, epochs, maxSeconds, maxSteps, microBatches, optimizer, schedule, scheduledSamplingDecay,"
                + " seed, teacherForcing, threads, validateEvery)",
                error(MIN + ", \"training\": {\"batchsize\": 3}}"));
    }

    @Test
    void wrongTypesAndImpossibleValues() {
        assertEquals("$.training.batchSize: expected an integer in [1, 65536], got the string \"64\"",
                error(MIN + ", \"training\": {\"batchSize\": \"64\"}}"));
        assertEquals("$.model.encoder.hidden: must be in [1, 65536], got 0",
                error(MIN + ", \"model\": {\"encoder\": {\"hidden\": 0}}}"));
        assertEquals("$.model.encoder.cell: 'transformer' is not one of [rnn_tanh, rnn_relu, lstm, gru]",
                error(MIN + ", \"model\": {\"encoder\": {\"cell\": \"transformer\"}}}"));
        assertEquals("$.model.decoder.bidirectional: a decoder cannot be bidirectional: it generates one token at a"
                + " time, left to right (remove the field)",
                error(MIN + ", \"model\": {\"decoder\": {\"bidirectional\": true}}}"));
        assertEquals("$.training.optimizer.lr: must be in (0.0, 10.0], got 0.0",
                error(MIN + ", \"training\": {\"optimizer\": {\"lr\": 0}}}"));
        assertEquals("$.decoding.strategy: 'nucleus' is not one of [greedy, beam, sample]",
                error(MIN + ", \"decoding\": {\"strategy\": \"nucleus\"}}"));
    }

    @Test
    void missingAndContradictoryFields() {
        assertEquals("$.family: is required", error("{\"data\": {\"dataset\": \"dates\"}}"));
        assertEquals("$.data: give exactly one of 'dataset' (allowed: dates) or 'train' (a TSV file)",
                error("{\"family\": \"seq2seq\", \"data\": {}}"));
        assertEquals("$.family: expected 'seq2seq' here, got 'seq2vec'",
                error("{\"family\": \"seq2vec\", \"data\": {\"dataset\": \"dates\"}}"));
        assertEquals("$.formatVersion: format version 2 is not one this rnn4j reads (it reads version 1; the file was written by a"
                + " newer rnn4j)", error("{\"formatVersion\": 2, \"family\": \"seq2seq\"}"));
    }

    private static String vec2seqError(String json) {
        return assertThrows(ConfigException.class, () -> Vec2SeqConfig.parse(JSON.readTree(json))).getMessage();
    }

    @Test
    void imageDataSetsHaveTheirOwnFieldsAndChecks() {
        String ms = "{\"family\": \"vec2seq\", \"data\": {\"dataset\": \"mnist-strings\"";
        Vec2SeqConfig c = Vec2SeqConfig.parse(JSON.readTree(ms + "}}"));
        assertEquals(new Vec2SeqConfig.Encoder(16, 32, 3, 256), c.model().encoder(), "encoder defaults");
        assertEquals(Tokenizer.CHARACTER, c.data().tokenizer());
        assertEquals(3, c.data().minDigits());
        assertEquals(5, c.data().maxDigits());
        assertEquals("$.data.maxDigits: 2 is below minDigits 3", vec2seqError(ms + ", \"maxDigits\": 2}}"));
        assertEquals("$.data.tokenizer: mnist-strings targets are digit strings (\"407\"): use 'character'",
                vec2seqError(ms + ", \"tokenizer\": \"whitespace\"}}"));
        assertEquals("$.model.encoder.kernel: must be odd (same padding), got 4",
                vec2seqError(ms + "}, \"model\": {\"encoder\": {\"kernel\": 4}}}"));
        assertEquals("$.model.encoder.pool: unknown field (allowed here: conv1, conv2, features, kernel)",
                vec2seqError(ms + "}, \"model\": {\"encoder\": {\"pool\": 2}}}"));
        assertEquals("$.model.encoder: an image encoder needs image data (data.dataset 'mnist-strings'); these inputs"
                + " are feature vectors", vec2seqError("{\"family\": \"vec2seq\", \"data\": {\"dataset\":"
                + " \"number-words\"}, \"model\": {\"encoder\": {}}}"));
        assertEquals("$.data.minDigits: unknown field (allowed here: dataset, generatedExamples, tokenizer, train,"
                + " validationSplit)", vec2seqError("{\"family\": \"vec2seq\", \"data\": {\"dataset\":"
                + " \"number-words\", \"minDigits\": 2}}"));
        assertEquals("$.data.dataset: 'mnist' is not a built-in dataset (allowed: number-words, mnist-strings)",
                vec2seqError("{\"family\": \"vec2seq\", \"data\": {\"dataset\": \"mnist\"}}"));
        VideoConfig v = VideoConfig.parse(JSON.readTree("{\"family\": \"video\", \"data\": {\"dataset\":"
                + " \"moving-mnist\"}, \"model\": {\"conv3\": 32}}"));
        assertEquals(32, v.model().conv3());
        assertEquals(true, v.data().mnist());
        assertEquals("$.data.dataset: 'kth' is not a built-in dataset (allowed: moving-squares, moving-mnist)",
                assertThrows(ConfigException.class, () -> VideoConfig.parse(JSON.readTree("{\"family\": \"video\","
                        + " \"data\": {\"dataset\": \"kth\"}}"))).getMessage());
    }

    @Test
    void theOtherFamiliesHaveNoTeacherForcingAndAConstantRateByDefault() {
        String cls = "{\"family\": \"seq2vec\", \"data\": {\"dataset\": \"parity\"}, \"training\": {";
        Seq2VecConfig c = Seq2VecConfig.parse(JSON.readTree(cls + "}}"));
        assertEquals(false, c.training().cosine(), "constant unless the config asks for cosine");
        assertEquals(0, c.training().warmupSteps());
        assertEquals(true, Seq2VecConfig.parse(JSON.readTree(cls + "\"schedule\": {\"name\": \"cosine\"}}}"))
                .training().cosine());
        assertEquals(true, Seq2SeqConfig.parse(JSON.readTree(MIN + "}")).training().cosine(), "seq2seq keeps cosine");
        assertEquals("$.training.teacherForcing: only the seq2seq family uses teacherForcing (got 0.5); remove the"
                + " field", assertThrows(ConfigException.class, () -> Seq2VecConfig.parse(JSON.readTree(cls
                + "\"teacherForcing\": 0.5}}"))).getMessage());
        // Model folders written before hold the defaults: they still load.
        assertEquals(1f, Seq2VecConfig.parse(JSON.readTree(cls + "\"teacherForcing\": 1.0,"
                + " \"scheduledSamplingDecay\": 0.0}}")).training().teacherForcing());
        assertEquals(false, c.toJson().path("training").has("teacherForcing"), "not written either");
        assertEquals(true, Seq2SeqConfig.parse(JSON.readTree(MIN + "}")).toJson().path("training").has("teacherForcing"));
    }

    @Test
    void aConfigRoundTripsThroughItsJson() {
        Seq2SeqConfig a = Seq2SeqConfig.parse(JSON.readTree(MIN + ", \"model\": {\"embedding\": 8}}"));
        Seq2SeqConfig b = Seq2SeqConfig.parse(a.toJson());
        assertEquals(a, b);
        assertEquals(8, b.model().embedding());
        assertEquals(64, b.training().batchSize(), "defaults written out");
    }

    @Test
    void everyExampleConfigLoads() throws Exception {
        try (var files = Files.list(Path.of("examples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                String family = FormatVersion.familyOf(p);
                if (family.equals("vec2seq")) {
                    Vec2SeqConfig c = Vec2SeqConfig.load(p);
                    assertEquals(c, Vec2SeqConfig.parse(c.toJson()), p + " round trip");
                } else if (family.equals("video")) {
                    VideoConfig c = VideoConfig.load(p);
                    assertEquals(c, VideoConfig.parse(c.toJson()), p + " round trip");
                } else if (family.equals("lm")) {
                    LanguageModelConfig c = LanguageModelConfig.load(p);
                    assertEquals(c, LanguageModelConfig.parse(c.toJson()), p + " round trip");
                } else if (family.equals("seq2vec")) {
                    Seq2VecConfig c = Seq2VecConfig.load(p);
                    assertEquals(c, Seq2VecConfig.parse(c.toJson()), p + " round trip");
                } else {
                    Seq2SeqConfig c = Seq2SeqConfig.load(p);
                    assertEquals("seq2seq", c.family(), p.toString());
                    assertEquals(c, Seq2SeqConfig.parse(c.toJson()), p + " round trip");
                }
            }
        }
    }

    @Test
    void invalidJsonNamesTheFileAndPosition(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"family\": \"seq2seq\",\n  \"data\": }");
        String msg = assertThrows(ConfigException.class, () -> Seq2SeqConfig.load(f)).getMessage();
        assertEquals(true, msg.startsWith(f + ": not valid JSON"), msg);
        assertEquals(true, msg.contains("line 2"), msg);
    }
}
