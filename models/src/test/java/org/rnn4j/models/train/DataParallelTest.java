package org.rnn4j.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-parallel seam on a small model: faults, shares and the run folder's record. */
class DataParallelTest {

    @Test
    void sharesCutABatchByLargestRemainders() {
        assertArrayEquals(new int[] {5, 5}, DataParallel.split(10, new double[] {0.5, 0.5}));
        assertArrayEquals(new int[] {4, 3, 3}, DataParallel.split(10, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}));
        assertArrayEquals(new int[] {1, 1, 0}, DataParallel.split(2, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}));
        assertArrayEquals(new int[] {7, 3}, DataParallel.split(10, new double[] {0.7, 0.3}));
    }

    @Test
    void aFailingDeviceStopsTheStepBeforeAnyUpdateAndTheLastCheckpointLoads(@TempDir Path dir) throws Exception {
        float[] afterTwo;
        try (ShardedLinearTask t = new ShardedLinearTask(64, 16, 3, 0, 0)) {
            Trainer.builder().epochs(1).maxSteps(2).devices("cpu:2x1").build().fit(t);
            afterTwo = t.weights();
        }
        Path run = dir.resolve("run");
        try (ShardedLinearTask t = new ShardedLinearTask(64, 16, 3, 1, 3)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trainer.builder().epochs(1)
                    .devices("cpu:2x1").runFolder(run).checkpointEvery(1).build().fit(t));
            assertEquals("device cpu:1 failed in step 3: ArithmeticException: replica 1 failed on purpose (no parameter"
                    + " was updated)", e.getMessage());
            assertArrayEquals(afterTwo, t.weights(), "the failed step changed nothing");
            for (var p : t.parameters()) {
                for (float g : p.grad().toArray()) {
                    assertEquals(0f, g, "gradients are cleared");
                }
            }
        }
        assertTrue(Files.isRegularFile(run.resolve("checkpoints/last/model.safetensors")), "the last checkpoint stays");
        try (ShardedLinearTask t = new ShardedLinearTask(64, 16, 3, 0, 0)) {
            RunFiles.loadWeights(run.resolve("checkpoints/last"), t.namedParameters(), () -> { });
            assertArrayEquals(afterTwo, t.weights(), "checkpoints/last holds the weights after step 2");
        }
    }

    @Test
    void theRunFolderRecordsTheDevicesAndTheirShares(@TempDir Path dir) throws Exception {
        try (ShardedLinearTask t = new ShardedLinearTask(64, 16, 3, 0, 0)) {
            Trainer.builder().epochs(1).maxSteps(1).devices("cpu:3x1").microBatches(2).runFolder(dir.resolve("r"))
                    .build().fit(t);
        }
        var rec = RunFiles.readJson(dir.resolve("r").resolve(RunDevices.FILE));
        assertEquals("cpu:3x1", rec.path("devices").asString());
        assertEquals(2, rec.path("microBatches").asInt());
        assertEquals(3, rec.path("shares").size());
    }

    @Test
    void aModelThatCannotBeShardedIsRefusedWithItsName() throws Exception {
        try (LinearTask t = new LinearTask(64, 16, 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Trainer.builder().epochs(1).devices("cpu:2x1").build().fit(t));
            assertEquals("LinearTask cannot be sharded over devices: it offers no replicas (it is not a train.Shardable);"
                    + " train it on one device (cpu:N)", e.getMessage());
        }
    }

    @Test
    void autoMeasuresOnceRecordsItsChoiceAndAResumeKeepsIt(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("auto");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ShardedLinearTask t = new ShardedLinearTask(64, 16, 3, 0, 0)) {
            Trainer.builder().epochs(1).maxSteps(2).devices("auto").runFolder(run).checkpointEvery(1)
                    .log(new PrintStream(log, true, StandardCharsets.UTF_8)).build().fit(t);
        }
        var rec = RunFiles.readJson(run.resolve(RunDevices.FILE));
        int cores = Runtime.getRuntime().availableProcessors();
        String chosen = rec.path("devices").asString();
        if (cores > 1) {
            assertTrue(chosen.equals("cpu:1") || chosen.equals("cpu:" + cores) || chosen.equals("cpu:" + cores + "x1"),
                    chosen);
            assertEquals(3, rec.path("auto").size(), rec.toString());
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("devices: auto measured "), log.toString());
        }
        log.reset();
        try (ShardedLinearTask t = new ShardedLinearTask(64, 16, 3, 0, 0)) {
            Trainer.builder().epochs(1).maxSteps(3).devices("auto").runFolder(run).resume(true)
                    .log(new PrintStream(log, true, StandardCharsets.UTF_8)).build().fit(t);
        }
        if (cores > 1) {
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("devices: auto chose " + chosen
                    + " when this run started"), log.toString());
            assertEquals(chosen, RunFiles.readJson(run.resolve(RunDevices.FILE)).path("devices").asString());
        }
    }

    @Test
    void unevenDevicesGetSharesByTheirMeasuredThroughputAndTrainTheSameModel(@TempDir Path dir) throws Exception {
        float[] one;
        try (ShardedLinearTask t = new ShardedLinearTask(256, 64, 5, 0, 0)) {
            Trainer.builder().epochs(1).maxSteps(4).devices("cpu:1").build().fit(t);
            one = t.weights();
        }
        Path run = dir.resolve("uneven");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ShardedLinearTask t = new ShardedLinearTask(256, 64, 5, 0, 0)) {
            Trainer.builder().epochs(1).maxSteps(4).devices("cpu:2+1").runFolder(run)
                    .log(new PrintStream(log, true, StandardCharsets.UTF_8)).build().fit(t);
            float[] two = t.weights();
            for (int i = 0; i < one.length; i++) {
                assertEquals(one[i], two[i], 1e-5f, "weight " + i + " (whatever the measured split)");
            }
        }
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("devices: measured throughput ["), log.toString());
        var rec = RunFiles.readJson(run.resolve(RunDevices.FILE));
        assertEquals("cpu:2+1", rec.path("devices").asString());
        assertEquals(2, rec.path("shares").size());
        assertTrue(rec.path("shares").get(0).asDouble() > 0 && rec.path("shares").get(1).asDouble() > 0, rec.toString());
    }

    @Test
    void aResumedShardedRunContinuesTheRunItResumes(@TempDir Path dir) throws Exception {
        float[] straight;
        try (ShardedLinearTask t = new ShardedLinearTask(128, 16, 7, 0, 0)) {
            Trainer.builder().epochs(1).maxSteps(6).devices("cpu:2x1").build().fit(t);
            straight = t.weights();
        }
        Path run = dir.resolve("resumed");
        try (ShardedLinearTask t = new ShardedLinearTask(128, 16, 7, 0, 0)) {
            Trainer.builder().epochs(1).maxSteps(3).devices("cpu:2x1").runFolder(run).checkpointEvery(1).build().fit(t);
        }
        try (ShardedLinearTask t = new ShardedLinearTask(128, 16, 7, 0, 0)) {
            Trainer.builder().epochs(1).maxSteps(6).devices("cpu:2x1").runFolder(run).resume(true).build().fit(t);
            // The replicas get the checkpoint's weights before the first resumed step (they had the fresh ones).
            assertArrayEquals(straight, t.weights());
        }
    }
}
