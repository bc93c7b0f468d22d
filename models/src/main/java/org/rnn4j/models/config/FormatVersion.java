package org.rnn4j.models.config;

import org.rnn4j.models.text.Snippet;
import java.io.IOException;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * The {@code formatVersion} every config and model folder carries, and the {@code family} field
 * that picks the family: read the same way for all of them, with errors that name the version.
 */
public final class FormatVersion {
    /** The version this build writes and reads. */
    public static final int CURRENT = 1;

    private FormatVersion() {
    }

    /** Reads {@code $.formatVersion} (default: the current one); another version is an error naming both. */
    public static int read(Node root) {
        if (root.has("formatVersion")) {
            int v = root.integer("formatVersion", CURRENT, Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (v != CURRENT) {
                throw new ConfigException("$.formatVersion", "format version " + v + " is not one this rnn4j reads"
                        + " (it reads version " + CURRENT + (v > CURRENT ? "; the file was written by a newer rnn4j)"
                        : ")"));
            }
        }
        return CURRENT;
    }

    /** Checks that {@code $.family} is {@code expected}. */
    public static void requireFamily(Node root, String expected) {
        String family = root.requiredString("family");
        if (!family.equals(expected)) {
            throw new ConfigException("$.family", "expected '" + expected + "' here, got '" + Snippet.of(family) + "'");
        }
    }

    /** The {@code family} field of a config file (for dispatching), with the usual errors. */
    public static String familyOf(Path file) throws IOException {
        return familyOf(Node.readFile(file));
    }

    /** The {@code family} field of a parsed config. */
    public static String familyOf(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new ConfigException("$", "a config is a JSON object ({\"family\": ..., \"data\": ...}), got "
                    + Node.describe(root));
        }
        JsonNode f = root.path("family");
        if (!f.isString()) {
            throw new ConfigException("$.family", "is required (a model family's name; 'rnn4j train --help' lists them)");
        }
        return f.stringValue();
    }
}
