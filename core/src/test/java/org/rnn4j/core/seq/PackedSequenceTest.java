package org.rnn4j.core.seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

class PackedSequenceTest {
    private final Workspace ws = new Workspace("test", 4096);

    @AfterEach
    void close() {
        ws.close();
    }

    /** (T=3, B=3, F=1) with value 10*b + t at real steps, -1 at padding. */
    Tensor padded(int[] lengths, boolean batchFirst) {
        int steps = 3;
        int b = lengths.length;
        Tensor t = batchFirst ? ws.allocate(b, steps, 1) : ws.allocate(steps, b, 1);
        for (int bb = 0; bb < b; bb++) {
            for (int s = 0; s < steps; s++) {
                float v = s < lengths[bb] ? 10 * bb + s : -1;
                if (batchFirst) {
                    t.setAt(v, bb, s, 0);
                } else {
                    t.setAt(v, s, bb, 0);
                }
            }
        }
        return t;
    }

    @Test
    void packsLikePyTorch() {
        // torch: pack_padded_sequence(x, [2, 3, 1], enforce_sorted=False)
        //   batch_sizes [3, 2, 1], sorted_indices [1, 0, 2], unsorted_indices [1, 0, 2]
        //   data = x[0,1], x[0,0], x[0,2], x[1,1], x[1,0], x[2,1]
        int[] lengths = {2, 3, 1};
        for (boolean bf : new boolean[] {false, true}) {
            PackedSequence p = PackedSequence.pack(padded(lengths, bf), lengths, bf, false, ws);
            assertArrayEquals(new int[] {3, 2, 1}, p.batchSizes());
            assertArrayEquals(new int[] {1, 0, 2}, p.sortedIndices());
            assertArrayEquals(new int[] {1, 0, 2}, p.unsortedIndices());
            assertArrayEquals(new float[] {10, 0, 20, 11, 1, 12}, p.data().toArray());
            assertArrayEquals(lengths, p.lengths());
            assertArrayEquals(new int[] {0, 3, 5, 6}, p.offsets());
        }
    }

    @Test
    void unpackRestoresThePaddedBatchWithZeros() {
        int[] lengths = {2, 3, 1};
        PackedSequence p = PackedSequence.pack(padded(lengths, false), lengths, false, false, ws);
        Tensor back = p.unpack(4, false, ws);
        assertEquals(org.rnn4j.core.tensor.Shape.of(4, 3, 1), back.shape());
        assertArrayEquals(new float[] {0, 10, 20, 1, 11, 0, 0, 12, 0, 0, 0, 0}, back.toArray());
        Tensor bf = p.unpack(3, true, ws);
        assertArrayEquals(new float[] {0, 1, 0, 10, 11, 12, 20, 0, 0}, bf.toArray());
    }

    @Test
    void sortedInputKeepsItsOrderAndUnsortedIsRejectedWhenEnforced() {
        int[] sorted = {3, 2, 2};
        PackedSequence p = PackedSequence.pack(padded(sorted, false), sorted, false, true, ws);
        assertArrayEquals(new int[] {0, 1, 2}, p.sortedIndices());
        var e = assertThrows(IllegalArgumentException.class,
                () -> PackedSequence.pack(padded(new int[] {1, 3, 2}, false), new int[] {1, 3, 2}, false, true, ws));
        assertTrue(e.getMessage().contains("not sorted in decreasing order"), e.getMessage());
    }

    @Test
    void zeroAndOutOfRangeLengthsAreRejected() {
        assertEquals("sequence 1 has length 0; every sequence needs at least one step (drop empty sequences before packing)",
                assertThrows(IllegalArgumentException.class,
                        () -> PackedSequence.pack(padded(new int[] {2, 0, 1}, false), new int[] {2, 0, 1}, false, false, ws))
                        .getMessage());
        assertEquals("length 4 of sequence 0 is outside [1, 3] (the padded tensor has 3 steps)",
                assertThrows(IllegalArgumentException.class,
                        () -> PackedSequence.pack(padded(new int[] {3, 1, 1}, false), new int[] {4, 1, 1}, false, false, ws))
                        .getMessage());
        assertEquals("got 2 lengths for a batch of 3",
                assertThrows(IllegalArgumentException.class,
                        () -> PackedSequence.pack(padded(new int[] {3, 1, 1}, false), new int[] {3, 1}, false, false, ws))
                        .getMessage());
    }

    @Test
    void aBatchOfOne() {
        Tensor x = ws.allocate(3, 1, 2);
        x.copyFrom(new float[] {1, 2, 3, 4, 5, 6});
        PackedSequence p = PackedSequence.pack(x, new int[] {2}, false, true, ws);
        assertArrayEquals(new int[] {1, 1}, p.batchSizes());
        assertArrayEquals(new float[] {1, 2, 3, 4}, p.data().toArray());
    }

    @Test
    void masksMarkRealSteps() {
        boolean[][] m = Masks.lengthMask(new int[] {2, 1}, 3);
        assertArrayEquals(new boolean[] {true, true}, m[0]);
        assertArrayEquals(new boolean[] {true, false}, m[1]);
        assertArrayEquals(new boolean[] {false, false}, m[2]);
        boolean[][] bf = Masks.lengthMaskBatchFirst(new int[] {2, 1}, 3);
        assertArrayEquals(new boolean[] {true, true, false}, bf[0]);
        assertThrows(IllegalArgumentException.class, () -> Masks.lengthMask(new int[] {4}, 3));
    }
}
