package org.rnn4j.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TensorTest {
    private final NativeAllocator alloc = new NativeAllocator("test");

    @AfterEach
    void noLeaks() {
        alloc.close(); // throws if a test left a tensor open
    }

    @Test
    void shapesPrintLikePyTorchAndRejectNegatives() {
        assertEquals("(2, 3)", Shape.of(2, 3).toString());
        assertEquals("(5,)", Shape.of(5).toString());
        assertEquals("()", Shape.of().toString());
        assertEquals(1, Shape.of().size());
        assertEquals(0, Shape.of(3, 0).size());
        assertEquals(12, Shape.of(2, 3, 4).stride(0));
        assertEquals("dimension 1 of [2, -1] is negative",
                assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1)).getMessage());
    }

    @Test
    void copiesAndElementAccess() {
        try (Tensor t = alloc.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)) {
            assertEquals(6f, t.at(1, 2));
            t.setAt(9f, 0, 1);
            assertArrayEquals(new float[] {1, 9, 3, 4, 5, 6}, t.toArray());
            assertEquals("cannot copy 5 floats into tensor (2, 3) of 6 elements",
                    assertThrows(IllegalArgumentException.class, () -> t.copyFrom(new float[5])).getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> t.at(2, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> t.get(6));
            t.fill(0.5f);
            assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, t.toArray());
        }
    }

    @Test
    void slicesAndReshapesShareMemory() {
        try (Tensor t = alloc.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 4, 2)) {
            Tensor rows = t.slice(1, 3);
            assertEquals(Shape.of(2, 2), rows.shape());
            assertArrayEquals(new float[] {2, 3, 4, 5}, rows.toArray());
            rows.set(0, 20f);
            assertEquals(20f, t.at(1, 0));
            Tensor flat = t.reshape(-1);
            assertEquals(Shape.of(8), flat.shape());
            Tensor cube = t.reshape(2, 2, 2);
            assertEquals(20f, cube.at(0, 1, 0));
            assertTrue(cube.isView());
            cube.close(); // closing a view frees nothing
            assertEquals(20f, t.at(1, 0));
            assertEquals("cannot reshape tensor (4, 2) of 8 elements into (3, 3) of 9 elements",
                    assertThrows(IllegalArgumentException.class, () -> t.reshape(3, 3)).getMessage());
            assertEquals("cannot reshape tensor (4, 2) into (3, 0)",
                    assertThrows(IllegalArgumentException.class, () -> t.reshape(3, -1)).getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> t.slice(3, 5));
            assertEquals(Shape.of(0, 2), t.slice(2, 2).shape());
        }
    }

    @Test
    void copyFromTensorNamesBothShapes() {
        try (Tensor a = alloc.allocate(2, 3); Tensor b = alloc.allocate(3, 2)) {
            assertEquals("shape mismatch: cannot copy (3, 2) into (2, 3)",
                    assertThrows(IllegalArgumentException.class, () -> a.copyFrom(b)).getMessage());
        }
    }
}
