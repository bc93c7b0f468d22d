package org.rnn4j.models.data.gen;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The embedded demo task: dates written in many human formats → ISO 8601 ({@code 2019-04-22}).
 * Generated, seeded, no downloads. Dates are uniform over 1950-01-01 .. 2049-12-31.
 */
public final class DateData {
    /** One example: the human-written date and its ISO form. */
    public record Pair(String source, String target) {
    }

    private static final LocalDate START = LocalDate.of(1950, 1, 1);
    private static final int DAYS = (int) (LocalDate.of(2050, 1, 1).toEpochDay() - START.toEpochDay());

    private DateData() {
    }

    /** {@code n} examples from {@code seed}. */
    public static List<Pair> generate(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Pair> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sample(r));
        }
        return out;
    }

    public static Pair sample(SplittableRandom r) {
        LocalDate d = START.plusDays(r.nextInt(DAYS));
        return new Pair(format(d, r.nextInt(FORMATS)), d.toString());
    }

    static final int FORMATS = 12;

    /** Writes {@code d} in human format number {@code f} (0..11). */
    public static String format(LocalDate d, int f) {
        String month = d.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        String mon = d.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        DayOfWeek w = d.getDayOfWeek();
        String day = w.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        String dy = w.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        int dd = d.getDayOfMonth();
        int mm = d.getMonthValue();
        int y = d.getYear();
        return switch (f) {
            case 0 -> month + " " + dd + ", " + y;                                   // April 22, 2019
            case 1 -> String.format(Locale.ROOT, "%02d.%02d.%d", dd, mm, y);         // 22.04.2019
            case 2 -> day + " " + dd + " " + month + " " + y;                        // Monday 22 April 2019
            case 3 -> dd + " " + mon + " " + y;                                      // 22 Apr 2019
            case 4 -> String.format(Locale.ROOT, "%d/%02d/%02d", y, mm, dd);         // 2019/04/22
            case 5 -> String.format(Locale.ROOT, "%02d/%02d/%d", mm, dd, y);         // 04/22/2019
            case 6 -> dd + " " + month + " " + y;                                    // 22 April 2019
            case 7 -> mon + " " + dd + " " + y;                                      // Apr 22 2019
            case 8 -> (day + ", " + month + " " + dd + ", " + y).toLowerCase(Locale.ROOT); // monday, april 22, 2019
            case 9 -> dy + " " + mon + " " + dd + " " + y;                           // Mon Apr 22 2019
            case 10 -> month.toUpperCase(Locale.ROOT) + " " + dd + " " + y;          // APRIL 22 2019
            case 11 -> dd + "-" + mon + "-" + y;                                     // 22-Apr-2019
            default -> throw new IllegalArgumentException("no date format " + f);
        };
    }

    /** Every character the generator can produce (for a fixed vocabulary). */
    public static List<String> alphabetSamples() {
        List<String> s = new ArrayList<>();
        LocalDate d = LocalDate.of(2000, 1, 1);
        for (int i = 0; i < 400; i++) {
            for (int f = 0; f < FORMATS; f++) {
                s.add(format(d.plusDays(i), f));
            }
        }
        s.add("0123456789-");
        return s;
    }
}
