package org.rnn4j.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnn4j.models.family.UsageException;

class ArgsTest {
    private static final Set<String> VALUED = Set.of("--out", "--epochs", "--seconds");
    private static final Set<String> FLAGS = Set.of("--resume");

    @Test
    void readsValuesSwitchesAndPositionalsLastValueWinning() throws Exception {
        Args a = Args.parse(List.of("cfg.json", "--epochs", "3", "--resume", "--out", "x", "--epochs", "5"), VALUED,
                FLAGS, 1);
        assertEquals(List.of("cfg.json"), a.positional());
        assertEquals(5, a.positiveInt("--epochs", null));
        assertEquals(Path.of("x"), a.path("--out", null));
        assertTrue(a.has("--resume"));
        assertFalse(a.has("--seconds"));
        assertNull(a.positiveDouble("--seconds", null));
        assertEquals(2.5, Args.parse(List.of("--seconds", "2.5"), VALUED, FLAGS, 0).positiveDouble("--seconds", 1.0));
    }

    @Test
    void eachMistakeIsOneLineNamingIt() {
        assertEquals("unknown option '--epoch'", message(List.of("--epoch", "3"), 1));
        assertEquals("--out needs a value", message(List.of("--out"), 1));
        assertEquals("unexpected argument 'b.json'", message(List.of("a.json", "b.json"), 1));
        assertEquals("--epochs takes a positive integer, got '0'", intMessage("0"));
        assertEquals("--epochs takes a positive integer, got 'three'", intMessage("three"));
        UsageException e = assertThrows(UsageException.class,
                () -> Args.parse(List.of("--seconds", "NaN"), VALUED, FLAGS, 0).positiveDouble("--seconds", null));
        assertEquals("--seconds takes a positive number, got 'NaN'", e.getMessage());
    }

    private static String message(List<String> args, int positional) {
        return assertThrows(UsageException.class, () -> Args.parse(args, VALUED, FLAGS, positional)).getMessage();
    }

    private static String intMessage(String v) {
        return assertThrows(UsageException.class,
                () -> Args.parse(List.of("--epochs", v), VALUED, FLAGS, 0).positiveInt("--epochs", null)).getMessage();
    }

    @Test
    void aHugeArgumentIsCutInTheError() {
        String huge = "--" + "x".repeat(10_000);
        assertEquals("unknown option '" + huge.substring(0, 80) + "... (10002 characters)'", message(List.of(huge), 1));
    }

    @Test
    void predictHelpDocumentsEachFamilysJsonKeys() {
        String help = new PredictCommand().help();
        assertTrue(help.contains("{\"input\": ..., \"label\": ..., \"probability\": ...}"), help);
    }
}
