package org.rnn4j.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class CpuInfoTest {

    @Test
    void detectMatchesTheRuntime() {
        CpuInfo cpu = CpuInfo.detect();
        assertEquals(Runtime.getRuntime().availableProcessors(), cpu.cores());
        assertEquals(FloatVector.SPECIES_PREFERRED.length(), cpu.floatLanes());
        assertTrue(cpu.vectorBits() >= 64, "vector bits " + cpu.vectorBits());
        assertTrue(cpu.describe().contains(cpu.floatLanes() + " float lanes"), cpu.describe());
    }
}
