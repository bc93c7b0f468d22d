package org.rnn4j.models.data.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FortunesTest {
    /** The first lines of fortunes 1:1.99.1-7.3's /usr/share/games/fortunes/computers (BSD licence). */
    static final String COMPUTERS = """
            %
            $100 invested at 7% interest for 100 years will become $100,000, at
            which time it will be worth absolutely nothing.
            \t\t-- Lazarus Long, "Time Enough for Love"
            %
            (1) Never draw what you can copy.
            (2) Never copy what you can trace.
            (3) Never trace what you can cut out and paste down.
            %
            """;

    @TempDir
    Path tmp;

    @Test
    void splitsAtPercentLines() {
        List<String> f = Fortunes.parse(COMPUTERS);
        assertEquals(2, f.size());
        assertEquals("""
                $100 invested at 7% interest for 100 years will become $100,000, at
                which time it will be worth absolutely nothing.
                \t\t-- Lazarus Long, "Time Enough for Love\"""", f.get(0));
        assertEquals(3, f.get(1).lines().count());
    }

    @Test
    void crlfAndMissingFinalSeparator() {
        assertEquals(List.of("a", "b\r\nc"), Fortunes.parse("a\r\n%\r\nb\r\nc").stream()
                .map(s -> s.replace("\n", "\r\n")).toList());
    }

    @Test
    void readsDirectorySkippingIndexes() throws IOException {
        Files.writeString(tmp.resolve("computers"), COMPUTERS);
        Files.writeString(tmp.resolve("art"), "ASCII\n%\n");
        Files.write(tmp.resolve("art.dat"), new byte[] {0, 0, 0, 2, '%'});
        Files.createSymbolicLink(tmp.resolve("art.u8"), Path.of("art"));
        List<String> f = Fortunes.read(tmp);
        assertEquals(3, f.size());
        assertEquals("ASCII", f.get(0));
        Path out = tmp.resolve("corpus/fortunes.txt");
        Fortunes.write(f, out);
        assertEquals(f, Fortunes.parse(Files.readString(out)));
    }
}
