package org.rnn4j.models.data.sets;

import org.rnn4j.models.data.archive.DebFixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.models.data.archive.DebFixtures.TarEntry;

class DebianDataTest {
    @TempDir
    Path tmp;

    private DebianData.Dataset fixture(byte[] deb) throws IOException {
        DebianData.Package p = new DebianData.Package("fortunes-test", "1:1.0-1", org.rnn4j.models.data.Checksums.sha256(DebFixtures.write(tmp.resolve("src.deb"), deb)),
                "fortunes-test_1%3a1.0-1_all.deb", "pool/main/f/fortunes-test/fortunes-test_1.0-1_all.deb");
        return new DebianData.Dataset("fortunes", List.of(p), "fortunes.txt", "usr/share/games/fortunes/",
                DebianData.dataset("fortunes").converter());
    }

    private static byte[] fortunesDeb() throws IOException {
        return DebFixtures.deb(List.of(TarEntry.file("./usr/share/games/fortunes/a", FortunesTest.COMPUTERS),
                TarEntry.file("./usr/share/games/fortunes/a.dat", "idx"), TarEntry.file("./usr/share/doc/x", "doc")));
    }

    @Test
    void fetchVerifyExtractConvertThenReuse() throws IOException {
        DebianData.Dataset d = fixture(fortunesDeb());
        AtomicInteger downloads = new AtomicInteger();
        DebianData.Downloader fake = (p, dir) -> {
            downloads.incrementAndGet();
            Files.copy(tmp.resolve("src.deb"), dir.resolve(p.fileName()));
        };
        Path cache = tmp.resolve("cache");
        Path out = DebianData.get(d, cache, fake);
        assertEquals(cache.resolve("fortunes/fortunes.txt"), out);
        assertEquals(2, Fortunes.parse(Files.readString(out)).size());
        Files.delete(out);
        DebianData.get(d, cache, fake); // the .deb in the cache is reused
        assertEquals(1, downloads.get());
        DebianData.get(d, cache, (p, dir) -> { throw new IOException("offline"); }); // output reused
    }

    @Test
    void checksumMismatchNamesBoth() throws IOException {
        DebianData.Dataset d = fixture(fortunesDeb());
        DebianData.Downloader wrong = (p, dir) -> Files.writeString(dir.resolve(p.fileName()), "not the package");
        IOException e = assertThrows(IOException.class, () -> DebianData.get(d, tmp.resolve("cache"), wrong));
        String want = d.packages().get(0).sha256();
        String got = org.rnn4j.models.data.Checksums.sha256(tmp.resolve("cache/debian/fortunes-test_1%3a1.0-1_all.deb"));
        assertTrue(e.getMessage().contains("sha256 mismatch") && e.getMessage().contains("expected " + want)
                && e.getMessage().contains("got " + got), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void missingAptGetSaysWhatToInstall() throws IOException {
        Files.createDirectories(tmp.resolve("d"));
        IOException e = assertThrows(IOException.class, () -> DebianData.runDownload(
                List.of("rnn4j-no-such-apt-get", "download", "fortunes"), DebianData.FORTUNES, tmp.resolve("d"), Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("install apt") && e.getMessage().contains(DebianData.FORTUNES.url()), e.getMessage());
    }

    @Test
    void failingDownloadShowsTheError() throws IOException {
        Files.createDirectories(tmp.resolve("d"));
        IOException e = assertThrows(IOException.class, () -> DebianData.runDownload(
                List.of("sh", "-c", "echo 'E: Failed to fetch http://deb.debian.org/x  Could not resolve host'; exit 100"),
                DebianData.FORTUNES, tmp.resolve("d"), Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("exit 100") && e.getMessage().contains("Could not resolve")
                && e.getMessage().contains("apt-get update"), e.getMessage());
    }

    @Test
    void timeoutIsReported() throws IOException {
        Files.createDirectories(tmp.resolve("d"));
        IOException e = assertThrows(IOException.class, () -> DebianData.runDownload(
                List.of("sleep", "30"), DebianData.FORTUNES, tmp.resolve("d"), Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
    }

    @Test
    void unknownName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DebianData.dataset("nope"));
        assertTrue(e.getMessage().contains("fortunes, bible-en-es"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void debianDataSetsUseTheOneCacheRoot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        String before = System.getProperty("rnn4j.data");
        try {
            System.setProperty("rnn4j.data", tmp.toString());
            org.junit.jupiter.api.Assertions.assertEquals(tmp, DebianData.defaultCache());
            org.junit.jupiter.api.Assertions.assertEquals(org.rnn4j.models.data.DataPaths.cacheRoot(),
                    DebianData.defaultCache(), "data get fortunes and cache:fortunes/... name the same folder");
        } finally {
            if (before == null) {
                System.clearProperty("rnn4j.data");
            } else {
                System.setProperty("rnn4j.data", before);
            }
        }
    }
}
