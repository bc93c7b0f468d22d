package org.rnn4j.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Statistical checks with bounds several standard errors wide (seeded, so they are exact repeats). */
class InitTest {
    private final NativeAllocator alloc = new NativeAllocator("test");

    @AfterEach
    void noLeaks() {
        alloc.close();
    }

    @Test
    void uniformIsSeededAndInRange() {
        try (Tensor a = alloc.allocate(100, 50); Tensor b = alloc.allocate(100, 50)) {
            Init.uniform(a, -0.5f, 2f, 17);
            Init.uniform(b, -0.5f, 2f, 17);
            assertArrayEquals(a.toArray(), b.toArray());
            double sum = 0;
            for (float v : a.toArray()) {
                assertTrue(v >= -0.5f && v < 2f, "value " + v);
                sum += v;
            }
            // mean 0.75, sd of the mean = 2.5/sqrt(12*5000) ~ 0.0102
            assertEquals(0.75, sum / a.size(), 0.05);
            Init.uniform(b, -0.5f, 2f, 18);
            assertTrue(a.get(0) != b.get(0) || a.get(1) != b.get(1), "another seed gives other values");
        }
    }

    @Test
    void normalHasTheRequestedMoments() {
        try (Tensor t = alloc.allocate(200, 100)) {
            Init.normal(t, 1f, 3f, 5);
            double s = 0;
            double s2 = 0;
            for (float v : t.toArray()) {
                s += v;
                s2 += v * (double) v;
            }
            double mean = s / t.size();
            double var = s2 / t.size() - mean * mean;
            assertEquals(1.0, mean, 0.1);          // sd of the mean 0.021
            assertEquals(9.0, var, 0.5);           // sd of the variance ~ 0.09
        }
    }

    @Test
    void xavierUsesPyTorchFans() {
        try (Tensor w = alloc.allocate(30, 10, 3)) {   // fan_in 10*3, fan_out 30*3
            Init.xavierUniform(w, 1f, 1);
            double bound = Math.sqrt(6.0 / (30 + 90));
            double max = 0;
            for (float v : w.toArray()) {
                max = Math.max(max, Math.abs(v));
            }
            assertTrue(max <= bound && max > 0.9 * bound, "max " + max + " bound " + bound);
        }
        try (Tensor w = alloc.allocate(400, 300)) {
            Init.xavierNormal(w, 2f, 3);
            double s2 = 0;
            for (float v : w.toArray()) {
                s2 += v * (double) v;
            }
            assertEquals(4.0 * 2.0 / 700, s2 / w.size(), 0.05 * 4.0 * 2.0 / 700);
        }
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumns() {
        int[][] shapes = {{7, 4}, {4, 7}, {5, 5}};
        for (int[] s : shapes) {
            try (Tensor t = alloc.allocate(s)) {
                Init.orthogonal(t, 1.5f, 9);
                int rows = s[0];
                int cols = s[1];
                boolean byRows = rows <= cols;
                int count = byRows ? rows : cols;
                for (int x = 0; x < count; x++) {
                    for (int y = 0; y < count; y++) {
                        double dot = 0;
                        for (int i = 0; i < (byRows ? cols : rows); i++) {
                            double u = byRows ? t.at(x, i) : t.at(i, x);
                            double v = byRows ? t.at(y, i) : t.at(i, y);
                            dot += u * v;
                        }
                        assertEquals(x == y ? 1.5 * 1.5 : 0, dot, 1e-5, "shape " + t.shape() + " (" + x + "," + y + ")");
                    }
                }
            }
        }
    }

    @Test
    void badArgumentsAreNamed() {
        try (Tensor v = alloc.allocate(5)) {
            assertEquals("fan-in and fan-out need a tensor of rank >= 2, got (5,)",
                    assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform(v, 1f, 0)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> Init.uniform(v, 1f, 0f, 0));
            assertThrows(IllegalArgumentException.class, () -> Init.orthogonal(v, 1f, 0));
        }
    }
}
