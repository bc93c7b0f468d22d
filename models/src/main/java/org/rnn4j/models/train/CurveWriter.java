package org.rnn4j.models.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rnn4j.models.metrics.CurvePlot;
import org.rnn4j.models.metrics.MetricsLog;

/** Renders a run's metrics log as curve.svg: training loss and validation exact match per epoch. */
public final class CurveWriter {
    private CurveWriter() {
    }

    static void write(Path metricsLog, Path svg) throws IOException {
        write(metricsLog, svg, "val_exact_match", "validation exact match");
    }

    /** Training loss (left, log scale) and one validation metric (right) per epoch, from metrics.jsonl. */
    public static void write(Path metricsLog, Path svg, String metricKey, String metricLabel) throws IOException {
        List<Map<String, Object>> log = MetricsLog.read(metricsLog);
        new CurvePlot("training curves")
                .xLabel("step").yLabel("training loss (mean per epoch)").logY(true).y2Label(metricLabel)
                .add(CurvePlot.Series.fromRecords("train loss", log, "step", "train_loss").withMarkers())
                .add(CurvePlot.Series.fromRecords(metricLabel, log, "step", metricKey).onRightAxis().withMarkers())
                .write(svg);
    }
}
