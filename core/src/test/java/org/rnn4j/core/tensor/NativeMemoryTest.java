package org.rnn4j.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An allocation past the machine's memory is refused before any page is touched, in one line. */
class NativeMemoryTest {

    @Test
    void aTensorLargerThanTheMachineIsRefusedBeforeAllocating() {
        long before = NativeMemory.inUse();
        try (NativeAllocator mem = new NativeAllocator("huge")) {
            Shape tooBig = Shape.of(1 << 30, 1 << 10);   // 4 TiB
            OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> mem.allocate(tooBig));
            assertTrue(e.getMessage().startsWith("allocator 'huge' (a tensor of " + tooBig + ") needs 4096.0 GiB more, with "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("of memory (-Drnn4j.maxNativeBytes to set the limit)"), e.getMessage());
            assertEquals(before, NativeMemory.inUse(), "nothing is held after a refusal");
            Tensor fine = mem.allocate(Shape.of(4));
            assertEquals(before + 16, NativeMemory.inUse());
            fine.close();
        }
        assertEquals(before, NativeMemory.inUse(), "closing gives the bytes back");
    }

    @Test
    void aWorkspaceThatWouldOutgrowTheMachineIsRefused() {
        long before = NativeMemory.inUse();
        try (Workspace ws = new Workspace("activations", 1 << 10)) {
            assertTrue(NativeMemory.inUse() >= before + 1024);
            OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> ws.allocate(Shape.of(1 << 30, 1 << 10)));
            assertTrue(e.getMessage().startsWith("workspace 'activations' needs "), e.getMessage());
            ws.allocate(Shape.of(8));
            ws.reset();
        }
        assertEquals(before, NativeMemory.inUse());
    }

    @Test
    void aFlatAllocatorCountsItsRegions() {
        long before = NativeMemory.inUse();
        try (NativeAllocator mem = NativeAllocator.flat("flat", 100, 100)) {
            assertEquals(before + 256, NativeMemory.inUse(), "two regions of 128 bytes (64-byte aligned)");
        }
        assertEquals(before, NativeMemory.inUse());
    }

    @Test
    void aModelIsRefusedFromItsParameterCountBeforeAnythingIsAllocated() {
        long before = NativeMemory.inUse();
        NativeMemory.requireRoomFor(1000, "a small model");
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class,
                () -> NativeMemory.requireRoomFor(1L << 40, "the big model"));
        assertTrue(e.getMessage().startsWith("the big model has 1,099,511,627,776 parameters: 8192.0 GiB for its weights and"
                + " gradients (16384.0 GiB with Adam's state when training), and "), e.getMessage());
        assertEquals(before, NativeMemory.inUse(), "a check holds nothing");
    }
}
