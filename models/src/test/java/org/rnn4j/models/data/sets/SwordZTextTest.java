package org.rnn4j.models.data.sets;

import org.rnn4j.models.data.archive.DebFixtures;
import org.rnn4j.models.data.CorruptArchiveException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwordZTextTest {
    @TempDir
    Path tmp;

    // Slots 0-5 of the KJV (engKJV2006eb 14.3) and the Reina-Valera 1909 (spaRV1909eb 2.60) ot testaments.
    static final List<String> KJV = List.of("",
            "<milestone type=\"x-importer\" subType=\"x-osis2mod\" n=\"$Rev: 3769 $ (SWORD: 1.9.0)\"/>",
            "<div canonical=\"true\" osisID=\"Gen\" sID=\"gen2\" type=\"book\"/> <milestone n=\"Genesis\" type=\"x-usfm-h\"/> "
                    + "<title level=\"1\" type=\"main\">The First Book of Moses, called Genesis</title> <div sID=\"gen3\" type=\"x-p\"/>",
            "<chapter n=\"1\" osisID=\"Gen.1\" sID=\"Gen.1\"/> ",
            "In the <w lemma=\"strong:H7225\">beginning</w> <w lemma=\"strong:H0430\">God</w> <w lemma=\"strong:H1254\">created</w> "
                    + "the <w lemma=\"strong:H8064\">heaven</w> <w lemma=\"strong:H0853\">and</w> the <w lemma=\"strong:H0776\">earth</w>. ",
            "And <w lemma=\"strong:H0430\">God</w> <w lemma=\"strong:H7121\">called</w> the <w lemma=\"strong:H0216\">light</w> Day"
                    + "<note placement=\"foot\"><reference type=\"annotateRef\">1.4 </reference>the light from…: Heb. between the light</note>"
                    + ", <transChange type=\"added\">was</transChange> &amp; <divineName><w lemma=\"strong:H3068\">LORD</w></divineName>. ",
            "");
    static final List<String> RV = List.of("",
            "<milestone type=\"x-importer\" subType=\"x-osis2mod\" n=\"$Rev: 3769 $ (SWORD: 1.9.0)\"/>",
            "<div canonical=\"true\" osisID=\"Gen\" sID=\"gen2\" type=\"book\"/> <milestone n=\"Génesis\" type=\"x-usfm-h\"/> "
                    + "<title level=\"1\" type=\"main\">Génesis</title> <div sID=\"gen3\" type=\"x-p\"/>",
            "<chapter n=\"1\" osisID=\"Gen.1\" sID=\"Gen.1\"/>",
            "<w lemma=\"strong:H7225\">EN el principio</w> <w lemma=\"strong:H1254\">crió</w> <w lemma=\"strong:H0430\">Dios</w> "
                    + "<w lemma=\"strong:H8064\">los cielos</w> <w lemma=\"strong:H0776\">y la tierra</w>. ",
            "",
            "<w lemma=\"strong:H0559\">Y dijo</w> <w lemma=\"strong:H0430\">Dios</w>: <w lemma=\"strong:H1961\">Sea</w> <w lemma=\"strong:H0216\">la luz</w>. ");

    @Test
    void readsVersesAcrossBlocks() throws IOException {
        DebFixtures.zText(tmp.resolve("kjv"), "ot", KJV, 3);
        DebFixtures.zText(tmp.resolve("kjv"), "nt", List.of("", "x", "<w>Jesus</w> wept."), 2);
        SwordZText m = SwordZText.open(tmp.resolve("kjv"));
        assertEquals(7, m.oldTestamentSize());
        assertEquals(10, m.size());
        assertEquals(KJV.get(4), m.verse(4));
        assertEquals("In the beginning God created the heaven and the earth.", m.plainVerse(4));
        assertEquals("And God called the light Day, was & LORD.", m.plainVerse(5));
        assertEquals("", m.plainVerse(2), "book heading slot has only a title and milestones");
        assertEquals("", m.plainVerse(3));
        assertEquals("Jesus wept.", m.plainVerse(9));
    }

    @Test
    void plainTextHandlesEntitiesAndThml() {
        assertEquals("a < b \" é", SwordZText.plainText("a &lt; b &quot; &#233;"));
        assertEquals("In the beginning", SwordZText.plainText("<scripRef passage=\"Gen 1:1\">Gen 1:1</scripRef>In the <sync type=\"Strongs\" value=\"H7225\"/>beginning"));
    }

    @Test
    void writesAlignedPairsSkippingEmpty() throws IOException {
        DebFixtures.zText(tmp.resolve("kjv"), "ot", KJV, 3);
        DebFixtures.zText(tmp.resolve("rv"), "ot", RV, 4);
        Path out = tmp.resolve("pairs.tsv");
        int n = BibleParallel.write(tmp.resolve("kjv"), tmp.resolve("rv"), out);
        assertEquals(1, n, "slot 4 only: 5 is empty in RV, 6 empty in KJV, 0-3 headings");
        assertEquals("In the beginning God created the heaven and the earth.\tEN el principio crió Dios los cielos y la tierra.\n",
                Files.readString(out));
    }

    @Test
    void mismatchedVersificationIsRefused() throws IOException {
        DebFixtures.zText(tmp.resolve("kjv"), "ot", KJV, 3);
        DebFixtures.zText(tmp.resolve("rv"), "ot", RV.subList(0, 5), 4);
        IOException e = assertThrows(IOException.class,
                () -> BibleParallel.write(tmp.resolve("kjv"), tmp.resolve("rv"), tmp.resolve("p.tsv")));
        assertTrue(e.getMessage().contains("do not line up"), e.getMessage());
    }

    @Test
    void corruptIndexesNameTheOffset() throws IOException {
        Path dir = tmp.resolve("kjv");
        DebFixtures.zText(dir, "ot", KJV, 3);
        byte[] bzv = Files.readAllBytes(dir.resolve("ot.bzv"));
        ByteBuffer.wrap(bzv).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 99); // slot 4 -> block 99
        Files.write(dir.resolve("ot.bzv"), bzv);
        SwordZText m = SwordZText.open(dir);
        CorruptArchiveException e = assertThrows(CorruptArchiveException.class, () -> m.verse(4));
        assertTrue(e.getMessage().contains("verse entry at offset 40 names block 99"), e.getMessage());

        Files.write(dir.resolve("ot.bzv"), Arrays.copyOf(bzv, 15));
        e = assertThrows(CorruptArchiveException.class, () -> SwordZText.open(dir));
        assertTrue(e.getMessage().contains("not a multiple of 10"), e.getMessage());
    }

    @Test
    void corruptBlockIsReported() throws IOException {
        Path dir = tmp.resolve("kjv");
        DebFixtures.zText(dir, "ot", KJV, 3);
        byte[] bzz = Files.readAllBytes(dir.resolve("ot.bzz"));
        bzz[0] = 0x12;
        bzz[1] = 0x34;
        Files.write(dir.resolve("ot.bzz"), bzz);
        CorruptArchiveException e = assertThrows(CorruptArchiveException.class, () -> SwordZText.open(dir).verse(1));
        assertTrue(e.getMessage().contains("block 0 at offset 0 is not zlib data"), e.getMessage());
    }
}
