package org.rnn4j.models.data.sets;

import org.rnn4j.models.data.archive.TestTgz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmuDictTest {
    @TempDir
    Path tmp;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(CmuDictTest.class.getResource(name).toURI());
    }

    @Test
    void readsTheSampleSkippingAlternates() throws Exception {
        CmuDict.Dict d = CmuDict.read(resource("cmudict-sample.txt"));
        assertEquals(274, d.words().size());
        assertEquals(26, d.alternatesSkipped());
        assertTrue(d.problems().isEmpty(), d.problems().toString());
        assertEquals(List.of("AH0"), d.words().get("a")); // A(1) EY1 skipped
        assertEquals(List.of("AA1", "R", "D", "V", "AA2", "R", "K"), d.words().get("aardvark"));
        assertFalse(d.words().containsKey("a(1)"));
    }

    @Test
    void badLinesAreReportedByLineNumber() throws IOException {
        Path f = tmp.resolve("dict.txt");
        Files.writeString(f, ";;; comment\nGROCH  G R AA1 K\nBROKEN\nGROCH(1)  G R OW1 K\nODD  G x1 K\n\nGROCH  G\n");
        CmuDict.Dict d = CmuDict.read(f);
        assertEquals(Map.of("groch", List.of("G", "R", "AA1", "K")), d.words());
        assertEquals(1, d.alternatesSkipped());
        assertEquals(3, d.problems().size(), d.problems().toString());
        assertTrue(d.problems().get(0).endsWith("dict.txt:3: expected WORD  PHONEMES, found no phonemes"));
        assertTrue(d.problems().get(1).contains("dict.txt:5: 'x1' is not a phoneme"));
        assertTrue(d.problems().get(2).contains("dict.txt:7: duplicate word 'GROCH'"));
    }

    @Test
    void fileWithNothingUsableIsAnError() throws IOException {
        Path f = tmp.resolve("empty.txt");
        Files.writeString(f, "nothing here\n");
        IOException e = assertThrows(IOException.class, () -> CmuDict.read(f));
        assertTrue(e.getMessage().contains("no usable line") && e.getMessage().contains(":1:"), e.getMessage());
    }

    @Test
    void splitFileGzipAndConverter() throws Exception {
        Path split = tmp.resolve("split.tsv.gz");
        Files.write(split, TestTgz.gzip(TestTgz.utf8("#word\tsplit\na\ttrain\naardvark\ttest\naaron\ttest5k\nzzz\ttrain\n")));
        Map<String, String> s = CmuDict.split(split);
        assertEquals(Map.of("a", "train", "aardvark", "test", "aaron", "test5k", "zzz", "train"), s);
        CmuDict.Dict d = CmuDict.read(resource("cmudict-sample.txt"));
        CmuDict.Written w = CmuDict.writeSplits(d, s, tmp.resolve("out"));
        assertEquals(new CmuDict.Written(1, 2, 1, 1), w);
        assertEquals("a\tAH0\n", Files.readString(tmp.resolve("out/cmudict-train.tsv")));
        assertEquals("a a r d v a r k\tAA1 R D V AA2 R K\na a r o n\tEH1 R AH0 N\n",
                Files.readString(tmp.resolve("out/cmudict-test.tsv")));
        assertEquals(1, Files.readAllLines(tmp.resolve("out/cmudict-test5k.tsv")).size());
        // the written file is what the seq2seq trainer reads
        assertEquals(2, org.rnn4j.models.data.PairFiles.read(tmp.resolve("out/cmudict-test.tsv")).pairs().size());
    }

    @Test
    void badSplitLinesNameTheLine() throws IOException {
        Path split = tmp.resolve("split.tsv");
        Files.writeString(split, "a\ttrain\nb\tvalid\n");
        IOException e = assertThrows(IOException.class, () -> CmuDict.split(split));
        assertTrue(e.getMessage().contains("split.tsv:2: unknown split 'valid'"), e.getMessage());
    }

    @Test
    void withoutASplitEveryTwentiethLettersOnlyWordIsTest() throws Exception {
        CmuDict.Dict d = CmuDict.read(resource("cmudict-sample.txt"));
        CmuDict.Written w = CmuDict.writeSplits(d, null, tmp.resolve("out"));
        assertEquals(0, w.test5k());
        assertEquals((w.train() + w.test()) / 20, w.test());
        assertTrue(w.train() + w.test() <= d.words().size());
    }
}
