package org.rnn4j.models.data.sets;

import org.rnn4j.models.data.archive.TestTgz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.models.data.LabelledFiles;

class SpamAssassinTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheSampleFolderLabelsFromGroups() throws Exception {
        List<SpamAssassin.Message> m = SpamAssassin.read(CmuDictTest.resource("spam"));
        assertEquals(8, m.size());
        assertEquals(4, m.stream().filter(x -> x.label().equals("spam")).count());
        assertTrue(m.stream().allMatch(x -> x.label().equals(x.group().startsWith("spam") ? "spam" : "ham")));
        assertTrue(m.getFirst().text().contains("Subject:"), m.getFirst().text());
        Path tsv = tmp.resolve("spam.tsv");
        assertEquals(8, SpamAssassin.writeTsv(m, tsv));
        LabelledFiles.Read r = LabelledFiles.read(tsv, false);
        assertEquals(8, r.examples().size());
        assertTrue(r.problems().isEmpty(), r.problems().toString());
    }

    @Test
    void readsFromTheTarballToo() throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("package/data/spam-1/00001.abc.txt", TestTgz.utf8("Subject: win\n\nmoney\tnow\n"));
        e.put("package/data/spam-1/00001.abc.json", TestTgz.utf8("{}"));
        e.put("package/data/easy-ham-2/00002.def.txt", TestTgz.utf8("From: a\nSubject: lunch\n tomorrow\n\nsee you\r\n"));
        Path tgz = TestTgz.tgz(tmp.resolve("s.tgz"), e);
        List<SpamAssassin.Message> m = SpamAssassin.read(tgz);
        assertEquals(2, m.size());
        assertEquals("ham", m.get(0).label());
        assertEquals("lunch tomorrow see you", SpamAssassin.flatten(m.get(0).text()));
        assertEquals("spam", m.get(1).label());
        assertEquals("win money now", SpamAssassin.flatten(m.get(1).text()));
    }

    @Test
    void latin1FallbackAndEmptyFolder() throws IOException {
        assertEquals("caf\u00e9", SpamAssassin.decode(new byte[] {'c', 'a', 'f', (byte) 0xe9}));
        Files.createDirectories(tmp.resolve("none"));
        IOException e = assertThrows(IOException.class, () -> SpamAssassin.read(tmp.resolve("none")));
        assertTrue(e.getMessage().contains("no e-mails found"), e.getMessage());
    }
}
