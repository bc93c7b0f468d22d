package org.rnn4j.models.family;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.models.cli.Main;

/**
 * Model folders written by rnn4j 0.1 before the one-trainer change (commit c8c06c1, one per
 * family, in src/test/resources/folders-v0.1) load and give the outputs that version printed
 * for the same commands.
 */
class OldModelFoldersTest {
    private static final Path DIR = Path.of("src/test/resources/folders-v0.1");

    private static String run(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        List<String> a = new ArrayList<>(List.of(args));
        a.replaceAll(s -> s.startsWith("@") ? DIR.resolve(s.substring(1)).toString() : s);
        int rc = new Main().run(a, out, out);
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals(Main.OK, rc, text);
        return text;
    }

    @Test
    void everyFamilysOldFolderGivesTheOldOutputs() {
        assertEquals("odd\t0.9998\neven\t0.9039\n", run("predict", "--model", "@parity-classifier", "1 0 1 1", "0 0"));
        assertEquals("3 7 1\n9 6\n", run("predict", "--model", "@spelled-digits", "three seven one", "nine six"));
        assertEquals("4 2\t-0.0061\n4 8\t-2.1430\n\n", run("predict", "--model", "@spelled-digits", "--beam", "3",
                "--nbest", "2", "four two"));
        assertEquals("the quick brown fox jumps over the lazy dog. the ",
                run("predict", "--model", "@sample-lm", "the quick").substring(0, 49));
        assertEquals("three hundred seventy two\n", run("predict", "--model", "@number-words-vec2seq",
                "0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 1 0 0 0 0 1 0 0 0 0 0 0 0"));
        assertEquals("accuracy on 1000 fresh moving-square clips: 99.50%\n", run("eval", "--model", "@moving-squares-video"));
    }
}
