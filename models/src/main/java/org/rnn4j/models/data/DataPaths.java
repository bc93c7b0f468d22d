package org.rnn4j.models.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Resolves a config's data file: a path relative to the config file, or {@code cache:NAME/FILE}
 * for a file that {@code rnn4j data get NAME} put into the data cache (the system property
 * {@code rnn4j.data}, else {@code $RNN4J_DATA}, else {@code ~/.cache/rnn4j}). A missing cached
 * file says which command fetches it.
 */
public final class DataPaths {
    public static final String CACHE = "cache:";

    private DataPaths() {
    }

    public static Path cacheRoot() {
        String prop = System.getProperty("rnn4j.data");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("RNN4J_DATA");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "rnn4j");
    }

    public static Path resolve(Path configFile, String spec) throws IOException {
        if (spec.startsWith(CACHE)) {
            String rest = spec.substring(CACHE.length());
            Path p = cacheRoot().resolve(rest);
            if (!Files.isRegularFile(p)) {
                String name = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
                throw new NoSuchFileException(p.toString(), null, "not in the data cache; run './rnn4j data get " + name
                        + "' first");
            }
            return p;
        }
        Path base = configFile.toAbsolutePath().getParent();
        return base.resolve(spec);
    }
}
