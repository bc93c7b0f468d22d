package org.rnn4j.models.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplingTest {

    /** Softmax in double precision, the reference the draws are checked against. */
    private static double[] softmax(double[] s) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : s) {
            max = Math.max(max, x);
        }
        double z = 0;
        double[] p = new double[s.length];
        for (int k = 0; k < s.length; k++) {
            p[k] = Math.exp(s[k] - max);
            z += p[k];
        }
        for (int k = 0; k < s.length; k++) {
            p[k] /= z;
        }
        return p;
    }

    @Test
    void drawsFollowTheSoftmaxAndReportTheirLogProbability() {
        double[] scores = {0.5, -1.0, 2.0, Double.NEGATIVE_INFINITY, 0.0};
        double[] p = softmax(scores);
        SplittableRandom rng = new SplittableRandom(1);
        int n = 200_000;
        int[] counts = new int[scores.length];
        for (int i = 0; i < n; i++) {
            Sampling.Draw d = Sampling.draw(scores.clone(), 0, rng);
            counts[d.token()]++;
            assertEquals(Math.log(p[d.token()]), d.logProb(), 1e-12);
        }
        assertEquals(0, counts[3], "a -inf score is never drawn");
        for (int k = 0; k < scores.length; k++) {
            double sd = Math.sqrt(p[k] * (1 - p[k]) / n);
            assertEquals(p[k], counts[k] / (double) n, 5 * sd + 1e-9, "token " + k);
        }
    }

    @Test
    void topKKeepsTheKHighestScoresAndRenormalises() {
        double[] scores = {0.1, 3.0, 2.0, -0.5, 1.0};
        double[] kept = {Double.NEGATIVE_INFINITY, 3.0, 2.0, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] p = softmax(kept);
        SplittableRandom rng = new SplittableRandom(2);
        int n = 100_000;
        int[] counts = new int[scores.length];
        for (int i = 0; i < n; i++) {
            Sampling.Draw d = Sampling.draw(scores.clone(), 2, rng);
            counts[d.token()]++;
            assertEquals(Math.log(p[d.token()]), d.logProb(), 1e-12);
        }
        assertEquals(0, counts[0] + counts[3] + counts[4]);
        assertEquals(p[1], counts[1] / (double) n, 5 * Math.sqrt(p[1] * p[2] / n));
        assertNotEquals(0, counts[2]);
    }

    @Test
    void theSameSeedDrawsTheSameTokens() {
        double[] scores = {0.3, 0.2, 0.1, 0.0, -0.1, -0.2};
        SplittableRandom a = new SplittableRandom(9);
        SplittableRandom b = new SplittableRandom(9);
        for (int i = 0; i < 1000; i++) {
            assertEquals(Sampling.draw(scores.clone(), 3, a), Sampling.draw(scores.clone(), 3, b));
        }
    }
}
