package org.rnn4j.models.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.rnn4j.core.device.DeviceManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The run folder's {@code devices.json}: the device spec a data-parallel run trains on, its
 * micro-batches and each device's share of a batch. Equal devices get equal shares; uneven ones
 * ({@code cpu:2+1}) shares by their throughput, measured once at the start. A resumed run on the
 * same spec reads them back, so its shards — and with them the rounding of its gradients — are
 * those of the run it continues.
 */
final class RunDevices {
    static final String FILE = "devices.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RunDevices() {
    }

    /** The shares {@code f} recorded for this spec and micro-batches, or null (then says why in one line). */
    private static double[] recorded(Path f, DeviceManager.Spec spec, int micro, PrintStream log) throws IOException {
        JsonNode r = RunFiles.readJson(f);
        String was = r.path("devices").asString("");
        int wasMicro = r.path("microBatches").asInt(1);
        if (was.equals(spec.text()) && wasMicro == micro && r.path("shares").size() == spec.devices()) {
            double[] shares = new double[spec.devices()];
            for (int d = 0; d < shares.length; d++) {
                shares[d] = r.path("shares").get(d).asDouble();
            }
            return shares;
        }
        log.printf(Locale.ROOT, "devices: %s recorded %s with %d micro-batch(es); this run uses %s with %d, so its"
                + " batches are cut anew (the result is not bit-identical to a run on %s)%n", f, was, wasMicro,
                spec.text(), micro, was);
        return null;
    }

    /** The spec {@code auto} chose when the run in {@code out} started, for a resumed run; else null. */
    static DeviceManager.Spec recordedAuto(Path out, boolean resume) throws IOException {
        Path f = out == null ? null : out.resolve(FILE);
        if (!resume || f == null || !Files.isRegularFile(f)) {
            return null;
        }
        JsonNode r = RunFiles.readJson(f);
        if (!r.has("auto")) {
            return null;
        }
        try {
            return DeviceManager.parse(r.path("devices").asString(""));
        } catch (IllegalArgumentException e) {
            throw new IOException(f + ": $.devices: " + e.getMessage(), e);
        }
    }

    /**
     * Each device's share of a batch, recorded in (or, resuming on the same spec, read from)
     * {@code out/devices.json}; {@code auto}, when not null, is what the {@code auto} choice
     * measured (spec → seconds per batch), recorded with it.
     */
    static double[] shares(Path out, DeviceManager.Spec spec, int micro, boolean resume, PrintStream log,
                           Map<String, Double> auto, Supplier<double[]> measure) throws IOException {
        double[] shares = new double[spec.devices()];
        Arrays.fill(shares, 1);
        Path f = out == null ? null : out.resolve(FILE);
        double[] recorded = resume && f != null && Files.isRegularFile(f) ? recorded(f, spec, micro, log) : null;
        if (recorded != null) {
            return recorded;
        }
        if (!spec.uniform()) {
            shares = measure.get();
            log.printf(Locale.ROOT, "devices: measured throughput %s examples/s%n", Arrays.toString(
                    Arrays.stream(shares).map(v -> Math.round(v * 10) / 10.0).toArray()));
        }
        if (out == null) {
            return shares;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("devices", spec.text());
        o.put("microBatches", micro);
        if (auto != null) {
            ObjectNode a = o.putObject("auto");
            auto.forEach(a::put);
        }
        ArrayNode a = o.putArray("shares");
        for (double s : shares) {
            a.add(s);
        }
        Files.createDirectories(out);
        RunFiles.writeAtomically(f, RunFiles.pretty(o));
        return shares;
    }
}
