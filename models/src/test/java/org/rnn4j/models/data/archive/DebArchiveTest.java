package org.rnn4j.models.data.archive;

import org.rnn4j.models.data.sets.Fortunes;
import org.rnn4j.models.data.CorruptArchiveException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.models.data.archive.DebFixtures.TarEntry;

class DebArchiveTest {
    @TempDir
    Path tmp;

    private static final String LONG = "./usr/share/doc/test/" + "a".repeat(120) + ".txt";

    private List<TarEntry> sample() {
        return List.of(
                TarEntry.dir("./"),
                TarEntry.dir("./usr/share/games/fortunes/"),
                TarEntry.file("./usr/share/games/fortunes/test", "One.\n%\nTwo\nlines.\n%\n"),
                TarEntry.file("./usr/share/games/fortunes/test.dat", "\0\0\0\2"),
                new TarEntry("./usr/share/games/fortunes/test.u8", '2', "test".getBytes(StandardCharsets.UTF_8)),
                TarEntry.file(LONG, "long name"),
                TarEntry.file("./usr/share/doc/test/copyright", "BSD"));
    }

    @Test
    void extractsWantedFilesFromDeb() throws IOException {
        Path deb = DebFixtures.write(tmp.resolve("t.deb"), DebFixtures.deb(sample()));
        List<Path> got = DebArchive.extract(deb, n -> n.startsWith("usr/share/games/"), tmp.resolve("out"));
        assertEquals(2, got.size(), got.toString());
        Path f = tmp.resolve("out/usr/share/games/fortunes/test");
        assertEquals("One.\n%\nTwo\nlines.\n%\n", Files.readString(f));
        assertFalse(Files.exists(tmp.resolve("out/usr/share/games/fortunes/test.u8")), "symlinks are skipped");
        assertEquals(List.of("One.", "Two\nlines."), Fortunes.read(tmp.resolve("out")));
    }

    @Test
    void gnuLongNames() throws IOException {
        Path deb = DebFixtures.write(tmp.resolve("t.deb"), DebFixtures.deb(sample()));
        DebArchive.extract(deb, n -> n.startsWith("usr/share/doc/"), tmp.resolve("out"));
        assertEquals("long name", Files.readString(tmp.resolve("out").resolve(LONG.substring(2))));
        assertEquals("BSD", Files.readString(tmp.resolve("out/usr/share/doc/test/copyright")));
    }

    @Test
    void ustarPrefix() throws IOException {
        byte[] h = DebFixtures.header("file.txt", '0', 2, "");
        byte[] prefix = "deep/dir".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        System.arraycopy(prefix, 0, h, 345, prefix.length);
        DebFixtures.fixChecksum(h);
        byte[] tar = new byte[512 * 4];
        System.arraycopy(h, 0, tar, 0, 512);
        tar[512] = 'h';
        tar[513] = 'i';
        List<Path> got = org.rnn4j.models.data.archive.Tar.extract(new ByteArrayInputStream(tar), "t.tar", n -> true, tmp);
        assertEquals(List.of(tmp.resolve("deep/dir/file.txt").toAbsolutePath()), got);
    }

    @Test
    void pathTraversalIsRefused() throws IOException {
        for (String bad : List.of("./../evil", "usr/../../evil", "/etc/passwd")) {
            byte[] deb = DebFixtures.deb(List.of(TarEntry.file("./ok", "x"), TarEntry.file(bad, "pwned")));
            Path p = DebFixtures.write(tmp.resolve("bad.deb"), deb);
            CorruptArchiveException e = assertThrows(CorruptArchiveException.class,
                    () -> DebArchive.extract(p, n -> true, tmp.resolve("out")));
            assertTrue(e.getMessage().contains("entry '" + bad + "' at byte offset 1024"), e.getMessage());
        }
        assertFalse(Files.exists(tmp.resolve("evil")));
    }

    @Test
    void notAnArArchive() throws IOException {
        Path p = DebFixtures.write(tmp.resolve("x.deb"), "PK\3\4 not a deb".getBytes(StandardCharsets.US_ASCII));
        CorruptArchiveException e = assertThrows(CorruptArchiveException.class,
                () -> DebArchive.extract(p, n -> true, tmp));
        assertTrue(e.getMessage().contains("not an ar archive") && e.getMessage().contains("offset 0"), e.getMessage());
    }

    @Test
    void badArHeaderNamesOffset() throws IOException {
        byte[] deb = DebFixtures.deb(sample());
        deb[8 + 58] = 'X'; // first member header's terminator
        Path p = DebFixtures.write(tmp.resolve("x.deb"), deb);
        CorruptArchiveException e = assertThrows(CorruptArchiveException.class, () -> ArArchive.entries(p));
        assertTrue(e.getMessage().contains("bad ar member header at offset 8"), e.getMessage());
    }

    @Test
    void truncatedDebNamesOffset() throws IOException {
        byte[] deb = DebFixtures.deb(sample());
        Path p = DebFixtures.write(tmp.resolve("x.deb"), Arrays.copyOf(deb, deb.length - 40));
        CorruptArchiveException e = assertThrows(CorruptArchiveException.class, () -> ArArchive.entries(p));
        assertTrue(e.getMessage().contains("data.tar.xz") && e.getMessage().contains("at offset"), e.getMessage());
    }

    @Test
    void corruptXzIsReported() throws IOException {
        byte[] deb = DebFixtures.deb(sample());
        // flip bytes in the middle of data.tar.xz (the last member)
        for (int i = deb.length - 60; i < deb.length - 50; i++) {
            deb[i] ^= 0x55;
        }
        Path p = DebFixtures.write(tmp.resolve("x.deb"), deb);
        CorruptArchiveException e = assertThrows(CorruptArchiveException.class,
                () -> DebArchive.extract(p, n -> true, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("data.tar.xz") && e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void badTarChecksumNamesOffset() throws IOException {
        byte[] tar = DebFixtures.tar(List.of(TarEntry.file("a", "1"), TarEntry.file("b", "2")));
        tar[1024 + 3] = 'z'; // second header's name
        CorruptArchiveException e = assertThrows(CorruptArchiveException.class,
                () -> org.rnn4j.models.data.archive.Tar.extract(new ByteArrayInputStream(tar), "t.tar", n -> true, tmp));
        assertTrue(e.getMessage().contains("at byte offset 1024: header checksum"), e.getMessage());
    }

    @Test
    void truncatedTarData() {
        byte[] tar = DebFixtures.tar(List.of(TarEntry.file("a", "x".repeat(2000))));
        byte[] cut = Arrays.copyOf(tar, 1000);
        CorruptArchiveException e = assertThrows(CorruptArchiveException.class,
                () -> org.rnn4j.models.data.archive.Tar.extract(new ByteArrayInputStream(cut), "t.tar", n -> true, tmp));
        assertTrue(e.getMessage().contains("at byte offset 1000: truncated"), e.getMessage());
    }

    @Test
    void badOctalSize() {
        byte[] tar = DebFixtures.tar(List.of(TarEntry.file("a", "1")));
        tar[124] = '9';
        DebFixtures.fixChecksum(Arrays.copyOf(tar, 512));
        byte[] h = Arrays.copyOf(tar, 512);
        DebFixtures.fixChecksum(h);
        System.arraycopy(h, 0, tar, 0, 512);
        CorruptArchiveException e = assertThrows(CorruptArchiveException.class,
                () -> org.rnn4j.models.data.archive.Tar.extract(new ByteArrayInputStream(tar), "t.tar", n -> true, tmp));
        assertTrue(e.getMessage().contains("at byte offset 124: bad octal size"), e.getMessage());
    }
}
