package org.rnn4j.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @TempDir
    Path dir;

    private static Map<String, Object> record(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void writesOneCompactJsonObjectPerLineFlushedAtOnce() throws IOException {
        Path file = dir.resolve("run/metrics.jsonl");
        try (MetricsLog log = new MetricsLog(file)) {
            log.append(1, 200, record("loss", 0.31));
            // Flushed: visible before close.
            assertEquals("{\"epoch\":1,\"step\":200,\"loss\":0.31}\n", Files.readString(file, StandardCharsets.UTF_8));
            log.append(record("epoch", 1, "step", 250, "val_exact_match", 0.875, "note", "best", "improved", true));
        }
        assertEquals("""
                {"epoch":1,"step":200,"loss":0.31}
                {"epoch":1,"step":250,"val_exact_match":0.875,"note":"best","improved":true}
                """, Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void roundTripKeepsOrderTypesAndNonFiniteValues() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        try (MetricsLog log = new MetricsLog(file)) {
            log.append(record("epoch", 2, "step", 5_000_000_000L, "loss", Double.NaN, "grad", Double.POSITIVE_INFINITY,
                    "lr", 3e-4f, "min", Double.NEGATIVE_INFINITY, "tag", null, "name", "r\u00e9sum\u00e9 \"quoted\"\n"));
        }
        List<Map<String, Object>> rows = MetricsLog.read(file);
        assertEquals(1, rows.size());
        Map<String, Object> r = rows.get(0);
        assertEquals(List.of("epoch", "step", "loss", "grad", "lr", "min", "tag", "name"), List.copyOf(r.keySet()));
        assertEquals(2, ((Number) r.get("epoch")).intValue());
        assertEquals(5_000_000_000L, ((Number) r.get("step")).longValue());
        assertTrue(Double.isNaN((Double) r.get("loss")));
        assertEquals(Double.POSITIVE_INFINITY, r.get("grad"));
        assertEquals(Double.NEGATIVE_INFINITY, r.get("min"));
        assertEquals(3e-4, ((Number) r.get("lr")).doubleValue(), 1e-12);
        assertNull(r.get("tag"));
        assertTrue(r.containsKey("tag"));
        assertEquals("r\u00e9sum\u00e9 \"quoted\"\n", r.get("name"));
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"loss\":\"NaN\""), text);
        assertEquals(1, text.split("\n", -1).length - 1, "one line: the newline in the value is escaped");
    }

    @Test
    void reopeningAppendsToTheExistingLog() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        try (MetricsLog log = new MetricsLog(file)) {
            log.append(1, 100, Map.of("loss", 1.5));
        }
        try (MetricsLog log = new MetricsLog(file)) {
            log.append(2, 200, Map.of("loss", 0.5));
        }
        List<Map<String, Object>> rows = MetricsLog.read(file);
        assertEquals(2, rows.size());
        assertEquals(1.5, rows.get(0).get("loss"));
        assertEquals(0.5, rows.get(1).get("loss"));
        assertEquals(200, ((Number) rows.get(1).get("step")).intValue());
    }

    @Test
    void aTruncatedLastLineIsDroppedButABadLineInsideIsAnError() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"step\":1,\"loss\":2.0}\n\n{\"step\":2,\"loss\":1.0}\n{\"step\":3,\"lo");
        List<Map<String, Object>> rows = MetricsLog.read(file);
        assertEquals(2, rows.size());
        assertEquals(2, ((Number) rows.get(1).get("step")).intValue());

        Files.writeString(file, "{\"step\":1}\n{\"step\":2,\n{\"step\":3}\n");
        IOException e = assertThrows(IOException.class, () -> MetricsLog.read(file));
        assertTrue(e.getMessage().contains("metrics.jsonl:2: not valid JSON"), e.getMessage());

        Files.writeString(file, "{\"step\":1}\n[1,2]\n");
        e = assertThrows(IOException.class, () -> MetricsLog.read(file));
        assertTrue(e.getMessage().endsWith("metrics.jsonl:2: expected a JSON object"), e.getMessage());
    }

    @Test
    void rejectsBadRecordsAndUseAfterClose() throws IOException {
        MetricsLog log = new MetricsLog(dir.resolve("m.jsonl"));
        assertThrows(IllegalArgumentException.class, () -> log.append(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> log.append(record("x", List.of(1))));
        assertThrows(IllegalArgumentException.class, () -> log.append(record(" ", 1)));
        assertThrows(IllegalArgumentException.class, () -> log.append(1, 2, Map.of("step", 3)));
        log.close();
        log.close();
        assertThrows(IllegalStateException.class, () -> log.append(Map.of("loss", 1)));
        assertEquals("", Files.readString(dir.resolve("m.jsonl")), "nothing written by rejected records");
    }
}
