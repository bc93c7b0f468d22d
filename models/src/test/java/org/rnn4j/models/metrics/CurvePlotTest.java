package org.rnn4j.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CurvePlotTest {
    static {
        // The tests run inside module org.rnn4j.models (patched in by surefire), which does not
        // require java.xml: the renderer needs no XML library. Let the test code read it.
        CurvePlotTest.class.getModule().addReads(ModuleLayer.boot().findModule("java.xml").orElseThrow());
    }

    @TempDir
    Path dir;

    /** Parses with the JDK's XML parser: throws on anything that is not well-formed. */
    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document d, String tag) {
        NodeList nl = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            out.add((Element) nl.item(i));
        }
        return out;
    }

    private static List<Element> ofSeries(Document d, String tag, String name) {
        return elements(d, tag).stream().filter(e -> name.equals(e.getAttribute("data-series"))).toList();
    }

    private static int points(Element polyline) {
        return polyline.getAttribute("points").trim().split("\\s+").length;
    }

    private static String texts(Document d) {
        StringBuilder sb = new StringBuilder();
        for (Element e : elements(d, "text")) {
            sb.append(e.getTextContent()).append('\n');
        }
        return sb.toString();
    }

    private static double[] range(int n, double from, double by) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = from + i * by;
        }
        return r;
    }

    @Test
    void lossAndValidationCurvesAreWellFormedSvg() throws Exception {
        double[] steps = range(50, 10, 10);
        double[] loss = new double[50];
        for (int i = 0; i < 50; i++) {
            loss[i] = 2.3 * Math.exp(-i / 10.0);
        }
        String svg = new CurvePlot("date translator").xLabel("step").yLabel("loss").logY(true)
                .y2Label("exact match")
                .add(CurvePlot.Series.of("train loss", steps, loss))
                .add(CurvePlot.Series.of("val exact match", new double[] {100, 200, 300, 400, 500},
                        new double[] {0.1, 0.5, 0.8, 0.9, 0.95}).onRightAxis().withMarkers())
                .toSvg();
        Document d = parse(svg);
        assertEquals("svg", d.getDocumentElement().getLocalName());
        List<Element> lossLines = ofSeries(d, "polyline", "train loss");
        assertEquals(1, lossLines.size());
        assertEquals(50, points(lossLines.get(0)));
        List<Element> valLines = ofSeries(d, "polyline", "val exact match");
        assertEquals(1, valLines.size());
        assertEquals(5, points(valLines.get(0)));
        assertEquals(5, ofSeries(d, "circle", "val exact match").size(), "markers");
        assertTrue(valLines.get(0).hasAttribute("stroke-dasharray"), "right-axis series are dashed");

        String t = texts(d);
        for (String s : List.of("date translator", "step", "loss", "exact match", "train loss",
                "val exact match (right)")) {
            assertTrue(t.contains(s + "\n"), "missing text '" + s + "' in\n" + t);
        }
        // Log axis: decade ticks 0.1 and 1 lie in [0.0186, 2.3]; the right axis has 1-2-5 ticks.
        assertTrue(t.contains("\n0.1\n") && t.contains("\n1\n"), t);
        assertTrue(t.contains("\n0.2\n") && t.contains("\n0.8\n"), t);
        assertTrue(t.contains("\n500\n"), t);
    }

    @Test
    void pointsAreInsideThePlotAreaAndHigherValuesAreHigherUp() throws Exception {
        Document d = parse(new CurvePlot("t").add(CurvePlot.Series.of("s", new double[] {1, 2, 3})).toSvg());
        String[] pts = ofSeries(d, "polyline", "s").get(0).getAttribute("points").split(" ");
        double y0 = Double.parseDouble(pts[0].split(",")[1]);
        double y2 = Double.parseDouble(pts[2].split(",")[1]);
        double x0 = Double.parseDouble(pts[0].split(",")[0]);
        double x2 = Double.parseDouble(pts[2].split(",")[0]);
        assertTrue(y2 < y0, "SVG y grows downwards: " + y0 + " " + y2);
        assertTrue(x0 < x2);
        for (String p : pts) {
            double x = Double.parseDouble(p.split(",")[0]);
            double y = Double.parseDouble(p.split(",")[1]);
            assertTrue(x >= 0 && x <= 800 && y >= 0 && y <= 450, p);
        }
    }

    @Test
    void nanAndNonPositiveValuesOnALogAxisBreakTheLine() throws Exception {
        double[] y = {1, 0.5, Double.NaN, 0.3, 0.2, 0.1, 0, 0.05, Double.POSITIVE_INFINITY, 0.04, 0.03};
        Document d = parse(new CurvePlot("gaps").logY(true).add(CurvePlot.Series.of("loss", y)).toSvg());
        List<Element> lines = ofSeries(d, "polyline", "loss");
        assertEquals(List.of(2, 3, 2), lines.stream().map(CurvePlotTest::points).toList());
        assertEquals(1, ofSeries(d, "circle", "loss").size(), "the lone point 0.05 is a dot");
        // Linear axis: 0 is drawable, so only NaN and infinity break it.
        d = parse(new CurvePlot("gaps").add(CurvePlot.Series.of("loss", y)).toSvg());
        assertEquals(List.of(2, 5, 2), ofSeries(d, "polyline", "loss").stream().map(CurvePlotTest::points).toList());
    }

    @Test
    void emptySeriesAndEmptyChartsAreStillValid() throws Exception {
        Document d = parse(new CurvePlot("nothing yet").xLabel("step").toSvg());
        assertTrue(texts(d).contains("no data\n"), texts(d));
        assertEquals(0, elements(d, "polyline").size());

        d = parse(new CurvePlot("t").add(CurvePlot.Series.of("empty", new double[0]))
                .add(CurvePlot.Series.of("all nan", new double[] {Double.NaN, Double.NaN}))
                .add(CurvePlot.Series.of("one", new double[] {2.5})).toSvg());
        String t = texts(d);
        assertTrue(t.contains("empty (no data)\n") && t.contains("all nan (no data)\n"), t);
        assertFalse(t.contains("\nno data\n"), "the chart has data: " + t);
        assertEquals(1, ofSeries(d, "circle", "one").size());
        assertEquals(0, elements(d, "polyline").size());
    }

    @Test
    void namesAreEscaped() throws Exception {
        String nasty = "a<b & \"c\" 'd' >\u0001\uD800";
        Document d = parse(new CurvePlot(nasty).add(CurvePlot.Series.of(nasty, new double[] {1, 2})).toSvg());
        String expected = "a<b & \"c\" 'd' >\uFFFD\uFFFD";
        assertEquals(1, ofSeries(d, "polyline", expected).size());
        assertTrue(texts(d).contains(expected + "\n"), texts(d));
    }

    @Test
    void seriesFromMetricsLogRecords() throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int step = 1; step <= 6; step++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("step", step);
            r.put("loss", 1.0 / step);
            if (step % 3 == 0) {
                r.put("val_acc", step / 10.0);
            }
            records.add(r);
        }
        CurvePlot.Series val = CurvePlot.Series.fromRecords("val", records, "step", "val_acc");
        assertEquals(List.of(3.0, 6.0), java.util.Arrays.stream(val.x()).boxed().toList());
        assertEquals(List.of(0.3, 0.6), java.util.Arrays.stream(val.y()).boxed().toList());
        CurvePlot.Series loss = CurvePlot.Series.fromRecords("loss", records, "step", "loss");
        assertEquals(6, loss.x().length);
        records.get(0).put("loss", "high");
        assertThrows(IllegalArgumentException.class, () -> CurvePlot.Series.fromRecords("l", records, "step", "loss"));
    }

    @Test
    void writeReplacesTheFileAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("plots/curves.svg");
        CurvePlot p = new CurvePlot("first").add(CurvePlot.Series.of("a", new double[] {1, 2}));
        p.write(file);
        assertTrue(Files.readString(file).contains(">first</text>"));
        new CurvePlot("second").write(file);
        String svg = Files.readString(file);
        assertTrue(svg.contains(">second</text>") && !svg.contains(">first<"), svg);
        parse(svg);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void tickLabelsAndSteps() {
        assertEquals("0", CurvePlot.label(0));
        assertEquals("0.3", CurvePlot.label(3 * 0.1));
        assertEquals("1500", CurvePlot.label(1500));
        assertEquals("0.0001", CurvePlot.label(1e-4));
        assertEquals("2e-5", CurvePlot.label(2e-5));
        assertEquals("2.5e6", CurvePlot.label(2.5e6));
        assertEquals("-0.25", CurvePlot.label(-0.25));
        assertEquals(0.2, CurvePlot.niceStep(0.15), 1e-15);
        assertEquals(1.0, CurvePlot.niceStep(1.0), 1e-15);
        assertEquals(500.0, CurvePlot.niceStep(260), 1e-12);
        assertEquals(10.0, CurvePlot.niceStep(6), 1e-12);
    }

    @Test
    void rejectsMismatchedSeriesAndTinyCharts() {
        assertThrows(IllegalArgumentException.class,
                () -> CurvePlot.Series.of("x", new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new CurvePlot("t").size(100, 100));
    }

    @Test
    void aConstantSeriesGetsARange() throws Exception {
        Document d = parse(new CurvePlot("flat").add(CurvePlot.Series.of("c", new double[] {5, 5, 5})).toSvg());
        String[] pts = ofSeries(d, "polyline", "c").get(0).getAttribute("points").split(" ");
        for (String p : pts) {
            assertTrue(Double.isFinite(Double.parseDouble(p.split(",")[1])), p);
        }
        d = parse(new CurvePlot("flat log").logY(true).add(CurvePlot.Series.of("c", new double[] {0.5, 0.5})).toSvg());
        assertFalse(ofSeries(d, "polyline", "c").get(0).getAttribute("points").contains("NaN"));
    }
}
