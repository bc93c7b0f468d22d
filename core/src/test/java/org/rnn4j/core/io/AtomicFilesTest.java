package org.rnn4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesWholeLeavesNoTemporaryAndKeepsTheOldFileOnFailure(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sub/out.json");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        assertEquals(List.of("out.json"), names(f.getParent()));
        var e = assertThrows(IOException.class, () -> AtomicFiles.write(f, ch -> {
            ch.write(java.nio.ByteBuffer.wrap("half".getBytes()));
            throw new IOException("disk full");
        }));
        // The operating system's bare "disk full" comes back naming the file it was writing.
        assertEquals(java.nio.file.FileSystemException.class, e.getClass());
        assertEquals(f.toAbsolutePath() + ": disk full", e.getMessage());
        assertEquals("two", Files.readString(f), "the old file stays whole");
        assertEquals(List.of("out.json"), names(f.getParent()), "no temporary file left");
    }

    @Test
    void filesGetTheDefaultPermissionsOfAPlainWrite(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        Path atomic = dir.resolve("atomic");
        AtomicFiles.writeString(atomic, "x");
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
        }
    }
}
