package org.rnn4j.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** What reaches the command line from the JDK is one line that names the file and what to do. */
class ErrorsTest {

    @Test
    void fileErrorsNameTheFileAndAHint() {
        assertEquals("runs/x/model.safetensors: No space left on device (free some space and run again with --resume;"
                + " the last checkpoint is intact)", Errors.explain(new FileSystemException("runs/x/model.safetensors",
                null, "No space left on device")));
        assertEquals("data/a: No such device (a folder where a file was expected)",
                Errors.explain(new FileSystemException("data/a", null, "No such device")));
        assertEquals("/etc/shadow: permission denied (check the file's and its folder's permissions)",
                Errors.explain(new AccessDeniedException("/etc/shadow")));
        assertEquals("a.tsv: no such file or directory", Errors.explain(new NoSuchFileException("a.tsv")));
        assertEquals("a.tsv: data file not found", Errors.explain(new NoSuchFileException("a.tsv", null,
                "data file not found")));
        assertEquals("out: Read-only file system (write to another folder with --out)",
                Errors.explain(new FileSystemException("out", null, "Read-only file system")));
    }

    @Test
    void memoryAndEncodingErrorsSayWhatToDo() {
        String oom = Errors.explain(new OutOfMemoryError("Java heap space"));
        assertTrue(oom.startsWith("out of memory (Java heap space): the JVM's heap limit is "), oom);
        assertTrue(oom.endsWith("raise it with JAVA_TOOL_OPTIONS=-Xmx<size>, or make the model or the batch smaller"),
                oom);
        String refusal = "allocator 'model' (a tensor of (262144, 65536)) needs 64.0 GiB more, with 1.0 MiB already held"
                + " by rnn4j's tensors, and this machine has 23.5 GiB of memory (-Drnn4j.maxNativeBytes to set the limit)";
        assertEquals("out of memory: " + refusal + "; make the model smaller (hidden, layers, embedding) or lower"
                + " training.batchSize", Errors.explain(new OutOfMemoryError(refusal)), "rnn4j's own refusal, whole");
        assertTrue(Errors.explain(new MalformedInputException(1)).startsWith("text that is not UTF-8"),
                "the JDK's bare 'Input length = 1' is explained");
        assertEquals("IllegalStateException", Errors.explain(new IllegalStateException()));
    }

    @Test
    void aModelTooBigForTheMachineIsRefusedInOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // 256 GiB of weights and gradients: more than this machine's memory (on a larger one the test does not apply).
        org.junit.jupiter.api.Assumptions.assumeTrue(org.rnn4j.core.tensor.NativeMemory.limitBytes() < 200L << 30);
        java.nio.file.Path cfg = dir.resolve("big.json");
        java.nio.file.Files.writeString(cfg, "{\"formatVersion\": 1, \"family\": \"seq2vec\", \"data\": {\"dataset\":"
                + " \"parity\", \"generatedExamples\": 200}, \"model\": {\"hidden\": 65536, \"embedding\": 4},"
                + " \"training\": {\"epochs\": 1}}");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream quiet = new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true,
                java.nio.charset.StandardCharsets.UTF_8);
        int code = new Main().run(java.util.List.of("train", cfg.toString(), "--out", dir.resolve("run").toString()),
                quiet, new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        String e = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(Main.FAILURE, code);
        // The whole model is estimated from its config and refused before anything of it is allocated.
        assertTrue(e.startsWith("rnn4j train: out of memory: the seq2vec model of this config has 34,363,146,266"
                + " parameters: 256.0 GiB for its weights and gradients (512.1 GiB with Adam's state when training), and "),
                e);
        assertTrue(e.contains("(-Drnn4j.maxNativeBytes to set the limit); make the model smaller"), e);
        assertEquals(2, e.lines().count(), "one line and the --debug hint: " + e);
    }

    /**
     * A very long {@code predict} input (two million tokens on standard input) in a JVM whose
     * tensors may take 64 MiB: the workspace that would hold its activations is refused in one
     * line, before it is allocated. It ended in an {@code OutOfMemoryError} with a stack trace.
     */
    @Test
    void aVeryLongPredictInputIsRefusedInOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path cfg = dir.resolve("cls.json");
        java.nio.file.Files.writeString(cfg, "{\"formatVersion\": 1, \"family\": \"seq2vec\", \"data\": {\"dataset\":"
                + " \"parity\", \"generatedExamples\": 200}, \"model\": {\"hidden\": 8, \"embedding\": 4},"
                + " \"training\": {\"epochs\": 1, \"maxSteps\": 1}}");
        java.nio.file.Path model = dir.resolve("model");
        java.io.PrintStream quiet = new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true,
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(Main.OK, new Main().run(java.util.List.of("train", cfg.toString(), "--out", model.toString()), quiet,
                quiet));
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Drnn4j.maxNativeBytes=" + (64L << 20)));
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            cmd.addAll(java.util.List.of("--enable-native-access=org.rnn4j.core", "-p", modulePath, "-m",
                    "org.rnn4j.models/org.rnn4j.models.cli.Main"));
        } else {
            cmd.addAll(java.util.List.of("--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), "org.rnn4j.models.cli.Main"));
        }
        cmd.addAll(java.util.List.of("predict", "--model", model.toString()));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        java.util.concurrent.CompletableFuture<String> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        try (java.io.OutputStream in = p.getOutputStream()) {
            in.write("1 0 ".repeat(2_000_000).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            in.write('\n');
        }
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "predict ended");
        String e = err.get(10, java.util.concurrent.TimeUnit.SECONDS).lines()
                .filter(l -> !l.startsWith("WARNING")).collect(java.util.stream.Collectors.joining("\n"));
        assertEquals(Main.FAILURE, p.exitValue(), e);
        assertTrue(e.startsWith("rnn4j predict: out of memory: workspace '"), e);
        assertTrue(e.contains("(-Drnn4j.maxNativeBytes to set the limit)"), e);
        assertEquals(2, e.lines().count(), "one line and the --debug hint: " + e);
    }
}
