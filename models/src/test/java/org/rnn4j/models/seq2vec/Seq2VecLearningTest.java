package org.rnn4j.models.seq2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.models.train.EpochHistory;
import org.rnn4j.models.train.FitSettings;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.tensor.NativeAllocator;

/**
 * Small tasks the model must learn, each in a few seconds on two cores: parity of variable-length
 * bit strings (tokens, LAST pooling), the sign of a sum of values (features, bidirectional, MEAN
 * pooling) and the maximum of a signal (regression, MAX pooling).
 */
class Seq2VecLearningTest {

    /** Bit strings of lengths 2..12; label = parity (XOR of the bits). */
    static Batch parity(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] tokens = new int[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = new int[2 + r.nextInt(11)];
            for (int t = 0; t < tokens[i].length; t++) {
                tokens[i][t] = r.nextInt(2);
                labels[i] ^= tokens[i][t];
            }
        }
        return Batch.ofTokens(tokens).withLabels(labels);
    }

    /** Sequences of 5..20 values from N(0, 1); label 1 when their sum is positive. */
    static Batch sumSign(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][][] x = new float[n][][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = new float[5 + r.nextInt(16)][1];
            double s = 0;
            for (float[] step : x[i]) {
                step[0] = (float) gaussian(r);
                s += step[0];
            }
            labels[i] = s > 0 ? 1 : 0;
        }
        return Batch.ofFeatures(x).withLabels(labels);
    }

    /** Sequences of 3..15 values from N(0, 1); target: their maximum. */
    static Batch maxSignal(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][][] x = new float[n][][];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            x[i] = new float[3 + r.nextInt(13)][1];
            float m = Float.NEGATIVE_INFINITY;
            for (float[] step : x[i]) {
                step[0] = (float) gaussian(r);
                m = Math.max(m, step[0]);
            }
            y[i][0] = m;
        }
        return Batch.ofFeatures(x).withTargets(y);
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void learnsParityOfVariableLengthBitStrings() throws Exception {
        Batch train = parity(4000, 1);
        Batch test = parity(1000, 2);
        Seq2VecSpec spec = Seq2VecSpec.tokens(2, 8, 32, 2).withCell(CellType.GRU);
        FitSettings s = Seq2VecTrainer.defaults().withEpochs(30).withBatchSize(32).withLr(1e-2f)
                .withSeed(3).withMaxSeconds(20);
        try (NativeAllocator params = new NativeAllocator("parity");
             Seq2Vec model = new Seq2Vec(spec, params, 42);
             Seq2VecTrainer trainer = new Seq2VecTrainer(model, s)) {
            double[] acc = new double[1];
            EpochHistory.History h = trainer.fit(train, null, e -> (acc[0] = model.accuracy(test)) >= 0.99);
            System.out.printf(Locale.ROOT, "parity: held-out accuracy %.3f after %d epochs, %d steps, %.2f s (%s)%n",
                    acc[0], h.last().epoch(), h.steps(), h.seconds(), h.stoppedBecause());
            assertTrue(acc[0] >= 0.95, "parity accuracy " + acc[0]);
        }
    }

    @Test
    void learnsTheSignOfASumOfFeatureValues() throws Exception {
        Batch train = sumSign(3000, 11);
        Batch test = sumSign(1000, 12);
        Seq2VecSpec spec = Seq2VecSpec.features(1, 16, 2).withCell(CellType.GRU).withBidirectional(true)
                .withPooling(Pooling.MEAN);
        FitSettings s = Seq2VecTrainer.defaults().withEpochs(30).withBatchSize(32).withLr(1e-2f)
                .withSeed(4).withMaxSeconds(20);
        try (NativeAllocator params = new NativeAllocator("sum sign");
             Seq2Vec model = new Seq2Vec(spec, params, 43);
             Seq2VecTrainer trainer = new Seq2VecTrainer(model, s)) {
            double[] acc = new double[1];
            EpochHistory.History h = trainer.fit(train, null, e -> (acc[0] = model.accuracy(test)) >= 0.97);
            System.out.printf(Locale.ROOT, "sum sign: held-out accuracy %.3f after %d epochs, %d steps, %.2f s (%s)%n",
                    acc[0], h.last().epoch(), h.steps(), h.seconds(), h.stoppedBecause());
            assertTrue(acc[0] >= 0.95, "sum-sign accuracy " + acc[0]);
        }
    }

    @Test
    void regressesTheMaximumOfASignalWithMaxPooling() throws Exception {
        Batch train = maxSignal(3000, 21);
        Batch test = maxSignal(1000, 22);
        double mean = 0;
        for (float[] t : test.targets()) {
            mean += t[0];
        }
        mean /= test.size();
        double variance = 0;
        for (float[] t : test.targets()) {
            variance += (t[0] - mean) * (t[0] - mean);
        }
        variance /= test.size();
        Seq2VecSpec spec = Seq2VecSpec.features(1, 16, 2).withCell(CellType.LSTM).withPooling(Pooling.MAX).regression(1);
        FitSettings s = Seq2VecTrainer.defaults().withEpochs(30).withBatchSize(32).withLr(1e-2f)
                .withSeed(5).withMaxSeconds(20);
        double var = variance;
        try (NativeAllocator params = new NativeAllocator("max signal");
             Seq2Vec model = new Seq2Vec(spec, params, 44);
             Seq2VecTrainer trainer = new Seq2VecTrainer(model, s)) {
            double[] mse = new double[1];
            EpochHistory.History h = trainer.fit(train, null, e -> (mse[0] = model.meanSquaredError(test)) < 0.02 * var);
            System.out.printf(Locale.ROOT, "max signal: held-out MSE %.4f (target variance %.4f) after %d epochs,"
                    + " %d steps, %.2f s (%s)%n", mse[0], var, h.last().epoch(), h.steps(), h.seconds(), h.stoppedBecause());
            assertTrue(mse[0] < 0.05 * var, "MSE " + mse[0] + " vs variance " + var);
        }
    }

    @Test
    void sameSeedsGiveTheSameRun() throws Exception {
        Batch train = parity(300, 7);
        float[][] first = null;
        for (int run = 0; run < 2; run++) {
            Seq2VecSpec spec = Seq2VecSpec.tokens(2, 4, 8, 2).withPooling(Pooling.MAX).withDropout(0.2f)
                    .withLayers(2).withRnnDropout(0.1f);
            try (NativeAllocator params = new NativeAllocator("det");
                 Seq2Vec model = new Seq2Vec(spec, params, 9);
                 Seq2VecTrainer trainer = new Seq2VecTrainer(model,
                         Seq2VecTrainer.defaults().withEpochs(2).withSeed(1))) {
                EpochHistory.History h = trainer.fit(train, null);
                assertEquals(2, h.epochs().size());
                float[][] scores = model.predictScores(train.slice(0, 20));
                if (first == null) {
                    first = scores;
                } else {
                    for (int i = 0; i < scores.length; i++) {
                        assertArrayEquals(first[i], scores[i]);
                    }
                }
            }
        }
    }
}
