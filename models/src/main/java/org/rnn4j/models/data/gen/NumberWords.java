package org.rnn4j.models.data.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.models.data.FeatureRows;

/** The built-in {@code number-words} task: a noisy code of a number 0-999 → its English words. */
public final class NumberWords {
    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
        "ninety"};

    private NumberWords() {
    }

    /** English words for 0-999 ("four hundred twenty one"). */
    public static String words(int n) {
        StringBuilder sb = new StringBuilder();
        if (n >= 100) {
            sb.append(ONES[n / 100]).append(" hundred");
            n %= 100;
            if (n == 0) {
                return sb.toString();
            }
            sb.append(' ');
        }
        if (n < 20) {
            return sb.append(ONES[n]).toString();
        }
        sb.append(TENS[n / 10]);
        return n % 10 == 0 ? sb.toString() : sb.append(' ').append(ONES[n % 10]).toString();
    }

    /** The built-in task: three noisy one-hot digit codes (30 features) → the number's words. */
    public static List<FeatureRows.Row> generate(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<FeatureRows.Row> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = r.nextInt(1000);
            float[] f = new float[30];
            for (int d = 0; d < 3; d++) {
                int digit = d == 0 ? n / 100 : d == 1 ? n / 10 % 10 : n % 10;
                f[d * 10 + digit] = 1f;
            }
            for (int k = 0; k < f.length; k++) {
                f[k] += (float) (0.1 * (r.nextDouble() - 0.5));
            }
            out.add(new FeatureRows.Row(f, words(n)));
        }
        return out;
    }
}
