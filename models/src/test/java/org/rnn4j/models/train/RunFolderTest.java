package org.rnn4j.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.core.optim.Adam;
import org.rnn4j.models.metrics.MetricsLog;

/** What a run folder promises (docs/reliability.md): one owner, nothing lost, resume consistent, no empty epochs. */
class RunFolderTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    /** The linear task with a model folder: its weights and a config.json naming a family. */
    static class Saved extends LinearTask {
        Saved() {
            super(256, 16, 3);
        }

        @Override
        public void save(Path dir, Map<String, Object> metrics) throws IOException {
            RunFiles.writeAtomically(dir.resolve("config.json"), "{\"family\": \"linear\"}\n");
            RunFiles.writeWeights(dir.resolve("model.safetensors"), namedParameters(), "linear");
        }
    }

    /** A listener that interrupts the run at {@code step} (or at the first step, 0). */
    private static TrainListener interruptAt(long step, String reason) {
        return new TrainListener() {
            @Override
            public void afterStep(Trainer.State s) {
                if (step == 0 || s.globalStep() == step) {
                    s.interrupt(reason);
                }
            }
        };
    }

    private static Trainer.Builder adam() {
        return Trainer.builder().optimizer(p -> new Adam(p, 0.05f, 0.9f, 0.999f, 1e-8f, 0f)).log(QUIET);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFreshRunRefusesAFolderThatHoldsAModelAndTouchesNothing(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        try (Saved t = new Saved()) {
            adam().epochs(2).runFolder(run).build().fit(t);
        }
        byte[] weights = Files.readAllBytes(run.resolve("model.safetensors"));
        byte[] log = Files.readAllBytes(run.resolve("metrics.jsonl"));
        try (Saved t = new Saved()) {
            var e = assertThrows(IOException.class, () -> adam().epochs(2).runFolder(run).build().fit(t));
            assertEquals(run + " already holds a model folder (family linear); a new run will not write over it: pick"
                    + " another --out, add --resume to continue its run, or --overwrite to replace it (the old files stay"
                    + " until the new run has written its model folder)", e.getMessage());
        }
        assertArrayEquals(weights, Files.readAllBytes(run.resolve("model.safetensors")));
        assertArrayEquals(log, Files.readAllBytes(run.resolve("metrics.jsonl")), "the old log is not emptied");
        Files.writeString(dir.resolve("file"), "x");
        try (Saved t = new Saved()) {
            var e = assertThrows(IOException.class, () -> adam().runFolder(dir.resolve("file")).build().fit(t));
            assertTrue(e.getMessage().endsWith("file is a file, not a folder (--out names the run folder)"), e.getMessage());
        }
    }

    @Test
    void overwriteKeepsTheOldModelUntilTheNewOneIsWrittenThenLeavesOnlyTheNew(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        try (Saved t = new Saved()) {
            adam().epochs(2).runFolder(run).build().fit(t);
        }
        Files.writeString(run.resolve("labels.json"), "{}");   // a file only the old run had
        byte[] weights = Files.readAllBytes(run.resolve("model.safetensors"));
        byte[] log = Files.readAllBytes(run.resolve("metrics.jsonl"));
        int[] checked = {0};
        try (Saved t = new Saved()) {
            adam().epochs(3).runFolder(run).overwrite(true).listener(new TrainListener() {
                @Override
                public void afterStep(Trainer.State s) throws IOException {
                    if (s.globalStep() % 10 == 0) {
                        assertArrayEquals(weights, Files.readAllBytes(run.resolve("model.safetensors")));
                        assertArrayEquals(log, Files.readAllBytes(run.resolve("metrics.jsonl")));
                        checked[0]++;
                    }
                }
            }).build().fit(t);
        }
        assertTrue(checked[0] >= 4);
        assertFalse(Files.exists(run.resolve("labels.json")), "the old run's files are gone");
        assertEquals(3, MetricsLog.read(run.resolve("metrics.jsonl")).size(), "the new run's log alone");
        assertEquals(List.of("run"), names(dir), "no staging folder left: " + names(dir));
    }

    @Test
    void aSecondRunOnAFolderInUseIsRefusedWithTheHolder(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Trainer.Result> first = CompletableFuture.supplyAsync(() -> {
            try (Saved t = new Saved()) {
                return adam().epochs(1).runFolder(run).listener(new TrainListener() {
                    @Override
                    public void afterStep(Trainer.State s) {
                        started.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).build().fit(t);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(started.await(30, TimeUnit.SECONDS));
        for (Trainer.Builder second : List.of(adam().runFolder(run).resume(true), adam().runFolder(run).overwrite(true))) {
            try (Saved t = new Saved()) {
                var e = assertThrows(IOException.class, () -> second.build().fit(t));
                assertTrue(e.getMessage().startsWith(run + " is in use by another training run (pid "
                        + ProcessHandle.current().pid() + " on "), e.getMessage());
            }
        }
        release.countDown();
        assertEquals(16, first.get(30, TimeUnit.SECONDS).steps());
    }

    @Test
    void resumeDropsLogLinesWrittenAfterTheCheckpointItGoesOnFrom(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        try (Saved t = new Saved()) {
            adam().epochs(4).maxSteps(32).runFolder(run).build().fit(t);
        }
        // A run killed between writing its epoch-3 line and its checkpoint leaves a line past the checkpoint.
        Files.writeString(run.resolve("metrics.jsonl"), "{\"epoch\":3,\"step\":48,\"train_loss\":0.5}\n",
                java.nio.file.StandardOpenOption.APPEND);
        try (Saved t = new Saved()) {
            adam().epochs(4).resume(true).runFolder(run).build().fit(t);
        }
        List<Long> steps = MetricsLog.read(run.resolve("metrics.jsonl")).stream()
                .map(m -> ((Number) m.get("step")).longValue()).toList();
        assertEquals(List.of(16L, 32L, 48L, 64L), steps, "each validation once");
        try (Saved t = new Saved()) {
            var e = assertThrows(IOException.class, () -> adam().resume(true).runFolder(dir.resolve("none")).build()
                    .fit(t));
            assertEquals(dir.resolve("none") + ": nothing to resume (no checkpoints/last); drop --resume to start a run",
                    e.getMessage());
        }
    }

    @Test
    void aRunCappedAtAnEpochsEndLogsNoEmptyEpoch(@TempDir Path dir) throws Exception {
        try (Saved t = new Saved()) {
            Trainer.Result r = adam().epochs(3).maxSteps(16).runFolder(dir.resolve("run")).build().fit(t);
            assertEquals(1, r.epochs());
            assertEquals("step limit of 16", r.stoppedBecause());
        }
        List<Map<String, Object>> log = MetricsLog.read(dir.resolve("run/metrics.jsonl"));
        assertEquals(1, log.size(), log.toString());
        assertTrue(((Number) log.getFirst().get("train_loss")).doubleValue() < 10, log.toString());
    }

    @Test
    void anInterruptedRunSavesItsPlaceAndResumesToTheSameWeights(@TempDir Path dir) throws Exception {
        float[] straight;
        try (Saved t = new Saved()) {
            adam().epochs(2).runFolder(dir.resolve("a")).build().fit(t);
            straight = t.weights();
        }
        Path run = dir.resolve("b");
        try (Saved t = new Saved()) {
            Trainer.Result r = adam().epochs(2).runFolder(run).listener(interruptAt(21, "SIGINT")).build().fit(t);
            assertTrue(r.interrupted());
            assertEquals(21, r.steps());
        }
        assertFalse(Files.exists(run.resolve("model.safetensors")), "an interrupted run writes no model folder");
        try (Saved t = new Saved()) {
            assertEquals(32, adam().epochs(2).runFolder(run).resume(true).build().fit(t).steps());
            assertArrayEquals(straight, t.weights());
        }
    }

    @Test
    void anInterruptedOverwriteLeavesTheOldModelAndResumesIntoItsPlace(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        try (Saved t = new Saved()) {
            adam().epochs(1).runFolder(run).build().fit(t);
        }
        byte[] old = Files.readAllBytes(run.resolve("model.safetensors"));
        try (Saved t = new Saved()) {
            Trainer.Result r = adam().epochs(2).runFolder(run).overwrite(true).listener(interruptAt(5, "SIGTERM")).build().fit(t);
            assertTrue(r.interrupted());
        }
        assertArrayEquals(old, Files.readAllBytes(run.resolve("model.safetensors")), "the old model is intact");
        try (Saved t = new Saved()) {
            assertEquals(32, adam().epochs(2).runFolder(run).resume(true).build().fit(t).steps());
        }
        assertEquals(2, MetricsLog.read(run.resolve("metrics.jsonl")).size(), "the resumed new run's two epochs");
        assertEquals(List.of("run"), names(dir));
    }

    @Test
    void aLimitStopThenResumeWithEarlyStoppingOnEndsLikeAnUninterruptedRun(@TempDir Path dir) throws Exception {
        for (int validateEvery : new int[] {0, 5}) {
            float[] straight;
            Trainer.Result a;
            try (Saved t = new Saved()) {
                a = adam().epochs(4).earlyStopping("loss", 2).validateEvery(validateEvery)
                        .runFolder(dir.resolve("a" + validateEvery)).build().fit(t);
                straight = t.weights();
            }
            Path run = dir.resolve("b" + validateEvery);
            try (Saved t = new Saved()) {
                adam().epochs(4).earlyStopping("loss", 2).validateEvery(validateEvery).maxSteps(23).runFolder(run).build()
                        .fit(t);
            }
            try (Saved t = new Saved()) {
                Trainer.Result b = adam().epochs(4).earlyStopping("loss", 2).validateEvery(validateEvery).resume(true)
                        .runFolder(run).build().fit(t);
                assertEquals(a.steps(), b.steps(), "validateEvery " + validateEvery);
                assertArrayEquals(straight, t.weights(), "validateEvery " + validateEvery);
            }
            List<Long> steps = MetricsLog.read(run.resolve("metrics.jsonl")).stream()
                    .map(m -> ((Number) m.get("step")).longValue()).toList();
            assertTrue(steps.contains(23L), "the stopped run's closing validation stays in the log: " + steps);
        }
    }

    @Test
    void aTornLastLineIsCutAndAChangedBatchSizeIsRefusedOnResume(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        try (Saved t = new Saved()) {
            adam().epochs(3).maxSteps(32).runFolder(run).build().fit(t);
        }
        Files.writeString(run.resolve("metrics.jsonl"), "{\"epoch\":3,\"st", java.nio.file.StandardOpenOption.APPEND);
        try (Saved t = new Saved()) {
            adam().epochs(3).resume(true).runFolder(run).build().fit(t);
        }
        assertEquals(List.of(16L, 32L, 48L), MetricsLog.read(run.resolve("metrics.jsonl")).stream()
                .map(m -> ((Number) m.get("step")).longValue()).toList());
        Path other = dir.resolve("other");
        try (Saved t = new Saved()) {
            adam().epochs(3).maxSteps(20).runFolder(other).build().fit(t);
        }
        try (LinearTask t = new LinearTask(256, 32, 3)) {
            var e = assertThrows(IOException.class, () -> adam().epochs(3).resume(true).runFolder(other).build().fit(t));
            assertEquals(other.resolve("checkpoints/last") + " was saved by a run of 16 batches an epoch; this one has 8"
                    + " (the batch size or the data changed): resume with the config and data it was started with",
                    e.getMessage());
        }
    }

    @Test
    void aStaleReplacementRunIsClearedByAFreshRun(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        try (Saved t = new Saved()) {
            adam().epochs(1).runFolder(run).build().fit(t);
        }
        try (Saved t = new Saved()) {
            adam().epochs(2).runFolder(run).overwrite(true).listener(interruptAt(0, "SIGINT")).build().fit(t);
        }
        assertTrue(Files.isDirectory(dir.resolve(".run.new")), names(dir).toString());
        try (Stream<Path> all = Files.walk(run)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);   // the user deletes the old folder by hand
            }
        }
        try (Saved t = new Saved()) {
            adam().epochs(1).runFolder(run).build().fit(t);
        }
        assertEquals(List.of("run"), names(dir), "the stale replacement run is gone");
        try (Saved t = new Saved()) {
            assertEquals(32, adam().epochs(2).resume(true).runFolder(run).build().fit(t).steps(),
                    "--resume continues the fresh run, not the stale one");
        }
        assertEquals(List.of("run"), names(dir));
    }

    @Test
    void checkIsReadOnly(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        try (Saved t = new Saved()) {
            adam().epochs(1).runFolder(run).build().fit(t);
        }
        try (Saved t = new Saved()) {
            adam().epochs(2).runFolder(run).overwrite(true).listener(interruptAt(0, "SIGINT")).build().fit(t);
        }
        Path staged = dir.resolve(".run.new/checkpoints/last");
        assertTrue(Files.isDirectory(staged));
        RunFolder.check(run, RunFolder.Mode.OVERWRITE);   // (a real --overwrite would start over)
        RunFolder.check(run, RunFolder.Mode.RESUME);
        var e = assertThrows(IOException.class, () -> RunFolder.check(run, RunFolder.Mode.FRESH));
        assertTrue(e.getMessage().contains("already holds a model folder"), e.getMessage());
        assertTrue(Files.isDirectory(staged), "the interrupted replacement run is still there");
        Path fresh = dir.resolve("a/b/new-run");
        RunFolder.check(fresh, RunFolder.Mode.FRESH);
        assertFalse(Files.exists(dir.resolve("a")), "nothing created");
        assertEquals(List.of(".run.new", "run"), names(dir));
    }
}
