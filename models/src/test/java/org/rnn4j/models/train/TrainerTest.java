package org.rnn4j.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.core.autograd.Pointwise;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.optim.Adam;
import org.rnn4j.models.metrics.MetricsLog;

/** The one training loop on a small linear-regression task: limits, validation, checkpoints, resume, listeners. */
class TrainerTest {

    private static Trainer.Builder adam() {
        return Trainer.builder().optimizer(p -> new Adam(p, 0.05f, 0.9f, 0.999f, 1e-8f, 0f));
    }

    @Test
    void learnsAndReportsTrainingAndWallSeconds() throws Exception {
        try (LinearTask t = new LinearTask(256, 16, 3)) {
            double before = t.validate().get("loss");
            Trainer.Result r = adam().epochs(20).build().fit(t);
            assertEquals(20 * 16, r.steps());
            assertEquals(20, r.epochs());
            assertEquals(20, r.history().size(), "one validation per epoch");
            assertTrue(r.lastMetrics().get("loss") < before / 100, before + " -> " + r.lastMetrics());
            assertEquals(3.0, t.predict(new float[] {1, 1, 1, 1}), 0.05);
            assertTrue(r.trainSeconds() > 0 && r.trainSeconds() <= r.wallSeconds(), r.trainSeconds() + " / "
                    + r.wallSeconds());
            assertEquals("ran 20 epoch(s)", r.stoppedBecause());
        }
    }

    @Test
    void validatesEveryNStepsAndOnceAtTheEnd() throws Exception {
        try (LinearTask t = new LinearTask(256, 16, 3)) {
            Trainer.Result r = adam().epochs(2).validateEvery(5).build().fit(t);
            List<Long> steps = r.history().stream().map(h -> ((Number) h.get("step")).longValue()).toList();
            assertEquals(List.of(5L, 10L, 15L, 20L, 25L, 30L, 32L), steps);
            assertEquals(2, ((Number) r.history().get(3).get("epoch")).intValue(), "step 20 is in epoch 2");
        }
    }

    @Test
    void stepAndTimeLimitsAndAListenerStopTheRun() throws Exception {
        try (LinearTask t = new LinearTask(256, 16, 3)) {
            assertEquals("step limit of 21", adam().epochs(5).maxSteps(21).build().fit(t).stoppedBecause());
        }
        try (LinearTask t = new LinearTask(256, 16, 3)) {
            Trainer.Result r = adam().epochs(5).listener(new TrainListener() {
                @Override
                public void afterStep(Trainer.State s) {
                    if (s.globalStep() == 7) {
                        s.stop("enough");
                    }
                }
            }).build().fit(t);
            assertEquals(7, r.steps());
            assertEquals("enough", r.stoppedBecause());
            assertEquals(1, r.history().size(), "the partial epoch is still validated");
        }
        try (LinearTask t = new LinearTask(256, 16, 3)) {
            Trainer.Result r = adam().epochs(1_000_000).maxSeconds(0.3).build().fit(t);
            assertTrue(r.stoppedBecause().startsWith("time limit of 0.3 s"), r.stoppedBecause());
            assertTrue(r.steps() < 1_000_000L * 16);
        }
    }

    @Test
    void earlyStoppingKeepsTheBestWeightsInMemory() throws Exception {
        double[] scores = {0.5, 0.9, 0.7, 0.6, 0.95};
        List<float[]> atValidation = new ArrayList<>();
        try (LinearTask base = new LinearTask(64, 16, 3)) {
            LinearTask t = new LinearTask(64, 16, 3) {
                private int n;

                @Override
                public Map<String, Double> validate() {
                    return Map.of("accuracy", scores[n++]);
                }
            };
            try (t) {
                Trainer.Result r = adam().epochs(5).earlyStopping("accuracy", 2).listener(new TrainListener() {
                    @Override
                    public void afterValidation(Trainer.State s) {
                        atValidation.add(t.weights());
                    }
                }).build().fit(t);
                assertEquals(4, r.epochs(), "two validations without a better score end the run");
                assertEquals(0.9, r.bestMetric());
                assertEquals("early stop on validation accuracy", r.stoppedBecause());
                assertArrayEquals(atValidation.get(1), t.weights(), "the weights of the best validation are back");
            }
        }
    }

    @Test
    void lowerIsBetterForLossLikeMetrics() throws Exception {
        try (LinearTask t = new LinearTask(256, 16, 3)) {
            Trainer.Result r = adam().epochs(5).earlyStopping("loss", 1).build().fit(t);
            double min = r.history().stream().mapToDouble(h -> ((Number) h.get("val_loss")).doubleValue()).min()
                    .orElseThrow();
            assertEquals(min, r.bestMetric(), 1e-12);
        }
    }

