package org.rnn4j.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every reader's text: a byte-order mark is no part of the data, and bytes that are not UTF-8 are named. */
class Utf8Test {

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstLabel(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bom.tsv");
        Files.write(f, ("\uFEFFpos\tgood\nneg\tbad\n").getBytes(StandardCharsets.UTF_8));
        List<LabelledFiles.Example> ex = LabelledFiles.read(f, false).examples();
        assertEquals("pos", ex.getFirst().label(), "the BOM was read into the label before");
        assertEquals(List.of("pos", "neg"), ex.stream().map(LabelledFiles.Example::label).toList());
    }

    @Test
    void bytesThatAreNotUtf8AreNamedWithFileLineAndByteOffset(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("latin1.tsv");
        byte[] b = "pos\tgood\nneg\tcaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(f, b);
        IOException e = assertThrows(IOException.class, () -> TextLines.read(f, (line, n, where) -> { }));
        assertEquals(f + ":2: not UTF-8: byte 0xE9 at byte offset 16 (column 8 of the line); save the text as UTF-8",
                e.getMessage());
    }

    @Test
    void aDirectoryOrAMissingFileIsNamedAsSuch(@TempDir Path dir) {
        IOException d = assertThrows(IOException.class, () -> Utf8.read(dir, "data file"));
        assertEquals(dir + ": is a directory; expected a data file", d.getMessage());
        Path missing = dir.resolve("missing.tsv");
        NoSuchFileException m = assertThrows(NoSuchFileException.class, () -> Utf8.read(missing, "data file"));
        assertEquals(missing + ": data file not found", m.getMessage());
    }

    @Test
    void windowsLineEndsAndBlankLinesAreReadAsBefore(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("crlf.txt");
        Files.write(f, "a\r\n\r\nb\r\n  \nc".getBytes(StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        TextLines.read(f, (line, n, where) -> seen.add(n + ":" + line));
        assertEquals(List.of("1:a", "3:b", "5:c"), seen);
    }

    @Test
    void featureRowsRefuseNonFiniteNumbersNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureRows.parse("1 NaN 3"));
        assertEquals("feature 2 ('NaN') is not a finite number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FeatureRows.parse("Infinity"));
        assertEquals("feature 1 ('Infinity') is not a finite number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FeatureRows.parse("1 " + "9".repeat(500) + "x"));
        assertEquals("feature 2 ('" + "9".repeat(80) + "... (501 characters)') is not a number", e.getMessage());
    }

    @Test
    void standardInputThatIsNotUtf8IsNamedByLine() {
        byte[] in = "fine\nalso fine\nnot \u00e9 fine\n".getBytes(StandardCharsets.ISO_8859_1);
        IOException e = assertThrows(IOException.class, () -> Utf8.decode(in, "standard input"));
        assertEquals("standard input:3: not UTF-8: byte 0xE9 at byte offset 19 (column 5 of the line); save the text as"
                + " UTF-8", e.getMessage());
    }

    @Test
    void aModelFolderFileThatIsADirectoryIsNamedAsSuch(@TempDir Path dir) throws IOException {
        Path weights = dir.resolve("model.safetensors");
        Files.createDirectories(weights);
        IOException e = assertThrows(IOException.class, () -> org.rnn4j.core.io.Safetensors.open(weights));
        assertTrue(e.getMessage().contains("is a directory; expected a safetensors file"), e.getMessage());
        Path vocab = dir.resolve("vocab.json");
        Files.createDirectories(vocab);
        e = assertThrows(IOException.class, () -> org.rnn4j.models.train.RunFiles.readJson(vocab));
        assertEquals(vocab + ": is a directory; expected a JSON file of the model folder", e.getMessage());
    }
}
