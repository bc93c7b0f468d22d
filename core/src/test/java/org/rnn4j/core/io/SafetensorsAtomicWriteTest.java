package org.rnn4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Tensor;

/** A write that fails at any point leaves the previous file byte-identical and no temporary file behind. */
class SafetensorsAtomicWriteTest {
    @TempDir
    Path dir;

    private final NativeAllocator alloc = new NativeAllocator("atomic-test");

    @AfterEach
    void noLeaks() {
        alloc.close();
    }

    List<Path> listDir(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    @Test
    void failureMidwayLeavesThePreviousFileUntouched() throws IOException {
        Path p = dir.resolve("model.safetensors");
        try (Tensor old = alloc.of(new float[] {1, 2, 3}, 3)) {
            Safetensors.write(p, Map.of("old", old), Map.of("version", "1"));
        }
        byte[] before = Files.readAllBytes(p);

        Tensor first = alloc.of(new float[] {4, 5}, 2);
        Tensor freed = alloc.allocate(1000);
        freed.close();   // its memory is gone: the write fails after the header and 'first' are written
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("first", first);
        tensors.put("freed", freed);
        SafetensorsException e = assertThrows(SafetensorsException.class,
                () -> Safetensors.write(p, tensors, Map.of("version", "2")));
        first.close();
        assertTrue(e.getMessage().startsWith("cannot write tensor 'freed' (1000,) to " + p), e.getMessage());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p), "previous file byte-identical");
        assertEquals(List.of(p), listDir(dir), "no temporary file left");
    }

    @Test
    void failureWithoutAPreviousFileCreatesNothing() throws IOException {
        Path p = dir.resolve("new.safetensors");
        Tensor freed = alloc.allocate(4);
        freed.close();
        assertThrows(SafetensorsException.class, () -> Safetensors.write(p, Map.of("x", freed)));
        assertEquals(List.of(), listDir(dir));
    }

    @Test
    void failureAtTheRenameRemovesTheTemporaryFile() throws IOException {
        Path target = Files.createDirectory(dir.resolve("taken.safetensors"));   // a non-empty folder cannot be replaced
        Path inside = Files.writeString(target.resolve("keep.txt"), "keep");
        try (Tensor t = alloc.of(new float[] {1}, 1)) {
            assertThrows(IOException.class, () -> Safetensors.write(target, Map.of("t", t)));
        }
        assertEquals(List.of(target), listDir(dir));
        assertEquals("keep", Files.readString(inside));
    }

    @Test
    void readOnlyFolderLeavesThePreviousFileUntouched() throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Path p = ro.resolve("model.safetensors");
        try (Tensor t = alloc.of(new float[] {1, 2}, 2)) {
            Safetensors.write(p, Map.of("t", t));
        }
        byte[] before = Files.readAllBytes(p);
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Path probe = ro.resolve("probe");
            boolean canWriteAnyway;   // root ignores permissions: then there is nothing to test
            try {
                Files.createFile(probe);
                Files.delete(probe);
                canWriteAnyway = true;
            } catch (AccessDeniedException denied) {
                canWriteAnyway = false;
            }
            assumeFalse(canWriteAnyway, "running as a user that permissions do not stop (root)");
            try (Tensor t = alloc.of(new float[] {3, 4}, 2)) {
                assertThrows(IOException.class, () -> Safetensors.write(p, Map.of("t", t)));
            }
            assertArrayEquals(before, Files.readAllBytes(p));
            assertEquals(List.of(p), listDir(ro));
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertFalse(Files.exists(ro.resolve("probe")));
    }
}