    @Test
    void aRunResumedMidEpochEndsWhereAnUninterruptedRunEnds(@TempDir Path dir) throws Exception {
        float[] straight;
        try (LinearTask t = new LinearTask(256, 16, 3)) {
            adam().epochs(2).runFolder(dir.resolve("a")).build().fit(new Saving(t));
            straight = t.weights();
        }
        // Stopped after 21 steps (epoch 2, batch 5), with checkpoints every 4 steps; then resumed.
        try (LinearTask t = new LinearTask(256, 16, 3)) {
            Trainer.Result r = adam().epochs(2).maxSteps(21).checkpointEvery(4).runFolder(dir.resolve("b")).build()
                    .fit(new Saving(t));
            assertEquals(21, r.steps());
        }
        try (LinearTask t = new LinearTask(256, 16, 3)) {
            Trainer.Result r = adam().epochs(2).resume(true).runFolder(dir.resolve("b"))
                    .log(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).build().fit(new Saving(t));
            assertEquals(32, r.steps());
            assertArrayEquals(straight, t.weights(), "the resumed run takes the same steps from the same state");
        }
        List<Map<String, Object>> log = MetricsLog.read(dir.resolve("b/metrics.jsonl"));
        assertEquals(List.of(1, 2, 2), log.stream().map(m -> ((Number) m.get("epoch")).intValue()).toList(),
                "epoch 1, the stop in epoch 2, the end of epoch 2");
        assertTrue(Files.isRegularFile(dir.resolve("b/curve.svg")) && Files.isRegularFile(dir.resolve("b/model.safetensors")));
    }

    @Test
    void aRunValidatingEveryNStepsResumesWhereItStopped(@TempDir Path dir) throws Exception {
        float[] straight;
        try (LinearTask t = new LinearTask(256, 16, 3)) {
            adam().epochs(3).validateEvery(5).runFolder(dir.resolve("a")).build().fit(new Saving(t));
            straight = t.weights();
        }
        try (LinearTask t = new LinearTask(256, 16, 3)) {
            adam().epochs(3).validateEvery(5).maxSteps(23).runFolder(dir.resolve("b")).build().fit(new Saving(t));
        }
        try (LinearTask t = new LinearTask(256, 16, 3)) {
            Trainer.Result r = adam().epochs(3).validateEvery(5).resume(true).runFolder(dir.resolve("b"))
                    .log(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).build().fit(new Saving(t));
            assertEquals(48, r.steps());
            assertArrayEquals(straight, t.weights());
        }
        List<Map<String, Object>> log = MetricsLog.read(dir.resolve("b/metrics.jsonl"));
        assertEquals(List.of(5L, 10L, 15L, 20L, 23L, 25L, 30L, 35L, 40L, 45L, 48L),
                log.stream().map(m -> ((Number) m.get("step")).longValue()).toList());
        assertEquals(2, ((Number) log.get(4).get("epoch")).intValue(), "the stop at step 23 is in epoch 2");
    }

    /** The linear task with a model folder (just its weights), and early stopping off so the last weights stay. */
    private static final class Saving implements Trainable<float[][]> {
        private final LinearTask t;

        Saving(LinearTask t) {
            this.t = t;
        }

        @Override
        public Map<String, org.rnn4j.core.nn.Parameter> namedParameters() {
            return t.namedParameters();
        }

        @Override
        public List<org.rnn4j.core.nn.Parameter> parameters() {
            return t.parameters();
        }

        @Override
        public long batchesPerEpoch() {
            return t.batchesPerEpoch();
        }

        @Override
        public java.util.Iterator<float[][]> batches(int epoch) {
            return t.batches(epoch);
        }

        @Override
        public Var loss(Tape tape, float[][] batch) {
            return t.loss(tape, batch);
        }

        @Override
        public Map<String, Double> validate() {
            return Map.of();
        }

        @Override
        public void save(Path dir, Map<String, Object> metrics) throws IOException {
            RunFiles.writeWeights(dir.resolve("model.safetensors"), t.namedParameters(), "linear");
        }
    }

    @Test
    void aNonFiniteLossStopsWithALineThatSaysWhere() throws Exception {
        try (LinearTask t = new LinearTask(256, 16, 3) {
            private int calls;

            @Override
            public Var loss(Tape tape, float[][] rows) {
                Var l = super.loss(tape, rows);
                return ++calls == 3 ? Pointwise.scale(l, Float.NaN) : l;
            }
        }) {
            var e = assertThrows(IOException.class, () -> adam().epochs(2).build().fit(t));
            assertEquals("the loss became NaN at epoch 1, step 3; training stopped (this run keeps no checkpoints). Try a"
                    + " lower learning rate or clipNorm.", e.getMessage());
        }
    }

    @Test
    void aMetricTheModelDoesNotReportIsNamed() throws Exception {
        try (LinearTask t = new LinearTask(64, 16, 3)) {
            var e = assertThrows(IllegalStateException.class, () -> adam().epochs(1).earlyStopping("bleu", 2).build()
                    .fit(t));
            assertEquals("early stopping watches validation metric 'bleu', which this model does not report (it reports"
                    + " [loss])", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().resume(true).build());
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().epochs(0));
    }
}
