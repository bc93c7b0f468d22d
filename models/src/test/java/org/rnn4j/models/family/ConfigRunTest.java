package org.rnn4j.models.family;

import org.rnn4j.models.data.gen.NumberWords;
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
import org.rnn4j.models.seq2seq.ModelFolder;
import org.rnn4j.models.train.Progress;
import org.rnn4j.models.train.Trainer;

/** Config runs of every family through the one Trainer, end to end at smoke-test scale: max-steps still writes a model folder; resume; errors. */
class ConfigRunTest {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);

    @Test
    void twoStepsOfEveryExampleConfigWriteAUsableModelFolder(@TempDir Path dir) throws Exception {
        for (String name : List.of("dates", "spelled-digits")) {
            Path cfgFile = Path.of("examples", name + ".json");
            Path run = dir.resolve(name);
            Trainer.Result s = ConfigRun.train(cfgFile, run, new ConfigRun.Overrides(null, 2, 1, false), out, new Progress(out, false, 60));
            assertEquals(2, s.steps(), name);
            for (String f : List.of("config.json", "source_vocab.json", "target_vocab.json", "model.safetensors",
                    "metrics.json", "metrics.jsonl", "curve.svg")) {
                assertTrue(Files.isRegularFile(run.resolve(f)), name + ": " + f);
            }
            try (ModelFolder.Loaded m = ModelFolder.load(run)) {
                assertEquals(2, m.predict(List.of("one two", "3 March 1999")).size());
            }
        }
    }

    @Test
    void twoStepsOfEveryClassifierExampleWriteAUsableModelFolder(@TempDir Path dir) throws Exception {
        for (String name : List.of("reviews-classifier", "parity-classifier")) {
            Path cfgFile = Path.of("examples", name + ".json");
            Path run = dir.resolve(name);
            Trainer.Result s = ConfigRun.train(cfgFile, run, new ConfigRun.Overrides(null, 2, 1, false), out, new Progress(out, false, 60));
            assertEquals(2, s.steps(), name);
            try (var c = org.rnn4j.models.seq2vec.TextClassifier.load(run)) {
                assertEquals(2, c.predict(List.of("great fun", "1 0 1")).size());
            }
        }
    }

    @Test
    void twoStepsOfEveryLanguageModelExampleWriteAUsableModelFolder(@TempDir Path dir) throws Exception {
        for (String name : List.of("char-lm", "sample-lm")) {
            Path cfgFile = Path.of("examples", name + ".json");
            Path run = dir.resolve(name);
            Trainer.Result s = ConfigRun.train(cfgFile, run, new ConfigRun.Overrides(null, 2, 1, false), out, new Progress(out, false, 60));
            assertEquals(2, s.steps(), name);
            try (var lm = org.rnn4j.models.lm.LmRun.load(run)) {
                assertEquals(10, lm.generate("the ", 10, 0f, 0, 1).length(), "10 generated characters");
            }
        }
    }

    @Test
    void aShortLanguageModelRunLearnsTheSampleText(@TempDir Path dir) throws Exception {
        Path cfgFile = Path.of("examples", "sample-lm.json");
        Trainer.Result s = ConfigRun.train(cfgFile, dir, new ConfigRun.Overrides(null, null, 1, false), out, new Progress(out, false, 60));
        assertTrue(s.bestMetric() < 1.5, "validation perplexity " + s.bestMetric());
        try (var lm = org.rnn4j.models.lm.LmRun.load(dir)) {
            assertEquals(" brown fox", lm.generate("the quick", 10, 0f, 0, 1));
        }
    }

    @Test
    void twoStepsOfTheVideoExampleWriteAUsableModelFolder(@TempDir Path dir) throws Exception {
        Path cfgFile = Path.of("examples", "moving-squares-video.json");
        Trainer.Result s = ConfigRun.train(cfgFile, dir, new ConfigRun.Overrides(null, 2, 1, false), out, new Progress(out, false, 60));
        assertEquals(2, s.steps());
        try (var v = org.rnn4j.models.video.VideoRun.load(dir)) {
            double acc = v.accuracy(40, 5);
            assertTrue(acc >= 0 && acc <= 1, "accuracy " + acc);
        }
    }

    /** The learning rate logged at the end of each epoch, from metrics.jsonl. */
    private static double[] lrs(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .mapToDouble(l -> tools.jackson.databind.json.JsonMapper.builder().build().readTree(l).path("lr").asDouble())
                .toArray();
    }

    @Test
    void everyFamilyFollowsTheConfigsScheduleAndStepLimit(@TempDir Path dir) throws Exception {
        String base = "{\"family\": \"vec2seq\", \"data\": {\"dataset\": \"number-words\", \"generatedExamples\": 200,"
                + " \"validationSplit\": 0.2}, \"decoding\": {\"maxLength\": 8}, \"training\": {\"batchSize\": 32,"
                + " \"epochs\": 2, \"optimizer\": {\"lr\": 0.01}";
        Path cosine = dir.resolve("cosine.json");
        Files.writeString(cosine, base + ", \"schedule\": {\"name\": \"cosine\"}}}");
        ConfigRun.train(cosine, dir.resolve("c"), new ConfigRun.Overrides(null, null, 1, false), out, new Progress(out, false, 60));
        double[] c = lrs(dir.resolve("c"));
        // 160 examples, batches of 32: 5 steps an epoch, 10 in all; cosine from 0.01 towards 0.0005.
        assertEquals(2, c.length);
        assertTrue(c[0] < 0.01 * 0.75 && c[0] > 0.01 * 0.3, "after epoch 1: " + c[0]);
        assertTrue(c[1] < 0.01 * 0.1, "after epoch 2: " + c[1]);
        Path constant = dir.resolve("constant.json");
        Files.writeString(constant, base + ", \"maxSteps\": 3}}");
        Trainer.Result s = ConfigRun.train(constant, dir.resolve("k"), new ConfigRun.Overrides(null, null, 1, false), out, new Progress(out, false, 60));
        assertEquals(3, s.steps(), "training.maxSteps stops the run");
        assertEquals(0.01, lrs(dir.resolve("k"))[0], 1e-7, "no schedule: the configured rate");
    }

    @Test
    void twoStepsOfTheVec2SeqExampleWriteAUsableModelFolder(@TempDir Path dir) throws Exception {
        Path cfgFile = Path.of("examples", "number-words-vec2seq.json");
        Trainer.Result s = ConfigRun.train(cfgFile, dir, new ConfigRun.Overrides(null, 2, 1, false), out, new Progress(out, false, 60));
        assertEquals(2, s.steps());
        try (var v = org.rnn4j.models.vec2seq.Vec2SeqRun.load(dir)) {
            assertEquals(1, v.predict(List.of(new float[30])).size());
        }
        assertEquals("four hundred twenty one", org.rnn4j.models.data.gen.NumberWords.words(421));
        assertEquals("seventy", org.rnn4j.models.data.gen.NumberWords.words(70));
        assertEquals("one hundred", org.rnn4j.models.data.gen.NumberWords.words(100));
        assertEquals("thirteen", org.rnn4j.models.data.gen.NumberWords.words(13));
    }

    @Test
    void aNanLossStopsTrainingWithAClearErrorAndLosesNothing(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.json");
        java.nio.file.Files.writeString(good, "{\"family\": \"seq2vec\", \"data\": {\"dataset\": \"parity\","
                + " \"generatedExamples\": 400}, \"model\": {\"embedding\": 4, \"hidden\": 8},"
                + " \"training\": {\"batchSize\": 16, \"epochs\": 1}}");
        Path run = dir.resolve("run");
        ConfigRun.train(good, run, new ConfigRun.Overrides(null, null, 1, false), out, new Progress(out, false, 60));
        byte[] weights = Files.readAllBytes(run.resolve("model.safetensors"));
        byte[] last = Files.readAllBytes(run.resolve("checkpoints/last/model.safetensors"));
        // An exploding run (relu RNN, SGD with lr 10 and momentum 0.99, no clipping) meant to replace it.
        Path bad = dir.resolve("bad.json");
        java.nio.file.Files.writeString(bad, "{\"family\": \"seq2vec\", \"data\": {\"dataset\": \"parity\","
                + " \"generatedExamples\": 400}, \"model\": {\"embedding\": 4, \"cell\": \"rnn_relu\", \"hidden\": 64,"
                + " \"bidirectional\": false}, \"training\": {\"optimizer\": {\"name\": \"sgd\", \"lr\": 10,"
                + " \"momentum\": 0.99}, \"clipNorm\": 0, \"batchSize\": 16, \"epochs\": 5}}");
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> ConfigRun.train(bad, run, new ConfigRun.Overrides(null, null, 1, false, true), out,
                        new Progress(out, false, 60)));
        assertTrue(e.getMessage().startsWith("the loss became NaN at epoch 1"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertArrayEquals(weights, Files.readAllBytes(run.resolve("model.safetensors")));
        org.junit.jupiter.api.Assertions.assertArrayEquals(last,
                Files.readAllBytes(run.resolve("checkpoints/last/model.safetensors")));
    }

    @Test
    void aShortClassifierRunLearnsTheReviewsTask(@TempDir Path dir) throws Exception {
        Path cfgFile = Path.of("examples", "reviews-classifier.json");
        Trainer.Result s = ConfigRun.train(cfgFile, dir, new ConfigRun.Overrides(6, null, 1, false), out, new Progress(out, false, 60));
        assertTrue(s.bestMetric() >= 0.9, "validation accuracy " + s.bestMetric());
    }

    @Test
    void resumeContinuesFromTheLastCheckpoint(@TempDir Path dir) throws Exception {
        Path cfgFile = Path.of("examples", "spelled-digits.json");
        ConfigRun.train(cfgFile, dir, new ConfigRun.Overrides(1, null, 1, false), out,
                new Progress(out, false, 60));
        Trainer.Result s = ConfigRun.train(cfgFile, dir, new ConfigRun.Overrides(2, null, 1, true),
                out, new Progress(out, false, 60));
        assertEquals(2, s.epochs());
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("resumed from"), buf.toString(StandardCharsets.UTF_8));
        assertEquals(2, Files.readAllLines(dir.resolve("metrics.jsonl")).size(), "one log line per epoch across the resume");
    }

    @Test
    void badLinesAreReportedWithFileAndLineAndAFileWithNoneIsAnError(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("pairs.tsv");
        Files.writeString(data, "a b\tx y\nno tab here\n\tempty source\nc\tz\n");
        Path cfgFile = dir.resolve("c.json");
        Files.writeString(cfgFile, "{\"family\": \"seq2seq\", \"data\": {\"train\": \"pairs.tsv\", \"validationSplit\": 0,"
                + " \"tokenizer\": \"whitespace\"}, \"model\": {\"embedding\": 4, \"encoder\": {\"hidden\": 4},"
                + " \"decoder\": {\"hidden\": 4}}, \"training\": {\"batchSize\": 2, \"epochs\": 1}}");
        ConfigRun.train(cfgFile, dir.resolve("run"), new ConfigRun.Overrides(null, 1, 1, false), out, new Progress(out, false, 60));
        String log = buf.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains(data + ":2: expected source<TAB>target, found 0 tab(s)"), log);
        assertTrue(log.contains(data + ":3: empty source"), log);
        Files.writeString(data, "junk\nmore junk\n");
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> ConfigRun.train(cfgFile, dir.resolve("run2"), new ConfigRun.Overrides(null, 1, 1, false), out, new Progress(out, false, 60)));
        assertTrue(e.getMessage().startsWith(data + ": no usable line"), e.getMessage());
    }

    @Test
    void sequencesOfFeatureVectorsTrainARegressionAndAClassifierFromAConfig(@TempDir Path dir) throws Exception {
        Path reg = dir.resolve("reg");
        Trainer.Result r = ConfigRun.train(Path.of("examples", "signal-regression.json"), reg,
                new ConfigRun.Overrides(12, null, 1, false), out, new Progress(out, false, 60));
        assertEquals("mse", r.metric());
        assertTrue(r.bestMetric() < 0.03, "validation mse " + r.bestMetric());
        Path cls = dir.resolve("cls");
        Trainer.Result c = ConfigRun.train(Path.of("examples", "signal-classifier.json"), cls,
                new ConfigRun.Overrides(8, null, 1, false), out, new Progress(out, false, 60));
        assertTrue(c.bestMetric() >= 0.9, "validation accuracy " + c.bestMetric());

        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(b, true, StandardCharsets.UTF_8);
        // sum of the first values / 4 = 1.0, max of the second = 0.5
        assertEquals(org.rnn4j.models.cli.Main.OK, new org.rnn4j.models.cli.Main().run(List.of("predict", "--model",
                reg.toString(), "1 0; 1 0.5; 1 -0.2; 1 0"), p, p));
        String[] v = b.toString(StandardCharsets.UTF_8).trim().split(" ");
        assertEquals(1.0, Double.parseDouble(v[0]), 0.2, b.toString());
        assertEquals(0.5, Double.parseDouble(v[1]), 0.2, b.toString());
        b.reset();
        assertEquals(org.rnn4j.models.cli.Main.OK, new org.rnn4j.models.cli.Main().run(List.of("predict", "--model",
                cls.toString(), "0.5,0,0; 0.9,0,0; 0.4,0.3,0", "-0.5,0,0;-0.7,0.1,0.2"), p, p));
        assertTrue(b.toString(StandardCharsets.UTF_8).matches("(?s)up\\t0\\.\\d+\\ndown\\t0\\.\\d+\\n"), b.toString());
        b.reset();
        assertEquals(org.rnn4j.models.cli.Main.USAGE, new org.rnn4j.models.cli.Main().run(List.of("predict", "--model",
                cls.toString(), "1 2"), p, p));
        assertTrue(b.toString(StandardCharsets.UTF_8).contains("input 1, step 1 has 2 values; the model takes 3"),
                b.toString());
        b.reset();
        assertEquals(org.rnn4j.models.cli.Main.USAGE, new org.rnn4j.models.cli.Main().run(List.of("predict", "--model",
                reg.toString(), "1 NaN"), p, p));
        assertTrue(b.toString(StandardCharsets.UTF_8).contains("input 1, step 1: 'NaN' is not a finite number"),
                b.toString());
        b.reset();
        assertEquals(org.rnn4j.models.cli.Main.OK, new org.rnn4j.models.cli.Main().run(List.of("eval", "--model",
                reg.toString(), "--data", "examples/data/signal-sums.tsv"), p, p));
        assertTrue(b.toString(StandardCharsets.UTF_8).contains("mean squared error: 0.0"), b.toString());
    }

    @Test
    void stepFilesFixTheirWidthFromAcceptedLinesAndRegressionTargetsMustAgree(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("w.tsv");
        Files.writeString(data, "a\t1 2 3;x\nb\t1 2;3 4\n");
        var r = org.rnn4j.models.data.StepFiles.read(data, false);
        assertEquals(1, r.examples().size(), r.problems().toString());
        assertEquals(2, r.width());
        Path train = dir.resolve("t.tsv");
        Files.writeString(train, "1 2\t1;2\n3 4\t1;2;3\n0.5 1\t1\n");
        Path val = dir.resolve("v.tsv");
        Files.writeString(val, "1\t1;2\n");
        Path cfg = dir.resolve("c.json");
        Files.writeString(cfg, "{\"family\": \"seq2vec\", \"data\": {\"train\": \"t.tsv\", \"validation\": \"v.tsv\","
                + " \"format\": \"steps\"}, \"model\": {\"task\": \"regression\", \"hidden\": 4}}");
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> ConfigRun.train(cfg,
                dir.resolve("run"), ConfigRun.Overrides.none(), out, new Progress(out, false, 60)));
        assertEquals("a validation sequence has 1 target value(s), the training sequences 2", e.getMessage());
        var both = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ConfigRun.train(cfg,
                dir.resolve("run"), new ConfigRun.Overrides(null, null, null, true, true), out, new Progress(out, false, 60)));
        assertTrue(both.getMessage().startsWith("resume and overwrite exclude each other"), both.getMessage());
        var steps = org.junit.jupiter.api.Assertions.assertThrows(org.rnn4j.models.config.ConfigException.class,
                () -> org.rnn4j.models.seq2vec.Seq2VecConfig.parse(tools.jackson.databind.json.JsonMapper.builder().build()
                        .readTree("{\"family\": \"seq2vec\", \"data\": {\"dataset\": \"parity\", \"format\": \"steps\"}}")));
        assertEquals("$.data.format: \"steps\" reads a 'train' file of target<TAB>v v v;v v v;...; the built-in 'parity'"
                + " has a format of its own (remove $.data.format)", steps.getMessage());
    }

    @Test
    void aConfigFromAModelTrainedInJavaIsNotTrainedAgainSilently(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("java.json");
        Files.writeString(cfg, org.rnn4j.models.seq2vec.TextClassifier.builder().config().toJsonString());
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.rnn4j.models.config.ConfigException.class,
                () -> ConfigRun.train(cfg, dir.resolve("run"), ConfigRun.Overrides.none(), out, new Progress(out, false, 60)));
        assertEquals("$.data.dataset: this config comes from a model trained from Java, which records no data to train"
                + " on; give 'train' (a TSV or JSON-lines file) instead", e.getMessage());
        Files.writeString(cfg, org.rnn4j.models.seq2seq.Seq2SeqConfig.builder().build().toJsonString());
        e = org.junit.jupiter.api.Assertions.assertThrows(org.rnn4j.models.config.ConfigException.class,
                () -> ConfigRun.train(cfg, dir.resolve("run"), ConfigRun.Overrides.none(), out, new Progress(out, false, 60)));
        assertTrue(e.getMessage().endsWith("give 'train' (a TSV file of source<TAB>target) instead"), e.getMessage());
    }

    @Test
    void stepFilesAndRegressionConfigsNameTheirProblems(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("steps.tsv");
        Files.writeString(data, "a\t1 2;3 4\nb\t1 2;3\nc 5\nd\t1 x\n");
        var r = org.rnn4j.models.data.StepFiles.read(data, false);
        assertEquals(1, r.examples().size());
        assertEquals(List.of(data + ":2: step 2 has 1 values, the first step of the file 2",
                data + ":3: expected target<TAB>steps", data + ":4: step 1: 'x' is not a number"), r.problems());
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.rnn4j.models.config.ConfigException.class,
                () -> org.rnn4j.models.seq2vec.Seq2VecConfig.parse(tools.jackson.databind.json.JsonMapper.builder().build()
                        .readTree("{\"family\": \"seq2vec\", \"data\": {\"train\": \"x.tsv\"},"
                                + " \"model\": {\"task\": \"regression\"}}")));
        assertEquals("$.model.task: regression reads numeric targets from a steps file: set $.data.format to \"steps\""
                + " (target<TAB>v v v;v v v;...)", e.getMessage());
    }
}
