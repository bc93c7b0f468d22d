package org.rnn4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.nn.Lstm;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.nn.RecurrentLayer;
import org.rnn4j.core.nn.RecurrentSpec;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Tensor;

/** loadInto: strict and lenient loading by state_dict name; a failed load changes nothing. */
class SafetensorsLoadTest {
    @TempDir
    Path dir;

    private final NativeAllocator alloc = new NativeAllocator("load-test");
    private final RecurrentSpec spec = RecurrentSpec.of(CellType.LSTM, 3, 2).withLayers(2);

    @AfterEach
    void noLeaks() {
        alloc.close();
    }

    static Map<String, float[]> values(RecurrentLayer layer) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Parameter p : layer.parameters()) {
            m.put(p.name(), p.value().toArray());
        }
        return m;
    }

    static void assertValues(Map<String, float[]> expected, RecurrentLayer layer) {
        for (Parameter p : layer.parameters()) {
            assertArrayEquals(expected.get(p.name()), p.value().toArray(), p.name());
        }
    }

    @Test
    void parametersRoundTripIntoAnotherLayer() throws IOException {
        Path p = dir.resolve("lstm.safetensors");
        try (Lstm a = new Lstm(spec, alloc, 1); Lstm b = new Lstm(spec, alloc, 2)) {
            Safetensors.write(p, a.parameters(), Map.of("format", "pt"));
            try (SafetensorsFile f = Safetensors.open(p)) {
                assertEquals(a.parameters().stream().map(Parameter::name).toList(), f.names());
                LoadReport r = f.loadInto(b.parameters());
                assertTrue(r.isComplete(), r.toString());
                assertEquals(f.names(), r.loaded());
            }
            assertValues(values(a), b);
        }
    }

    @Test
    void strictLoadFailsOnMissingTensorAndChangesNothing() throws IOException {
        Path p = dir.resolve("partial.safetensors");
        try (Lstm a = new Lstm(spec, alloc, 1); Lstm b = new Lstm(spec, alloc, 2)) {
            List<Parameter> some = new ArrayList<>(a.parameters());
            some.removeIf(q -> q.name().equals("weight_hh_l0"));
            Safetensors.write(p, some);
            Map<String, float[]> before = values(b);
            try (SafetensorsFile f = Safetensors.open(p)) {
                String m = assertThrows(SafetensorsException.class, () -> f.loadInto(b.parameters())).getMessage();
                assertTrue(m.startsWith("missing tensor 'weight_hh_l0' in " + p
                        + " (the model expects it with shape (8, 2))"), m);
                assertTrue(m.contains("nothing was loaded"), m);
            }
            assertValues(before, b);
        }
    }

    @Test
    void strictLoadFailsOnUnexpectedTensorsAndListsThem() throws IOException {
        Path p = dir.resolve("extra.safetensors");
        try (Lstm a = new Lstm(spec, alloc, 1); Lstm b = new Lstm(spec, alloc, 2);
             Tensor extra = alloc.allocate(3); Tensor other = alloc.allocate(1)) {
            Map<String, Tensor> sd = Safetensors.stateDict(a.parameters());
            sd.put("decoder.weight", extra);
            sd.put("step", other);
            Safetensors.write(p, sd);
            Map<String, float[]> before = values(b);
            try (SafetensorsFile f = Safetensors.open(p)) {
                String m = assertThrows(SafetensorsException.class, () -> f.loadInto(b.parameters(), true)).getMessage();
                assertTrue(m.contains("2 unexpected tensor(s) in " + p
                        + " that the model does not have: 'decoder.weight', 'step'"), m);
            }
            assertValues(before, b);
        }
    }

    @Test
    void lenientLoadLoadsWhatMatchesAndReportsTheRest() throws IOException {
        Path p = dir.resolve("lenient.safetensors");
        try (Lstm a = new Lstm(spec, alloc, 1); Lstm b = new Lstm(spec, alloc, 2); Tensor extra = alloc.allocate(3)) {
            Map<String, Tensor> sd = Safetensors.stateDict(a.parameters());
            sd.remove("bias_hh_l1");
            sd.put("decoder.weight", extra);
            Safetensors.write(p, sd);
            float[] keptBias = b.parameter("bias_hh_l1").value().toArray();
            try (SafetensorsFile f = Safetensors.open(p)) {
                LoadReport r = f.loadInto(b.parameters(), false);
                assertEquals(List.of("bias_hh_l1"), r.missing());
                assertEquals(List.of("decoder.weight"), r.skipped());
                assertEquals(7, r.loaded().size());
                assertTrue(!r.isComplete());
            }
            Map<String, float[]> expected = values(a);
            expected.put("bias_hh_l1", keptBias);
            assertValues(expected, b);
        }
    }

    @Test
    void shapeMismatchAlwaysFailsNamingBothShapesAndChangesNothing() throws IOException {
        Path p = dir.resolve("wide.safetensors");
        RecurrentSpec wide = RecurrentSpec.of(CellType.LSTM, 5, 2).withLayers(2);   // weight_ih_l0 is (8, 5)
        try (Lstm a = new Lstm(wide, alloc, 1); Lstm b = new Lstm(spec, alloc, 2)) {
            Safetensors.write(p, a.parameters());
            Map<String, float[]> before = values(b);
            try (SafetensorsFile f = Safetensors.open(p)) {
                for (boolean strict : new boolean[] {true, false}) {
                    String m = assertThrows(SafetensorsException.class, () -> f.loadInto(b.parameters(), strict))
                            .getMessage();
                    assertTrue(m.contains("tensor 'weight_ih_l0' in " + p
                            + " has shape (8, 5) but the model expects shape (8, 3)"), m);
                }
            }
            assertValues(before, b);   // the tensors that did match were not copied either
        }
    }

    @Test
    void duplicateParameterNamesAreACallerError() throws IOException {
        Path p = dir.resolve("dup.safetensors");
        try (Lstm a = new Lstm(spec, alloc, 1)) {
            Safetensors.write(p, a.parameters());
            List<Parameter> twice = List.of(a.parameters().get(0), a.parameters().get(0));
            try (SafetensorsFile f = Safetensors.open(p)) {
                assertThrows(IllegalArgumentException.class, () -> f.loadInto(twice));
            }
            assertThrows(IllegalArgumentException.class, () -> Safetensors.write(p, twice));
        }
    }
}
