package org.rnn4j.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class AllocatorTest {

    @Test
    void nativeAllocatorTracksBytesAndPeak() {
        try (NativeAllocator alloc = new NativeAllocator("params")) {
            Tensor a = alloc.allocate(3, 5);
            Tensor b = alloc.allocate(7);
            assertEquals((15 + 7) * 4, alloc.bytesInUse());
            a.close();
            assertEquals(7 * 4, alloc.bytesInUse());
            assertEquals((15 + 7) * 4, alloc.peakBytes());
            b.close();
            assertEquals(0, alloc.bytesInUse());
            assertEquals(0, alloc.liveTensors());
        }
    }

    @Test
    void tensorsAre64ByteAlignedAndZeroFilled() {
        try (NativeAllocator alloc = new NativeAllocator("params")) {
            Tensor t = alloc.allocate(13);
            assertEquals(0, t.data().address() % 64);
            assertArrayEquals(new float[13], t.toArray());
            t.close();
        }
        try (Workspace ws = new Workspace("step", 1024)) {
            for (int i = 0; i < 4; i++) {
                Tensor t = ws.allocate(3 + i);
                assertEquals(0, t.data().address() % 64, "workspace tensor " + i);
            }
        }
    }

    @Test
    void closingWithLiveTensorsReportsTheLeakAndFreesThem() {
        NativeAllocator alloc = new NativeAllocator("params");
        Tensor t = alloc.allocate(2, 3);
        alloc.allocate(4).close();
        var e = assertThrows(IllegalStateException.class, alloc::close);
        assertEquals("memory leaked: allocator 'params' closed with 1 live tensor(s), 24 bytes: (2, 3) (freed now;"
                + " close tensors before their allocator)", e.getMessage());
        assertEquals(0, alloc.bytesInUse());
        assertDoesNotThrow(alloc::close, "closing twice is harmless");
        var use = assertThrows(IllegalStateException.class, () -> t.get(0));
        assertEquals("tensor (2, 3) used after allocator 'params' was closed", use.getMessage());
    }

    @Test
    void useAfterCloseThrowsAndDoesNotCrash() {
        try (NativeAllocator alloc = new NativeAllocator("params")) {
            Tensor t = alloc.allocate(4);
            Tensor view = t.slice(1, 3);
            MemorySegment raw = t.data();
            t.close();
            t.close(); // twice is harmless
            assertEquals("tensor (4,) used after it was closed",
                    assertThrows(IllegalStateException.class, () -> t.set(0, 1f)).getMessage());
            assertThrows(IllegalStateException.class, view::toArray);
            // Even a raw segment taken before close is guarded by FFM: it throws, never crashes.
            assertThrows(IllegalStateException.class, () -> raw.getAtIndex(ValueLayout.JAVA_FLOAT, 0));
            assertFalse(t.isUsable());
        }
    }

    @Test
    void allocatingFromAClosedAllocatorThrows() {
        NativeAllocator alloc = new NativeAllocator("params");
        alloc.close();
        assertThrows(IllegalStateException.class, () -> alloc.allocate(1));
        Workspace ws = new Workspace("step", 64);
        ws.close();
        ws.close();
        assertThrows(IllegalStateException.class, () -> ws.allocate(1));
        assertThrows(IllegalStateException.class, ws::reset);
    }

    @Test
    void workspaceTensorsGoStaleAtReset() {
        try (Workspace ws = new Workspace("step", 4096)) {
            Tensor t = ws.allocate(8);
            t.fill(2f);
            assertEquals(0, ws.generation());
            ws.reset();
            var e = assertThrows(IllegalStateException.class, () -> t.get(0));
            assertEquals("stale tensor (8,): taken from workspace 'step' in generation 0, but the workspace was reset"
                    + " since (now generation 1)", e.getMessage());
            assertThrows(IllegalStateException.class, () -> t.slice(0, 1));
            Tensor u = ws.allocate(8);
            assertArrayEquals(new float[8], u.toArray(), "allocate zero-fills reused memory");
        }
    }

    @Test
    void workspaceGrowsThenSettlesToOneChunkWithNoFurtherAllocation() {
        try (Workspace ws = new Workspace("step", 256)) {
            for (int i = 0; i < 10; i++) {
                ws.allocate(100);    // 400 bytes each, 64-byte aligned slots of 448
            }
            long peak = ws.peakBytes();
            assertTrue(peak >= 10 * 400, "peak " + peak);
            assertEquals(ws.bytesInUse(), peak);
            ws.reset();
            assertEquals(0, ws.bytesInUse());
            long capacity = ws.capacityBytes();
            assertTrue(capacity >= peak, "one chunk fits the peak: " + capacity + " >= " + peak);
            for (int step = 0; step < 3; step++) {
                for (int i = 0; i < 10; i++) {
                    ws.allocate(100);
                }
                assertEquals(capacity, ws.capacityBytes(), "step " + step + " allocated more memory");
                ws.reset();
            }
        }
    }

    @Test
    void workspaceCloseFreesEverythingWithoutALeakReport() {
        Workspace ws = new Workspace("step", 1024);
        Tensor t = ws.allocate(4);
        assertDoesNotThrow(ws::close);
        assertThrows(IllegalStateException.class, () -> t.get(0));
    }

    @Test
    void negativeCapacityIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Workspace("w", -1));
    }
}
