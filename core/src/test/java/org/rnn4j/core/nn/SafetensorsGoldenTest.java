package org.rnn4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnn4j.core.io.Dtype;
import org.rnn4j.core.io.LoadReport;
import org.rnn4j.core.io.Safetensors;
import org.rnn4j.core.io.SafetensorsFile;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Shape;

/**
 * The PyTorch golden fixtures (F64, written by golden/make_rnn_golden.py) open with the library's
 * safetensors reader and convert to the same floats as the test-only GoldenFile reader; the
 * parameters load by name into the matching layer with a lenient load (the files also hold inputs,
 * outputs and gradients). Here, in package nn, because GoldenFile is package-private.
 */
class SafetensorsGoldenTest {
    private final NativeAllocator alloc = new NativeAllocator("golden-io");

    @AfterEach
    void noLeaks() {
        alloc.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm_2layer_bidir", "lstm_proj", "gru_2layer_bidir", "rnn_tanh_1layer", "rnn_relu_bidir"})
    void goldenFixturesOpenAndConvert(String name) throws IOException, URISyntaxException {
        GoldenFile g = GoldenFile.load(name);
        Path path = Path.of(SafetensorsGoldenTest.class.getResource("/golden/" + name + ".safetensors").toURI());
        try (SafetensorsFile f = Safetensors.open(path)) {
            assertEquals(g.tensors.keySet(), java.util.Set.copyOf(f.names()));
            assertEquals(g.meta, f.metadata());
            for (String t : f.names()) {
                assertEquals(Dtype.F64, f.dtype(t), t);
                assertEquals(Shape.of(g.get(t).shape()), f.shape(t), t);
                assertArrayEquals(g.floats(t), f.toFloatArray(t), t);
            }
            assertEquals(Shape.of(), f.shape("loss"), "a 0-dim scalar");

            CellType cell = CellType.valueOf(g.meta.get("mode"));
            RecurrentSpec spec = new RecurrentSpec(cell, g.metaInt("input_size"), g.metaInt("hidden_size"),
                    g.metaInt("num_layers"), Boolean.parseBoolean(g.meta.get("bidirectional")), 0f, true, false,
                    g.metaInt("proj_size"));
            try (RecurrentLayer layer = RecurrentLayer.create(spec, alloc, 0)) {
                LoadReport r = f.loadInto(layer.parameters(), false);
                assertEquals(List.of(), r.missing());
                List<String> others = new ArrayList<>(f.names());
                others.removeAll(r.loaded());
                assertEquals(others, r.skipped());
                assertTrue(r.skipped().contains("x") && r.skipped().contains("grad.x"), r.toString());
                for (Parameter p : layer.parameters()) {
                    assertArrayEquals(g.floats(p.name()), p.value().toArray(), p.name());
                }
            }
        }
    }
}
