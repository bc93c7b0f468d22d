package org.rnn4j.models.data.archive;

import org.rnn4j.models.data.sets.DataSets;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarTest {
    @TempDir
    Path tmp;

    private static Map<String, byte[]> entries() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("package/package.json", TestTgz.utf8("{}"));
        m.put("package/data/dict.txt", TestTgz.utf8("A  AH0\nA(1)  EY1\n"));
        m.put("package/" + "d".repeat(60) + "/" + "e".repeat(60) + "/long.txt", new byte[1000]);
        return m;
    }

    @Test
    void readsNamesSizesAndContentIncludingUstarPrefix() throws IOException {
        Path tgz = TestTgz.tgz(tmp.resolve("a.tgz"), entries());
        List<String> names = new ArrayList<>();
        Map<String, byte[]> content = new LinkedHashMap<>();
        Tar.read(tgz, (e, data) -> {
            names.add(e.name() + ":" + e.size());
            content.put(e.name(), data.readAllBytes());
        });
        assertEquals(List.of("package/package.json:2", "package/data/dict.txt:17",
                "package/" + "d".repeat(60) + "/" + "e".repeat(60) + "/long.txt:1000"), names);
        assertArrayEquals(TestTgz.utf8("A  AH0\nA(1)  EY1\n"), content.get("package/data/dict.txt"));
    }

    @Test
    void extractWritesTheWantedFilesAndNamesMissingOnes() throws IOException {
        Path tgz = TestTgz.tgz(tmp.resolve("a.tgz"), entries());
        Path out = tmp.resolve("out/dict.txt");
        DataSets.extract(tgz, Map.of("package/data/dict.txt", out));
        assertEquals("A  AH0\nA(1)  EY1\n", Files.readString(out));
        IOException e = assertThrows(IOException.class,
                () -> DataSets.extract(tgz, Map.of("package/data/none.txt", tmp.resolve("x"))));
        assertTrue(e.getMessage().contains("has no 'package/data/none.txt'"), e.getMessage());
    }

    @Test
    void pathTraversalIsRejected() throws IOException {
        for (String bad : List.of("package/../../etc/passwd", "/etc/passwd", "../x", ".//etc/passwd")) {
            Path tgz = TestTgz.tgz(tmp.resolve("bad.tgz"), Map.of(bad, TestTgz.utf8("x")));
            IOException e = assertThrows(IOException.class, () -> Tar.read(tgz, (en, d) -> {
                throw new AssertionError("visited " + en.name());
            }));
            assertTrue(e.getMessage().startsWith("unsafe archive"), e.getMessage());
            assertTrue(e.getMessage().contains("byte offset 0"), e.getMessage());
        }
    }

    @Test
    void truncatedArchiveIsReportedWithItsOffset() throws IOException {
        byte[] tar = TestTgz.tar(entries());
        Path cut = tmp.resolve("cut.tgz");
        Files.write(cut, TestTgz.gzip(Arrays.copyOf(tar, 512 + 512 + 512 + 100))); // in the padding after dict.txt's data
        IOException e = assertThrows(IOException.class, () -> Tar.read(cut, (en, d) -> d.readAllBytes()));
        assertTrue(e.getMessage().startsWith("corrupt archive"), e.getMessage());
        assertTrue(e.getMessage().contains("byte offset 1636"), e.getMessage());

        Path cutData = tmp.resolve("cutdata.tgz");
        Files.write(cutData, TestTgz.gzip(Arrays.copyOf(tar, 2048 + 512 + 300))); // inside long.txt's data
        e = assertThrows(IOException.class, () -> Tar.read(cutData, (en, d) -> d.readAllBytes()));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("byte offset 2860"), e.getMessage());
    }

    @Test
    void damagedHeaderAndBrokenGzipAreReported() throws IOException {
        byte[] tar = TestTgz.tar(entries());
        tar[1024 + 10] ^= 0x55; // second header
        Path bad = tmp.resolve("bad.tgz");
        Files.write(bad, TestTgz.gzip(tar));
        IOException e = assertThrows(IOException.class, () -> Tar.read(bad, (en, d) -> { }));
        assertTrue(e.getMessage().contains("byte offset 1024") && e.getMessage().contains("checksum"), e.getMessage());

        byte[] gz = TestTgz.gzip(TestTgz.tar(entries()));
        Path cutGz = tmp.resolve("cutgz.tgz");
        Files.write(cutGz, Arrays.copyOf(gz, gz.length / 2));
        e = assertThrows(IOException.class, () -> Tar.read(cutGz, (en, d) -> d.readAllBytes()));
        assertTrue(e.getMessage().startsWith("corrupt archive"), e.getMessage());

        Path notTar = tmp.resolve("text.tgz");
        Files.write(notTar, TestTgz.gzip(TestTgz.utf8("hello ".repeat(200))));
        e = assertThrows(IOException.class, () -> Tar.read(notTar, (en, d) -> { }));
        assertTrue(e.getMessage().startsWith("corrupt archive") && e.getMessage().contains("checksum"), e.getMessage());
    }
}
