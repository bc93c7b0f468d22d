package org.rnn4j.models.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/** An axis range with its ticks: linear with 1-2-5 steps, or logarithmic with decades. */
final class AxisScale {
    final boolean log;
    final double lo;
    final double hi;
    final double[] ticks;
    final String[] labels;
    final double[] minor;

    private AxisScale(boolean log, double lo, double hi, double[] ticks, double[] minor) {
        this.log = log;
        this.lo = lo;
        this.hi = hi;
        this.ticks = ticks;
        this.minor = minor;
        this.labels = new String[ticks.length];
        for (int i = 0; i < ticks.length; i++) {
            labels[i] = label(ticks[i]);
        }
    }

    static AxisScale of(double[] range, boolean log) {
        if (log) {
            double a = range == null ? 0.1 : range[0];
            double b = range == null ? 1 : range[1];
            return logAxisScale(a, b);
        }
        double a = range == null ? 0 : range[0];
        double b = range == null ? 1 : range[1];
        return linear(a, b);
    }

    static AxisScale linear(double a, double b) {
        if (a == b) {
            double d = a == 0 ? 1 : Math.abs(a) * 0.1;
            a -= d;
            b += d;
        }
        double step = niceStep((b - a) / 5);
        long i0 = (long) Math.floor(a / step + 1e-9);
        long i1 = (long) Math.ceil(b / step - 1e-9);
        double[] ticks = new double[(int) (i1 - i0 + 1)];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = (i0 + i) * step;
        }
        return new AxisScale(false, i0 * step, i1 * step, ticks, new double[0]);
    }

    static AxisScale logAxisScale(double a, double b) {
        double la = Math.log10(a);
        double lb = Math.log10(b);
        double pad = lb - la < 1e-9 ? 0.15 : (lb - la) * 0.05;
        la -= pad;
        lb += pad;
        double lo = Math.pow(10, la);
        double hi = Math.pow(10, lb);
        int e0 = (int) Math.floor(la);
        int e1 = (int) Math.ceil(lb);
        int every = Math.max(1, (int) Math.ceil((e1 - e0) / 8.0));
        List<Double> ticks = new ArrayList<>();
        for (int e = e0; e <= e1; e++) {
            double v = Math.pow(10, e);
            if (v >= lo && v <= hi && Math.floorMod(e, every) == 0) {
                ticks.add(v);
            }
        }
        List<Double> minor = new ArrayList<>();
        if (ticks.size() < 2) {
            for (int m : new int[] {2, 5}) {
                for (int e = e0; e <= e1; e++) {
                    double v = m * Math.pow(10, e);
                    if (v >= lo && v <= hi) {
                        ticks.add(v);
                    }
                }
            }
            ticks.sort(null);
        }
        if (ticks.size() < 2) {
            // Less than a factor of ~3: 1-2-5 steps on the linear values, placed logarithmically.
            AxisScale lin = linear(a, b);
            ticks.clear();
            double step = lin.ticks.length > 1 ? lin.ticks[1] - lin.ticks[0] : 1;
            for (long i = (long) Math.ceil(lo / step - 1e-9); i * step <= hi * (1 + 1e-12); i++) {
                if (i > 0) {
                    ticks.add(i * step);
                }
            }
        } else if (every == 1 && e1 - e0 <= 6) {
            for (int e = e0; e <= e1; e++) {
                for (int m = 2; m <= 9; m++) {
                    double v = m * Math.pow(10, e);
                    if (v >= lo && v <= hi && !ticks.contains(v)) {
                        minor.add(v);
                    }
                }
            }
        }
        return new AxisScale(true, lo, hi, unbox(ticks), unbox(minor));
    }

    double fraction(double v) {
        return log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
    }

    int maxLabelChars() {
        int m = 1;
        for (String l : labels) {
            m = Math.max(m, l.length());
        }
        return m;
    }

    private static double[] unbox(List<Double> list) {
        double[] r = new double[list.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = list.get(i);
        }
        return r;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double e = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / e;
        double nice = m <= 1 + 1e-9 ? 1 : m <= 2 + 1e-9 ? 2 : m <= 5 + 1e-9 ? 5 : 10;
        return nice * e;
    }

    /** A short tick label: plain decimals for 1e-4 ≤ |v| < 1e6, otherwise like {@code 2.5e-7}. */
    static String label(double v) {
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(10)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e6) {
            return d.toPlainString();
        }
        int exp = d.precision() - d.scale() - 1;
        return d.movePointLeft(exp).stripTrailingZeros().toPlainString() + "e" + exp;
    }
}
