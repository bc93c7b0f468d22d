package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaults() {
        BenchOptions o = BenchOptions.parse(List.of());
        assertFalse(o.quick());
        assertEquals(List.of(1, 2), o.threads());
        assertTrue(o.json().isEmpty());
    }

    @Test
    void allOptions() {
        BenchOptions o = BenchOptions.parse(List.of("--quick", "--threads", "1,4", "--json", "out.json"));
        assertTrue(o.quick());
        assertEquals(List.of(1, 4), o.threads());
        assertEquals(Path.of("out.json"), o.json().orElseThrow());
    }

    @Test
    void badThreadsNameTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--threads", "0,x")));
        assertTrue(e.getMessage().contains("'0,x'"), e.getMessage());
    }

    @Test
    void unknownOptionIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--fast")));
        assertTrue(e.getMessage().contains("'--fast'"), e.getMessage());
    }

    @Test
    void missingValueIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--json")));
        assertEquals("--json needs a value", e.getMessage());
    }

    @Test
    void theFmaLoopComputesWhatItClaims() {
        FmaPeakBenchmark b = new FmaPeakBenchmark();
        b.setup();
        // Each chain runs c <- x*y + c, so after N steps it holds c0 + N*x*y in every lane.
        double xy = (double) 1.0000001f * 0.9999999f;
        double expected = 0;
        for (int chain = 0; chain < FmaPeakBenchmark.CHAINS; chain++) {
            expected += (0.1 * (chain + 1) + FmaPeakBenchmark.ITERATIONS * xy) * FmaPeakBenchmark.S.length();
        }
        assertEquals(expected, b.fma(), expected * 1e-4);
        assertEquals((long) FmaPeakBenchmark.ITERATIONS * FmaPeakBenchmark.CHAINS * 2 * FmaPeakBenchmark.S.length(),
                FmaPeakBenchmark.flopsPerCall());
    }
}
