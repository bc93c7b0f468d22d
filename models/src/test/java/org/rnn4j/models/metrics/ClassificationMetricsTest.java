package org.rnn4j.models.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void accuracyCountsEqualPositions() {
        assertEquals(0.6, Metrics.accuracy(new int[] {0, 1, 2, 2, 1}, new int[] {0, 1, 1, 2, 0}), EPS);
        assertEquals(1.0, Metrics.accuracy(new int[] {3}, new int[] {3}), EPS);
        assertEquals(0.0, Metrics.accuracy(new int[] {1, 0}, new int[] {0, 1}), EPS);
    }

    @Test
    void accuracyRejectsMismatchedAndEmptyInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(new int[] {1, 2, 3}, new int[] {1, 2}));
        assertEquals("predicted has 3 labels but gold has 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[0], new int[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    /**
     * gold = 0 0 0 0 1 1 2 2 2 2, predicted = 0 0 1 2 1 1 1 2 2 0. Confusion (rows gold, columns
     * predicted): [2 1 1; 0 2 0; 1 1 2]. Column sums (times predicted) 3, 4, 3; row sums (support)
     * 4, 2, 4; diagonal (TP) 2, 2, 2.
     * <ul>
     * <li>class 0: P = 2/3, R = 2/4, F1 = 2·(1/3)/(7/6) = 4/7
     * <li>class 1: P = 2/4, R = 2/2, F1 = 2·(1/2)/(3/2) = 2/3
     * <li>class 2: P = 2/3, R = 2/4, F1 = 4/7
     * <li>macro-F1 = (4/7 + 2/3 + 4/7) / 3 = 38/63; accuracy 6/10
     * </ul>
     */
    @Test
    void f1OnAThreeClassConfusionMatrix() {
        int[] gold = {0, 0, 0, 0, 1, 1, 2, 2, 2, 2};
        int[] pred = {0, 0, 1, 2, 1, 1, 1, 2, 2, 0};
        F1Report r = Metrics.f1(pred, gold, 3);
        assertArrayEquals(new int[] {2, 1, 1}, r.confusion()[0]);
        assertArrayEquals(new int[] {0, 2, 0}, r.confusion()[1]);
        assertArrayEquals(new int[] {1, 1, 2}, r.confusion()[2]);
        assertArrayEquals(new int[] {4, 2, 4}, r.support());
        assertArrayEquals(new double[] {2.0 / 3, 0.5, 2.0 / 3}, r.precision(), EPS);
        assertArrayEquals(new double[] {0.5, 1.0, 0.5}, r.recall(), EPS);
        assertArrayEquals(new double[] {4.0 / 7, 2.0 / 3, 4.0 / 7}, r.f1(), EPS);
        assertEquals(38.0 / 63, r.macroF1(), EPS);
        assertTrue(Double.isNaN(r.positiveF1()), "no positive class for 3 classes");
        assertEquals(0.6, Metrics.accuracy(pred, gold), EPS);
        assertEquals(3, r.numClasses());
    }

    /**
     * gold = 1 1 1 0 0 0 0 1, predicted = 1 0 1 1 0 0 0 0: TP = 2, FN = 2, FP = 1, TN = 3. Positive
     * class: P = 2/3, R = 1/2, F1 = 4/7. Negative class: P = 3/5, R = 3/4, F1 = 0.9/1.35 = 2/3.
     */
    @Test
    void binaryF1ReportsThePositiveClass() {
        F1Report r = Metrics.f1(new int[] {1, 0, 1, 1, 0, 0, 0, 0}, new int[] {1, 1, 1, 0, 0, 0, 0, 1}, 2);
        assertEquals(4.0 / 7, r.positiveF1(), EPS);
        assertEquals(2.0 / 3, r.f1(0), EPS);
        assertEquals(2.0 / 3, r.precision(1), EPS);
        assertEquals(0.5, r.recall(1), EPS);
        assertEquals((4.0 / 7 + 2.0 / 3) / 2, r.macroF1(), EPS);
    }

    @Test
    void classesAbsentFromGoldAndPredictionsAreLeftOutOfTheMacroAverage() {
        // Class 3 never occurs; class 2 is predicted once but never gold (precision 0, recall 0).
        F1Report r = Metrics.f1(new int[] {0, 1, 2}, new int[] {0, 1, 1}, 4);
        assertEquals(0.0, r.f1(3), EPS);
        assertEquals(0.0, r.f1(2), EPS);
        assertEquals(0.0, r.precision(2), EPS);
        assertEquals(1.0, r.f1(0), EPS);
        assertEquals(2.0 / 3, r.f1(1), EPS); // P = 1, R = 1/2
        assertEquals((1.0 + 2.0 / 3 + 0.0) / 3, r.macroF1(), EPS);
    }

    @Test
    void f1RejectsLabelsOutsideTheClassRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.f1(new int[] {0, 2}, new int[] {0, 1}, 2));
        assertEquals("predicted[1] = 2 is outside [0, 2)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.f1(new int[] {0}, new int[] {-1}, 2));
        assertThrows(IllegalArgumentException.class, () -> Metrics.f1(new int[] {0}, new int[] {0}, 1));
        assertThrows(IllegalArgumentException.class, () -> Metrics.f1(new int[] {0}, new int[] {0, 1}, 2));
    }

    @Test
    void theReportIsACopy() {
        F1Report r = Metrics.f1(new int[] {0, 1}, new int[] {0, 1}, 2);
        r.f1()[0] = 42;
        r.confusion()[0][0] = 42;
        assertEquals(1.0, r.f1(0), EPS);
        assertEquals(1, r.confusion()[0][0]);
        assertTrue(r.toString().contains("macro-F1 1.0000"), r.toString());
    }
}
