package org.rnn4j.models.metrics;

import java.util.Arrays;
import java.util.Locale;

/**
 * Per-class precision, recall and F1 from {@link Metrics#f1(int[], int[], int)}, with the confusion
 * matrix they come from. All values are fractions in [0, 1]. The arrays are copied in and out.
 *
 * @param confusion {@code confusion[g][p]}: how many examples of gold class {@code g} were predicted
 *     as class {@code p}
 * @param precision per class: TP / (TP + FP), 0 when the class was never predicted
 * @param recall per class: TP / (TP + FN), 0 when the class never occurs in gold
 * @param f1 per class: 2·P·R / (P + R), 0 when P + R = 0
 * @param support per class: how many gold examples have that class
 * @param macroF1 unweighted mean of {@code f1} over the classes that occur in gold or in the
 *     predictions (scikit-learn's {@code average="macro"} with its default labels)
 * @param positiveF1 for 2 classes, the F1 of class 1 (scikit-learn's {@code average="binary"});
 *     NaN for more classes
 */
public record F1Report(int[][] confusion, double[] precision, double[] recall, double[] f1, int[] support,
        double macroF1, double positiveF1) {

    public F1Report {
        confusion = deepCopy(confusion);
        precision = precision.clone();
        recall = recall.clone();
        f1 = f1.clone();
        support = support.clone();
    }

    public int numClasses() {
        return f1.length;
    }

    @Override
    public int[][] confusion() {
        return deepCopy(confusion);
    }

    @Override
    public double[] precision() {
        return precision.clone();
    }

    @Override
    public double[] recall() {
        return recall.clone();
    }

    @Override
    public double[] f1() {
        return f1.clone();
    }

    @Override
    public int[] support() {
        return support.clone();
    }

    public double precision(int c) {
        return precision[c];
    }

    public double recall(int c) {
        return recall[c];
    }

    public double f1(int c) {
        return f1[c];
    }

    private static int[][] deepCopy(int[][] m) {
        int[][] r = new int[m.length][];
        for (int i = 0; i < m.length; i++) {
            r[i] = m[i].clone();
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof F1Report r && Arrays.deepEquals(confusion, r.confusion)
                && Arrays.equals(precision, r.precision) && Arrays.equals(recall, r.recall)
                && Arrays.equals(f1, r.f1) && Arrays.equals(support, r.support)
                && Double.compare(macroF1, r.macroF1) == 0 && Double.compare(positiveF1, r.positiveF1) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(confusion) * 31 + Double.hashCode(macroF1);
    }

    /** A small table: one row per class, then the macro F1 (and the positive-class F1 for 2 classes). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("class  precision  recall  f1      support\n");
        for (int c = 0; c < f1.length; c++) {
            sb.append(String.format(Locale.ROOT, "%-5d  %.4f     %.4f  %.4f  %d%n", c, precision[c], recall[c], f1[c],
                    support[c]));
        }
        sb.append(String.format(Locale.ROOT, "macro-F1 %.4f", macroF1));
        if (!Double.isNaN(positiveF1)) {
            sb.append(String.format(Locale.ROOT, ", positive-class F1 %.4f", positiveF1));
        }
        return sb.toString();
    }
}
