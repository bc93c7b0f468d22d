package org.rnn4j.models.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A line chart of training curves as a standalone SVG file, written by hand (no libraries): axes,
 * ticks, grid, axis labels, a title and a legend. Series go on the left y-axis or on an optional
 * right y-axis, so a loss per step and a validation metric per epoch (logged with its step) can
 * share one chart; either y-axis can be logarithmic.
 *
 * <pre>{@code
 * List<Map<String, Object>> log = MetricsLog.read(run.resolve("metrics.jsonl"));
 * new CurvePlot("date translator")
 *         .xLabel("step").yLabel("loss").logY(true).y2Label("exact match")
 *         .add(CurvePlot.Series.fromRecords("train loss", log, "step", "loss"))
 *         .add(CurvePlot.Series.fromRecords("val exact match", log, "step", "val_exact_match").onRightAxis().withMarkers())
 *         .write(run.resolve("curves.svg"));
 * }</pre>
 *
 * <p>Points are drawn in the order given. A point whose x or y is NaN or infinite, or whose y is
 * ≤ 0 on a logarithmic axis, is left out and breaks the line: each run of consecutive drawable
 * points becomes one {@code <polyline>}, and a run of one point becomes a dot. A series with no
 * drawable point is listed in the legend as "(no data)"; a chart with no data at all still has its
 * axes and says "no data". Every drawable point is written (no down-sampling). Not thread-safe.
 */
public final class CurvePlot {
    /** Which y-axis a series is scaled against. */
    public enum Axis {
        LEFT, RIGHT
    }

