package org.rnn4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class CudaLibrariesTest {

    private static final CudaLibraries.Library ABSENT =
            new CudaLibraries.Library("absent", List.of("librnn4j-no-such-library.so.7"));
    /** The C math library is on every Linux machine; it proves the lookup itself works. */
    private static final CudaLibraries.Library LIBM =
            new CudaLibraries.Library("libm", List.of("libm.so.6"));

    @Test
    void aMissingLibraryIsReportedByNameInOneLine() {
        CudaLibraries.Report report = CudaLibraries.discover(List.of(LIBM, ABSENT));
        assertFalse(report.usable());
        assertEquals("CUDA: not usable: absent (librnn4j-no-such-library.so.7) not found", report.summary());
    }

    @Test
    void aPresentLibraryIsFound() {
        CudaLibraries.Report report = CudaLibraries.discover(List.of(LIBM));
        assertTrue(report.usable(), report.summary());
        assertEquals("CUDA: libraries found (libm.so.6)", report.summary());
    }

    @Test
    void theDefaultDiscoveryAlwaysAnswersInOneLine() {
        String line = CudaLibraries.discover().summary();
        assertTrue(line.startsWith("CUDA: "), line);
        assertFalse(line.contains("\n"), line);
    }

    @Test
    void aLibraryWithoutNamesIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CudaLibraries.Library("x", List.of()));
    }

    @Tag("gpu")
    @Test
    void onAGpuMachineEveryLibraryIsFound() {
        CudaLibraries.Report report = CudaLibraries.discover();
        assertTrue(report.usable(), report.summary());
    }
}
