package org.rnn4j.models.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.models.config.ConfigException;
import org.rnn4j.models.config.FormatVersion;
import org.rnn4j.models.data.FeatureRows;
import org.rnn4j.models.data.LabelledFiles;
import org.rnn4j.models.data.PairFiles;
import org.rnn4j.models.data.StepFiles;
import org.rnn4j.models.family.Families;
import org.rnn4j.models.text.Vocab;
import org.rnn4j.models.train.RunFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Thousands of generated malformed inputs for each reader, from fixed seeds: every one is read
 * or refused with the reader's documented exception — never another exception. A failure names
 * the reader, the seed and the case number, and the case's bytes are written next to the test's
 * output, so it reproduces. (A home-grown generator of a few dozen lines: see docs/reliability.md.)
 */
class ReadersFuzzTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    private static final int CASES = 1500;
    /** Bytes that break line readers: separators, quotes, braces, digits, a BOM's and UTF-8's lead bytes, NUL. */
    private static final byte[] INTERESTING = {'\t', '\n', '\r', ' ', ',', ';', '"', '{', '}', '[', ']', ':', '0', '7', '-',
        '.', 'e', 'a', (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xC3, (byte) 0xE9, (byte) 0xFF, 0};

    @TempDir
    Path dir;

    /** A reader under test: returns normally or throws one of its documented exceptions. */
    private interface Reader {
        void read(Path file) throws Exception;
    }

    /** Up to 300 bytes, four in five drawn from {@link #INTERESTING}, and some well-formed lines mixed in. */
    private static byte[] bytes(SplittableRandom r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = r.nextInt(301);
        while (out.size() < n) {
            int k = r.nextInt(10);
            if (k == 0) {
                out.writeBytes("pos\tgood film\n".getBytes(StandardCharsets.UTF_8));
            } else if (k == 1) {
                out.writeBytes("0.5 1,2\tseven\n".getBytes(StandardCharsets.UTF_8));
            } else {
                out.write(r.nextInt(5) < 4 ? INTERESTING[r.nextInt(INTERESTING.length)] : r.nextInt(256));
            }
        }
        return out.toByteArray();
    }

    private void fuzz(String name, long seed, List<Class<? extends Exception>> documented, Reader reader)
            throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        Path f = dir.resolve(name);
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] b = bytes(r);
            Files.write(f, b);
            try {
                reader.read(f);
            } catch (Exception e) {
                if (documented.stream().noneMatch(c -> c.isInstance(e))) {
                    Path keep = Path.of("target", "fuzz-" + name + "-" + seed + "-" + i);
                    Files.createDirectories(keep.getParent());
                    Files.write(keep, b);
                    throw new AssertionError(String.format(Locale.ROOT, "%s, seed %d, case %d (bytes in %s): %s", name,
                            seed, i, keep, e), e);
                }
                refused++;
            }
        }
        System.out.printf(Locale.ROOT, "fuzz %s: %d cases from seed %d, %d refused with a documented exception%n", name,
                CASES, seed, refused);
    }

    @Test
    void labelledTexts() throws IOException {
        fuzz("labelled.tsv", 20261202, List.of(IOException.class, IllegalArgumentException.class), f -> {
            for (Boolean jsonl : new Boolean[] {false, true, null}) {
                try {
                    LabelledFiles.read(f, jsonl);
                } catch (IOException | IllegalArgumentException refusedOne) {
                    // each format on its own
                }
            }
        });
    }

    @Test
    void pairs() throws IOException {
        fuzz("pairs.tsv", 20261203, List.of(IOException.class, IllegalArgumentException.class), PairFiles::read);
    }

    @Test
    void stepsAndFeatureRows() throws IOException {
        fuzz("steps.tsv", 20261204, List.of(IOException.class, IllegalArgumentException.class), f -> StepFiles.read(f, false));
        fuzz("targets.tsv", 20261205, List.of(IOException.class, IllegalArgumentException.class), f -> StepFiles.read(f, true));
        fuzz("features.tsv", 20261206, List.of(IOException.class, IllegalArgumentException.class),
                f -> FeatureRows.read(f, QUIET));
    }

    @Test
    void vocabularies() throws IOException {
        fuzz("vocab.json", 20261207, List.of(IOException.class), f -> {
            Vocab v = RunFiles.readVocab(f);
            assertTrue(v.size() >= 4, "a vocabulary holds the four reserved ids");
        });
    }

    /** Config-shaped JSON: the real field names and families, values of every type, sections at random. */
    @Test
    void configs() throws IOException {
        String[] families = {"\"seq2seq\"", "\"seq2vec\"", "\"lm\"", "\"vec2seq\"", "\"video\"", "\"nope\"", "3", "null", "[]"};
        String[] sections = {"data", "model", "training", "decoding", "generation", "extra", "encoder", "optimizer"};
        String[] keys = {"dataset", "train", "validationSplit", "tokenizer", "hidden", "cell", "layers", "dropout",
            "embedding", "batchSize", "epochs", "lr", "optimizer", "devices", "microBatches", "encoder", "decoder",
            "attention", "kind", "size", "maxLength", "window", "format", "task", "x"};
        String[] values = {"0", "-1", "1", "2.5", "1e308", "-1e-308", "65536", "9999999999", "true", "false", "null",
            "\"\"", "\"lstm\"", "\"dates\"", "\"parity\"", "\"sample\"", "\"cpu:0\"", "\"cpu:2x1\"", "\"steps\"",
            "\"regression\"", "[]", "{}", "[1,2]", "\"" + "y".repeat(200) + "\""};
        SplittableRandom r = new SplittableRandom(20261208);
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            List<String> parts = new ArrayList<>();
            parts.add("\"formatVersion\": " + new String[] {"1", "2", "0", "\"1\""}[r.nextInt(4)]);
            parts.add("\"family\": " + families[r.nextInt(families.length)]);
            for (int s = r.nextInt(5); s > 0; s--) {
                List<String> fields = new ArrayList<>();
                for (int k = r.nextInt(6); k > 0; k--) {
                    fields.add("\"" + keys[r.nextInt(keys.length)] + "\": " + values[r.nextInt(values.length)]);
                }
                parts.add("\"" + sections[r.nextInt(sections.length)] + "\": {" + String.join(", ", fields) + "}");
            }
            String doc = "{" + String.join(", ", parts) + "}";
            JsonNode root = JSON.readTree(doc);
            try {
                switch (FormatVersion.familyOf(root)) {
                    case "seq2seq" -> org.rnn4j.models.seq2seq.Seq2SeqConfig.parse(root);
                    case "seq2vec" -> org.rnn4j.models.seq2vec.Seq2VecConfig.parse(root);
                    case "lm" -> org.rnn4j.models.lm.LanguageModelConfig.parse(root);
                    case "vec2seq" -> org.rnn4j.models.vec2seq.Vec2SeqConfig.parse(root);
                    case "video" -> org.rnn4j.models.video.VideoConfig.parse(root);
                    default -> Families.of(root);
                }
            } catch (ConfigException e) {
                assertTrue(e.getMessage().startsWith("$"), "case " + i + ": a config error names its JSON path: " + e);
                assertTrue(e.getMessage().length() < 400, "case " + i + ": one short line: " + e.getMessage().length());
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError("configs, seed 20261208, case " + i + ": " + doc + " -> " + e, e);
            }
        }
        System.out.printf(Locale.ROOT, "fuzz configs: %d cases from seed 20261208, %d refused with a ConfigException%n",
                CASES, refused);
    }

    /**
     * Safetensors files: a valid file, then cut short, bytes flipped, or its header length changed.
     * Every case is read whole or refused with an IOException (a {@code SafetensorsException}).
     */
    @Test
    void safetensors() throws IOException {
        Path good = dir.resolve("good.safetensors");
        try (org.rnn4j.core.tensor.NativeAllocator mem = new org.rnn4j.core.tensor.NativeAllocator("fuzz");
             org.rnn4j.core.tensor.Tensor a = mem.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
             org.rnn4j.core.tensor.Tensor b = mem.of(new float[] {7}, 1)) {
            org.rnn4j.core.io.Safetensors.write(good, java.util.Map.of("w", a, "b", b));
        }
        byte[] base = Files.readAllBytes(good);
        SplittableRandom r = new SplittableRandom(20261209);
        Path f = dir.resolve("case.safetensors");
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] c = base.clone();
            switch (r.nextInt(4)) {
                case 0 -> c = java.util.Arrays.copyOf(c, r.nextInt(c.length));
                case 1 -> {
                    for (int k = 1 + r.nextInt(4); k > 0; k--) {
                        c[r.nextInt(c.length)] = INTERESTING[r.nextInt(INTERESTING.length)];
                    }
                }
                case 2 -> c[r.nextInt(8)] = (byte) r.nextInt(256);
                default -> {
                    int at = 8 + r.nextInt(Math.max(1, c.length - 8));
                    c[at] = (byte) r.nextInt(256);
                }
            }
            Files.write(f, c);
            try (org.rnn4j.core.io.SafetensorsFile st = org.rnn4j.core.io.Safetensors.open(f)) {
                for (String n : st.names()) {
                    st.toFloatArray(n);
                }
            } catch (IOException e) {
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError("safetensors, seed 20261209, case " + i + ": " + e, e);
            }
        }
        System.out.printf(Locale.ROOT, "fuzz safetensors: %d cases from seed 20261209, %d refused with an IOException%n",
                CASES, refused);
    }

    /**
     * Model folders: a trained classifier's folder with one of its files cut short or with bytes
     * flipped, loaded through the family the folder names. Every case loads or is refused with an
     * IOException or a ConfigException, and a folder that loads still predicts.
     */
    @Test
    void modelFolders() throws Exception {
        Path cfg = dir.resolve("cls.json");
        Files.writeString(cfg, "{\"formatVersion\": 1, \"family\": \"seq2vec\", \"data\": {\"dataset\": \"parity\","
                + " \"generatedExamples\": 200}, \"model\": {\"hidden\": 4, \"embedding\": 4},"
                + " \"training\": {\"epochs\": 1, \"maxSteps\": 1}}");
        Path folder = dir.resolve("model");
        org.rnn4j.models.family.ConfigRun.train(cfg, folder, new org.rnn4j.models.family.ConfigRun.Overrides(null, 1,
                null, false), QUIET, new org.rnn4j.models.train.Progress(QUIET, false, 60));
        List<String> files = List.of("config.json", "vocab.json", "labels.json", "model.safetensors");
        java.util.Map<String, byte[]> originals = new java.util.HashMap<>();
        for (String n : files) {
            originals.put(n, Files.readAllBytes(folder.resolve(n)));
        }
        SplittableRandom r = new SplittableRandom(20261210);
        int cases = 400;
        int refused = 0;
        for (int i = 0; i < cases; i++) {
            String victim = files.get(r.nextInt(files.size()));
            byte[] c = originals.get(victim).clone();
            if (r.nextBoolean()) {
                c = java.util.Arrays.copyOf(c, r.nextInt(c.length));
            } else {
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    c[r.nextInt(c.length)] = INTERESTING[r.nextInt(INTERESTING.length)];
                }
            }
            Files.write(folder.resolve(victim), c);
            try (var m = org.rnn4j.models.seq2vec.TextClassifier.load(folder)) {
                m.predict(List.of("1 0 1"));
            } catch (IOException | ConfigException e) {
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError("model folders, seed 20261210, case " + i + " (" + victim + "): " + e, e);
            } finally {
                Files.write(folder.resolve(victim), originals.get(victim));
            }
        }
        System.out.printf(Locale.ROOT, "fuzz model folders: %d cases from seed 20261210, %d refused%n", cases, refused);
    }
}