    /**
     * One named curve: {@code y[i]} at {@code x[i]}. The arrays are copied in and out.
     *
     * @param markers whether to draw a dot at every point (useful for sparse per-epoch values)
     */
    public record Series(String name, double[] x, double[] y, Axis axis, boolean markers) {
        public Series {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(axis, "axis");
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " values but y has "
                        + y.length);
            }
            x = x.clone();
            y = y.clone();
        }

        /** A line on the left axis. */
        public static Series of(String name, double[] x, double[] y) {
            return new Series(name, x, y, Axis.LEFT, false);
        }

        /** A line on the left axis with x = 1, 2, …, n. */
        public static Series of(String name, double[] y) {
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            return of(name, x, y);
        }

        /**
         * The {@code (xKey, yKey)} pairs of the records that have both keys (as read by
         * {@link MetricsLog#read}); records without one of them are skipped, a null value becomes
         * NaN (a gap).
         *
         * @throws IllegalArgumentException if a value is neither a number nor null
         */
        public static Series fromRecords(String name, List<Map<String, Object>> records, String xKey, String yKey) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                Map<String, Object> r = records.get(i);
                if (r.containsKey(xKey) && r.containsKey(yKey)) {
                    pts.add(new double[] {number(r.get(xKey), xKey, i), number(r.get(yKey), yKey, i)});
                }
            }
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i)[0];
                y[i] = pts.get(i)[1];
            }
            return of(name, x, y);
        }

        private static double number(Object v, String key, int record) {
            if (v == null) {
                return Double.NaN;
            }
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            throw new IllegalArgumentException("record " + record + ": '" + key + "' is not a number: " + v);
        }

        /** The same series scaled against the right y-axis (drawn dashed). */
        public Series onRightAxis() {
            return new Series(name, x, y, Axis.RIGHT, markers);
        }

        /** The same series with a dot at every point. */
        public Series withMarkers() {
            return new Series(name, x, y, axis, true);
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] y() {
            return y.clone();
        }
    }

    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final double CHAR_WIDTH = 6.6;
    private static final int FONT = 12;

    private final String title;
    private final List<Series> series = new ArrayList<>();
    private String xLabel = "";
    private String yLabel = "";
    private String y2Label = "";
    private boolean logY;
    private boolean logY2;
    private int width = 800;
    private int height = 450;

    public CurvePlot(String title) {
        this.title = Objects.requireNonNull(title, "title");
    }

    public CurvePlot xLabel(String label) {
        this.xLabel = Objects.requireNonNull(label);
        return this;
    }

    /** The label of the left y-axis. */
    public CurvePlot yLabel(String label) {
        this.yLabel = Objects.requireNonNull(label);
        return this;
    }

    /** The label of the right y-axis (drawn only when a series is on it). */
    public CurvePlot y2Label(String label) {
        this.y2Label = Objects.requireNonNull(label);
        return this;
    }

    /** Logarithmic left y-axis (for a loss). */
    public CurvePlot logY(boolean log) {
        this.logY = log;
        return this;
    }

    /** Logarithmic right y-axis. */
    public CurvePlot logY2(boolean log) {
        this.logY2 = log;
        return this;
    }

    /** The chart size in SVG pixels; at least 200 × 150. Default 800 × 450. */
    public CurvePlot size(int width, int height) {
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("chart size " + width + "x" + height + " is below 200x150");
        }
        this.width = width;
        this.height = height;
        return this;
    }

    public CurvePlot add(Series s) {
        series.add(Objects.requireNonNull(s, "series"));
        return this;
    }

    /** Writes {@link #toSvg()} to {@code file} atomically: a temporary file in the same folder, then a rename. */
    public void write(Path file) throws IOException {
        writeAtomically(file, toSvg().getBytes(StandardCharsets.UTF_8));
    }

    /** The chart as a standalone SVG 1.1 document (UTF-8 XML). */
    public String toSvg() {
        boolean hasRight = series.stream().anyMatch(s -> s.axis() == Axis.RIGHT);
        AxisScale xs = AxisScale.of(range(Axis.LEFT, false, true), false);
        AxisScale ys = AxisScale.of(range(Axis.LEFT, logY, false), logY);
        AxisScale y2s = hasRight ? AxisScale.of(range(Axis.RIGHT, logY2, false), logY2) : null;

        // Layout: margins fit the tick labels, the axis labels, the title and the legend rows.
        double left = 14 + (yLabel.isEmpty() ? 0 : 18) + ys.maxLabelChars() * CHAR_WIDTH;
        double right = hasRight ? 14 + (y2Label.isEmpty() ? 0 : 18) + y2s.maxLabelChars() * CHAR_WIDTH : 24;
        double top = title.isEmpty() ? 16 : 40;
        List<List<Integer>> legendRows = legendRows(width - 40);
        double bottom = 26 + (xLabel.isEmpty() ? 0 : 20) + legendRows.size() * 18 + 6;
        double pw = width - left - right;
        double ph = height - top - bottom;
        if (pw < 40 || ph < 40) {
            throw new IllegalStateException("chart " + width + "x" + height + " is too small for its labels and legend");
        }
        Frame f = new Frame(left, top, pw, ph);

        StringBuilder sb = new StringBuilder(4096);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"").append(FONT).append("\">\n");
        sb.append("<title>").append(xml(title)).append("</title>\n");
        sb.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" fill=\"white\"/>\n");
        if (!title.isEmpty()) {
            sb.append("<text class=\"title\" x=\"").append(n(width / 2.0)).append("\" y=\"26\" text-anchor=\"middle\""
                    + " font-size=\"16\" font-weight=\"bold\">").append(xml(title)).append("</text>\n");
        }

        // Grid and ticks.
        sb.append("<g class=\"grid\" stroke=\"#e0e0e0\" stroke-width=\"1\">\n");
        for (double t : xs.ticks) {
            double px = f.x(xs, t);
            sb.append("<line x1=\"").append(n(px)).append("\" y1=\"").append(n(top)).append("\" x2=\"").append(n(px))
                    .append("\" y2=\"").append(n(top + ph)).append("\"/>\n");
        }
        for (double t : ys.ticks) {
            double py = f.y(ys, t);
            sb.append("<line x1=\"").append(n(left)).append("\" y1=\"").append(n(py)).append("\" x2=\"")
                    .append(n(left + pw)).append("\" y2=\"").append(n(py)).append("\"/>\n");
        }
        sb.append("</g>\n");
        sb.append("<g class=\"axes\" stroke=\"#333333\" stroke-width=\"1\" fill=\"none\">\n");
        sb.append("<rect x=\"").append(n(left)).append("\" y=\"").append(n(top)).append("\" width=\"").append(n(pw))
                .append("\" height=\"").append(n(ph)).append("\"/>\n");
        for (double t : xs.ticks) {
            double px = f.x(xs, t);
            sb.append("<line x1=\"").append(n(px)).append("\" y1=\"").append(n(top + ph)).append("\" x2=\"")
                    .append(n(px)).append("\" y2=\"").append(n(top + ph + 5)).append("\"/>\n");
        }
        axisTicks(sb, f, ys, left, -5);
        if (hasRight) {
            axisTicks(sb, f, y2s, left + pw, 5);
        }
        sb.append("</g>\n");
        sb.append("<g class=\"tick-labels\" fill=\"#333333\">\n");
        for (int i = 0; i < xs.ticks.length; i++) {
            sb.append("<text x=\"").append(n(f.x(xs, xs.ticks[i]))).append("\" y=\"").append(n(top + ph + 18))
                    .append("\" text-anchor=\"middle\">").append(xml(xs.labels[i])).append("</text>\n");
        }
        for (int i = 0; i < ys.ticks.length; i++) {
            sb.append("<text x=\"").append(n(left - 8)).append("\" y=\"").append(n(f.y(ys, ys.ticks[i]) + 4))
                    .append("\" text-anchor=\"end\">").append(xml(ys.labels[i])).append("</text>\n");
        }
        if (hasRight) {
            for (int i = 0; i < y2s.ticks.length; i++) {
                sb.append("<text x=\"").append(n(left + pw + 8)).append("\" y=\"").append(n(f.y(y2s, y2s.ticks[i]) + 4))
                        .append("\" text-anchor=\"start\">").append(xml(y2s.labels[i])).append("</text>\n");
            }
        }
        sb.append("</g>\n");

        // Axis labels.
        if (!xLabel.isEmpty()) {
            sb.append("<text class=\"x-label\" x=\"").append(n(left + pw / 2)).append("\" y=\"").append(n(top + ph + 38))
                    .append("\" text-anchor=\"middle\">").append(xml(xLabel)).append("</text>\n");
        }
        if (!yLabel.isEmpty()) {
            double cy = top + ph / 2;
            sb.append("<text class=\"y-label\" x=\"16\" y=\"").append(n(cy)).append("\" text-anchor=\"middle\""
                    + " transform=\"rotate(-90 16 ").append(n(cy)).append(")\">").append(xml(yLabel)).append("</text>\n");
        }
        if (hasRight && !y2Label.isEmpty()) {
            double cx = width - 10;
            double cy = top + ph / 2;
            sb.append("<text class=\"y2-label\" x=\"").append(n(cx)).append("\" y=\"").append(n(cy))
                    .append("\" text-anchor=\"middle\" transform=\"rotate(90 ").append(n(cx)).append(' ').append(n(cy))
                    .append(")\">").append(xml(y2Label)).append("</text>\n");
        }

        // Series.
        boolean anyData = false;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            AxisScale sy = s.axis() == Axis.RIGHT ? y2s : ys;
            List<List<double[]>> runs = runs(s, sy.log);
            if (runs.isEmpty()) {
                continue;
            }
            anyData = true;
            String color = COLORS[i % COLORS.length];
            String name = xml(s.name());
            sb.append("<g class=\"series\" data-series=\"").append(name).append("\" stroke=\"").append(color)
                    .append("\" fill=\"").append(color).append("\">\n");
            sb.append("<title>").append(name).append("</title>\n");
            for (List<double[]> run : runs) {
                if (run.size() == 1 && !s.markers()) {
                    double[] p = run.get(0);
                    sb.append("<circle data-series=\"").append(name).append("\" cx=\"").append(n(f.x(xs, p[0])))
                            .append("\" cy=\"").append(n(f.y(sy, p[1]))).append("\" r=\"2.5\" stroke=\"none\"/>\n");
                    continue;
                }
                if (run.size() > 1) {
                    sb.append("<polyline data-series=\"").append(name).append("\" fill=\"none\" stroke-width=\"1.5\""
                            + " stroke-linejoin=\"round\"");
                    if (s.axis() == Axis.RIGHT) {
                        sb.append(" stroke-dasharray=\"6 3\"");
                    }
                    sb.append(" points=\"");
                    for (int k = 0; k < run.size(); k++) {
                        double[] p = run.get(k);
                        if (k > 0) {
                            sb.append(' ');
                        }
                        sb.append(n(f.x(xs, p[0]))).append(',').append(n(f.y(sy, p[1])));
                    }
                    sb.append("\"/>\n");
                }
                if (s.markers()) {
                    for (double[] p : run) {
                        sb.append("<circle data-series=\"").append(name).append("\" cx=\"").append(n(f.x(xs, p[0])))
                                .append("\" cy=\"").append(n(f.y(sy, p[1]))).append("\" r=\"3\" stroke=\"none\"/>\n");
                    }
                }
            }
            sb.append("</g>\n");
        }
        if (!anyData) {
            sb.append("<text class=\"no-data\" x=\"").append(n(left + pw / 2)).append("\" y=\"").append(n(top + ph / 2))
                    .append("\" text-anchor=\"middle\" fill=\"#999999\" font-size=\"16\">no data</text>\n");
        }

        // Legend, centred in rows below the x-axis label.
        if (!series.isEmpty()) {
            sb.append("<g class=\"legend\">\n");
            double ly = height - 12 - (legendRows.size() - 1) * 18.0;
            for (List<Integer> row : legendRows) {
                double rowWidth = 0;
                for (int i : row) {
                    rowWidth += legendWidth(i);
                }
                double lx = (width - rowWidth) / 2;
                for (int i : row) {
                    Series s = series.get(i);
                    String color = COLORS[i % COLORS.length];
                    sb.append("<line x1=\"").append(n(lx)).append("\" y1=\"").append(n(ly - 4)).append("\" x2=\"")
                            .append(n(lx + 22)).append("\" y2=\"").append(n(ly - 4)).append("\" stroke=\"").append(color)
                            .append("\" stroke-width=\"2\"");
                    if (s.axis() == Axis.RIGHT) {
                        sb.append(" stroke-dasharray=\"6 3\"");
                    }
                    sb.append("/>\n");
                    sb.append("<text x=\"").append(n(lx + 28)).append("\" y=\"").append(n(ly)).append("\">")
                            .append(xml(legendText(i))).append("</text>\n");
                    lx += legendWidth(i);
                }
                ly += 18;
            }
            sb.append("</g>\n");
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    // ---------------------------------------------------------------- layout helpers

    private String legendText(int i) {
        Series s = series.get(i);
        String t = s.name();
        if (s.axis() == Axis.RIGHT) {
            t += " (right)";
        }
        boolean log = s.axis() == Axis.RIGHT ? logY2 : logY;
        if (runs(s, log).isEmpty()) {
            t += " (no data)";
        }
        return t;
    }

    private double legendWidth(int i) {
        return 28 + legendText(i).codePointCount(0, legendText(i).length()) * CHAR_WIDTH + 18;
    }

    private List<List<Integer>> legendRows(double maxWidth) {
        List<List<Integer>> rows = new ArrayList<>();
        List<Integer> row = new ArrayList<>();
        double w = 0;
        for (int i = 0; i < series.size(); i++) {
            double lw = legendWidth(i);
            if (!row.isEmpty() && w + lw > maxWidth) {
                rows.add(row);
                row = new ArrayList<>();
                w = 0;
            }
            row.add(i);
            w += lw;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private void axisTicks(StringBuilder sb, Frame f, AxisScale s, double x, double len) {
        for (double t : s.ticks) {
            double py = f.y(s, t);
            sb.append("<line x1=\"").append(n(x)).append("\" y1=\"").append(n(py)).append("\" x2=\"").append(n(x + len))
                    .append("\" y2=\"").append(n(py)).append("\"/>\n");
        }
        for (double t : s.minor) {
            double py = f.y(s, t);
            sb.append("<line x1=\"").append(n(x)).append("\" y1=\"").append(n(py)).append("\" x2=\"")
                    .append(n(x + len * 0.5)).append("\" y2=\"").append(n(py)).append("\"/>\n");
        }
    }

    /** The runs of consecutive drawable points of {@code s}, as {x, y} pairs. */
    private static List<List<double[]>> runs(Series s, boolean logAxis) {
        List<List<double[]>> runs = new ArrayList<>();
        List<double[]> run = new ArrayList<>();
        double[] x = s.x;
        double[] y = s.y;
        for (int i = 0; i < x.length; i++) {
            if (drawable(x[i], y[i], logAxis)) {
                run.add(new double[] {x[i], y[i]});
            } else if (!run.isEmpty()) {
                runs.add(run);
                run = new ArrayList<>();
            }
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    private static boolean drawable(double x, double y, boolean logAxis) {
        return Double.isFinite(x) && Double.isFinite(y) && (!logAxis || y > 0);
    }

    /** {min, max} of the drawable x (or y) values of the series on {@code axis}; null when none. */
    private double[] range(Axis axis, boolean logAxis, boolean wantX) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            boolean log = s.axis() == Axis.RIGHT ? logY2 : logY;
            if (!wantX && s.axis() != axis) {
                continue;
            }
            for (int i = 0; i < s.x.length; i++) {
                if (drawable(s.x[i], s.y[i], wantX ? log : logAxis)) {
                    double v = wantX ? s.x[i] : s.y[i];
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return lo <= hi ? new double[] {lo, hi} : null;
    }

    private record Frame(double left, double top, double w, double h) {
        double x(AxisScale s, double v) {
            return left + s.fraction(v) * w;
        }

        double y(AxisScale s, double v) {
            return top + h - s.fraction(v) * h;
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw} (see {@link AxisScale#niceStep}). */
    static double niceStep(double raw) {
        return AxisScale.niceStep(raw);
    }

    /** A short tick label (see {@link AxisScale#label}). */
    static String label(double v) {
        return AxisScale.label(v);
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Escapes XML text and attribute values; code points XML 1.0 does not allow become U+FFFD. */
    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
                    sb.appendCodePoint(ok ? c : 0xFFFD);
                }
            }
        });
        return sb.toString();
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        org.rnn4j.core.io.AtomicFiles.write(file, bytes);
    }
}
