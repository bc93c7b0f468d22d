package org.rnn4j.models.data.gen;

import org.rnn4j.models.data.FeatureRows;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.models.data.sets.Mnist;

/**
 * Images of digit strings made from real MNIST digits, for image → sequence: each example puts
 * {@code minDigits} to {@code maxDigits} randomly chosen 28x28 digit images side by side, from the
 * left edge of a 28 x (28·maxDigits) canvas (the rest is black), and its target is the string of
 * their labels ("407"; read with the character tokenizer). Pixels are scaled to [0, 1]. Digits
 * come only from the index range given, so training, validation and test strings can be built
 * from disjoint digit images. Seeded: the same seed gives the same examples.
 *
 * @param minDigits fewest digits per string (>= 1)
 * @param maxDigits most digits per string (>= minDigits); sets the canvas width
 */
public record MnistStrings(int minDigits, int maxDigits) {
    /** MNIST's image side. */
    public static final int SIDE = 28;

    public MnistStrings {
        if (minDigits < 1 || maxDigits < minDigits) {
            throw new IllegalArgumentException("digits must satisfy 1 <= minDigits <= maxDigits, got minDigits "
                    + minDigits + ", maxDigits " + maxDigits);
        }
    }

    /** Canvas height: 28. */
    public int height() {
        return SIDE;
    }

    /** Canvas width: 28 * maxDigits. */
    public int width() {
        return SIDE * maxDigits;
    }

    /**
     * {@code n} strings whose digits are drawn (with replacement) from images {@code from} (inclusive)
     * to {@code to} (exclusive) of {@code images}, labelled by {@code labels}.
     */
    public List<FeatureRows.Row> generate(Mnist.Images images, int[] labels, int from, int to, int n, long seed) {
        new Mnist.Digits(images, labels).checkRange(from, to);
        SplittableRandom r = new SplittableRandom(seed);
        int w = width();
        List<FeatureRows.Row> out = new ArrayList<>(n);
        for (int e = 0; e < n; e++) {
            int digits = minDigits + r.nextInt(maxDigits - minDigits + 1);
            float[] canvas = new float[SIDE * w];
            StringBuilder target = new StringBuilder(digits);
            for (int d = 0; d < digits; d++) {
                int img = from + r.nextInt(to - from);
                target.append((char) ('0' + labels[img]));
                for (int row = 0; row < SIDE; row++) {
                    for (int col = 0; col < SIDE; col++) {
                        canvas[row * w + d * SIDE + col] = images.pixel(img, row, col) / 255f;
                    }
                }
            }
            out.add(new FeatureRows.Row(canvas, target.toString()));
        }
        return out;
    }
}
