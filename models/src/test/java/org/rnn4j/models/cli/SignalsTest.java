package org.rnn4j.models.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rnn4j train} in its own process: SIGINT and SIGTERM end it cleanly (exit 130 / 143,
 * checkpoints/last saved, the resume command printed) and the resumed run ends with the weights of
 * a run never interrupted; a second process on the same folder is refused while the first holds it.
 */
class SignalsTest {
    private static final String CONFIG = "{\"family\": \"seq2vec\", \"data\": {\"dataset\": \"parity\","
            + " \"generatedExamples\": 4000}, \"model\": {\"embedding\": 8, \"hidden\": 32},"
            + " \"training\": {\"batchSize\": 16, \"epochs\": 500, \"earlyStopping\": {\"patience\": 0}}}";

    /** A started rnn4j process and everything it prints. */
    private record Run(Process process, List<String> lines, CompletableFuture<Void> reader) {
        int waitFor() throws Exception {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "exited in time: " + lines);
            reader.get(10, TimeUnit.SECONDS);
            return process.exitValue();
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        /** Waits until a printed line contains {@code text}. */
        void await(String text) throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end) {
                if (output().contains(text)) {
                    return;
                }
                assertTrue(process.isAlive() || output().contains(text), "ended before '" + text + "': " + output());
                Thread.sleep(50);
            }
            throw new AssertionError("no '" + text + "' within 60 s: " + output());
        }
    }

    private static Run start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xss4m"));
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            cmd.addAll(List.of("--enable-native-access=org.rnn4j.core", "-p", modulePath, "-m",
                    "org.rnn4j.models/org.rnn4j.models.cli.Main"));
        } else {
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "org.rnn4j.models.cli.Main"));
        }
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<Void> reader = new CompletableFuture<>();
        Thread t = new Thread(() -> {   // a thread of its own: the common pool may have a single one
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    synchronized (lines) {
                        lines.add(l);
                    }
                }
            } catch (IOException e) {
                // the stream closes when the process is destroyed
            }
            reader.complete(null);
        });
        t.setDaemon(true);
        t.start();
        return new Run(p, lines, reader);
    }

    private static void signal(Process p, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    @Test
    void sigintSavesTheRunAndTheResumedRunEndsWhereAnUninterruptedOneDoes(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("parity.json");
        Files.writeString(cfg, CONFIG);
        Path run = dir.resolve("run");
        Run a = start("train", cfg.toString(), "--out", run.toString(), "--threads", "1");
        a.await("data: ");
        a.await("step ");   // training has begun (a plain progress line)
        Run b = start("train", cfg.toString(), "--out", run.toString(), "--threads", "1", "--resume");
        assertEquals(Main.FAILURE, b.waitFor(), b.output());
        assertTrue(b.output().contains(run + " is in use by another training run (pid " + a.process().pid() + " on "),
                b.output());
        signal(a.process(), "INT");
        assertEquals(130, a.waitFor(), a.output());
        Matcher m = Pattern.compile("interrupted by SIGINT at step (\\d+); checkpoints/last saved. Resume with:")
                .matcher(a.output());
        assertTrue(m.find(), a.output());
        assertTrue(a.output().contains("./rnn4j train " + cfg + " --out " + run + " --resume"), a.output());
        long stoppedAt = Long.parseLong(m.group(1));
        assertTrue(Files.isDirectory(run.resolve("checkpoints/last")));

        String steps = Long.toString(stoppedAt + 7);
        Run c = start("train", cfg.toString(), "--out", run.toString(), "--threads", "1", "--resume", "--max-steps", steps);
        assertEquals(Main.OK, c.waitFor(), c.output());
        Run d = start("train", cfg.toString(), "--out", dir.resolve("straight").toString(), "--threads", "1",
                "--max-steps", steps);
        assertEquals(Main.OK, d.waitFor(), d.output());
        assertArrayEquals(Files.readAllBytes(dir.resolve("straight/model.safetensors")),
                Files.readAllBytes(run.resolve("model.safetensors")), "stopped at " + stoppedAt + " and resumed");
    }

    @Test
    void sigtermExitsWith143(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("parity.json");
        Files.writeString(cfg, CONFIG);
        Run a = start("train", cfg.toString(), "--out", dir.resolve("run").toString(), "--threads", "1");
        a.await("step ");
        signal(a.process(), "TERM");
        assertEquals(143, a.waitFor(), a.output());
        assertTrue(a.output().contains("interrupted by SIGTERM at step "), a.output());
    }
}
