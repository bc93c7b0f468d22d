package org.rnn4j.models.data.sets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads the real pinned packages with apt-get (tagged network: not in the default run). */
@Tag("network")
class DebianDataNetworkTest {
    @TempDir
    Path tmp;

    @Test
    void fortunes() throws IOException {
        Path out = DebianData.get("fortunes", tmp);
        List<String> f = Fortunes.parse(Files.readString(out));
        System.out.println("fortunes: " + f.size() + " fortunes, " + Files.size(out) + " bytes");
        assertTrue(f.size() > 10000, "fortunes: " + f.size());
    }

    @Test
    void bible() throws IOException {
        Path out = DebianData.get("bible-en-es", tmp);
        List<String> lines = Files.readAllLines(out);
        System.out.println("bible-en-es: " + lines.size() + " pairs; first: " + lines.get(0) + "; last: " + lines.get(lines.size() - 1));
        assertTrue(lines.size() > 31000, "pairs: " + lines.size());
        for (String l : lines) {
            assertTrue(l.split("\t", -1).length == 2 && !l.contains("<"), l);
        }
    }
}
