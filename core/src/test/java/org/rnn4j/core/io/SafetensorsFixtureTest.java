package org.rnn4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.nn.Lstm;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.nn.RecurrentSpec;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Shape;

/**
 * A PyTorch nn.LSTM(3, 4, num_layers=2) state_dict written as F32 safetensors by
 * resources/safetensors/make_fixture.py loads strictly into rnn4j's Lstm. The expected values come
 * from the .txt the script writes beside it, not from the JSON header.
 */
class SafetensorsFixtureTest {
    private final NativeAllocator alloc = new NativeAllocator("fixture-test");

    @AfterEach
    void noLeaks() {
        alloc.close();
    }

    static Path resource(String name) {
        URL url = SafetensorsFixtureTest.class.getResource("/safetensors/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource safetensors/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    record Expected(Shape shape, float[] values) {
    }

    /** Lines "name 16x3 : v0 v1 ..." ("-" for a scalar's dims). */
    static Map<String, Expected> readText(Path txt) throws IOException {
        Map<String, Expected> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(txt)) {
            String[] halves = line.split(" : ");
            String[] head = halves[0].split(" ");
            int[] dims = head[1].equals("-") ? new int[0]
                    : java.util.Arrays.stream(head[1].split("x")).mapToInt(Integer::parseInt).toArray();
            String[] vs = halves[1].trim().split(" ");
            float[] values = new float[vs.length];
            for (int i = 0; i < vs.length; i++) {
                values[i] = (float) Double.parseDouble(vs[i]);
            }
            m.put(head[0], new Expected(Shape.of(dims), values));
        }
        return m;
    }

    @Test
    void pytorchLstmStateDictLoadsStrictlyIntoLstm() throws IOException {
        Map<String, Expected> expected = readText(resource("lstm_state_dict.txt"));
        assertEquals(8, expected.size());
        try (Lstm lstm = new Lstm(RecurrentSpec.of(CellType.LSTM, 3, 4).withLayers(2), alloc, 0);
             SafetensorsFile f = Safetensors.open(resource("lstm_state_dict.safetensors"))) {
            assertEquals(List.copyOf(expected.keySet()), f.names(), "state_dict order");
            assertEquals("pt", f.metadata().get("format"));
            LoadReport r = f.loadInto(lstm.parameters(), true);
            assertTrue(r.isComplete(), r.toString());
            assertEquals(8, r.loaded().size());
            for (Parameter p : lstm.parameters()) {
                Expected e = expected.get(p.name());
                assertEquals(Dtype.F32, f.dtype(p.name()));
                assertEquals(e.shape(), p.shape(), p.name());
                assertArrayEquals(e.values(), p.value().toArray(), p.name());
            }
            assertEquals(-0.26572859287261963f, lstm.parameter("weight_hh_l0").value().at(0, 0), "spot check");
        }
    }
}
