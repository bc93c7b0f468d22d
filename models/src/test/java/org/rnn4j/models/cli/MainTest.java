package org.rnn4j.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Main().run(List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(Main.OK, run("--help"));
        assertTrue(out().contains("devices"), out());
        assertTrue(out().contains("bench"), out());
        assertTrue(out().contains("test"), out());
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertEquals(Main.USAGE, run());
        assertTrue(out().startsWith("Usage: rnn4j"), out());
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithAHint() {
        assertEquals(Main.USAGE, run("frobnicate"));
        assertEquals("rnn4j: unknown command 'frobnicate'\nhint: run 'rnn4j --help' for the list of commands\n",
                err().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void devicesPrintsTheCpuAndTheCudaState() {
        assertEquals(Main.OK, run("devices"));
        String[] lines = out().split("\\R");
        assertEquals(2, lines.length, out());
        assertTrue(lines[0].startsWith("CPU: " + Runtime.getRuntime().availableProcessors() + " cores"), lines[0]);
        assertEquals("CUDA: backend not installed", lines[1]);
    }

    @Test
    void devicesRejectsArguments() {
        assertEquals(Main.USAGE, run("devices", "--bogus"));
        assertTrue(err().startsWith("rnn4j devices: devices takes no arguments"), err());
    }

    @Test
    void commandHelpIsPrinted() {
        assertEquals(Main.OK, run("devices", "--help"));
        assertTrue(out().startsWith("Usage: rnn4j devices"), out());
    }
}
