package org.rnn4j.models.seq2seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.models.data.gen.DateData;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.train.Trainer;

/**
 * Data parallelism on a seq2seq model with variable-length batches: sharding a global batch
 * over devices, or accumulating it in micro-batches, trains the same model as one device on the
 * whole batch (up to float rounding), and a rerun on the same spec gives the same bits.
 */
class ShardedSeq2SeqTest {
    /**
     * Largest |difference| allowed between a sharded and an unsharded run after 20 Adam steps,
     * relative to the largest |parameter|. The shards' losses are added in another order than one
     * pass adds them, so the gradients differ in their last bits; measured 2e-7 to 3e-6.
     */
    static final double TOLERANCE = 1e-4;

    private static Seq2SeqConfig config(int batchSize) {
        return Seq2SeqConfig.builder().tokenizer(Tokenizer.CHARACTER).embedding(8).encoder(CellType.LSTM, 16, 1)
                .decoderHidden(24).batchSize(batchSize).seed(5).maxLength(12).build();
    }

    /** The parameters after 20 steps of a run on {@code devices} (null: the default, one device). */
    private static List<float[]> train(String devices, int batchSize, int micro) throws Exception {
        List<DateData.Pair> data = DateData.generate(600, 21);
        try (Seq2SeqFamily.Training t = Seq2SeqFamily.fromPairs(config(batchSize), data, List.of())) {
            // A constant, large rate: 20 steps move the weights far (the config's warm-up would barely move them).
            Trainer.Builder b = Trainer.fromConfig(t.training()).epochs(2).maxSteps(20).microBatches(micro)
                    .optimizer(p -> new org.rnn4j.core.optim.Adam(p, 0.02f, 0.9f, 0.999f, 1e-8f, 0f))
                    .fixedSchedule(step -> 0.02f);
            if (devices != null) {
                b.devices(devices);
            }
            assertTrue(org.rnn4j.core.nn.ParameterIndex.of(t.parameters()).gradients() != null,
                    "the model's gradients are one buffer (the devices add them in place)");
            b.build().fit(t);
            List<float[]> out = new ArrayList<>();
            for (Parameter p : t.parameters()) {
                out.add(p.value().toArray());
            }
            return out;
        }
    }

    private static double relativeDifference(List<float[]> a, List<float[]> b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < a.get(i).length; j++) {
                diff = Math.max(diff, Math.abs(a.get(i)[j] - b.get(i)[j]));
                scale = Math.max(scale, Math.abs(a.get(i)[j]));
            }
        }
        return diff / scale;
    }

    @Test
    void twoAndThreeDevicesTrainTheModelOneDeviceTrains() throws Exception {
        List<float[]> one = train("cpu:1", 24, 1);
        List<float[]> two = train("cpu:2x1", 24, 1);
        List<float[]> three = train("cpu:3x1", 24, 1);
        double d2 = relativeDifference(one, two);
        double d3 = relativeDifference(one, three);
        System.out.printf(Locale.ROOT, "sharded seq2seq after 20 steps: 2 devices differ by %.2e, 3 by %.2e (relative)%n",
                d2, d3);
        assertTrue(d2 < TOLERANCE, "2 devices: " + d2);
        assertTrue(d3 < TOLERANCE, "3 devices: " + d3);
        List<float[]> untrained;
        try (Seq2SeqFamily.Training t = Seq2SeqFamily.fromPairs(config(24), DateData.generate(600, 21), List.of())) {
            untrained = t.parameters().stream().map(p -> p.value().toArray()).toList();
        }
        assertTrue(relativeDifference(one, untrained) > 100 * TOLERANCE, "the runs did train");
    }

    @Test
    void aRerunOnTheSameDevicesGivesTheSameBits() throws Exception {
        List<float[]> a = train("cpu:3x1", 24, 1);
        List<float[]> b = train("cpu:3x1", 24, 1);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "parameter " + i);
        }
    }

    @Test
    void twoMicroBatchesEqualOneBatchOfTwiceTheSize() throws Exception {
        List<float[]> whole = train("cpu:1", 32, 1);
        List<float[]> accumulated = train("cpu:1", 32, 2);
        double d = relativeDifference(whole, accumulated);
        System.out.printf(Locale.ROOT, "2 micro-batches of 16 vs one batch of 32: %.2e (relative)%n", d);
        assertTrue(d < TOLERANCE, "accumulated: " + d);
        assertEquals(whole.size(), accumulated.size());
    }

    @Test
    void microBatchesNeedTheMemoryOfOnePiece() throws Exception {
        long[] bytes = new long[2];
        for (int micro = 1; micro <= 2; micro++) {
            try (Seq2SeqFamily.Training t = Seq2SeqFamily.fromPairs(config(64), DateData.generate(640, 21), List.of())) {
                bytes[micro - 1] = Trainer.fromConfig(t.training()).epochs(1).maxSteps(3).microBatches(micro).build()
                        .fit(t).stepBytes();
            }
        }
        System.out.printf(Locale.ROOT, "step memory: one batch of 64 %d bytes, 2 micro-batches of 32 %d bytes%n",
                bytes[0], bytes[1]);
        assertTrue(bytes[1] < 0.75 * bytes[0], "micro-batches: " + bytes[1] + " vs " + bytes[0]);
    }
}
