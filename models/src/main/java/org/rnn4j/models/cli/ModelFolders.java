package org.rnn4j.models.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Which family a model folder holds (its config.json's {@code family}), with clear errors. */
final class ModelFolders {
    private ModelFolders() {
    }

    static String family(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a folder (expected a model folder with config.json)");
        }
        Path cfg = dir.resolve("config.json");
        if (!Files.isRegularFile(cfg)) {
            throw new NoSuchFileException(cfg.toString(), null, dir + " is not a model folder: config.json is missing");
        }
        try {
            return JsonMapper.builder().build().readTree(Files.readString(cfg, StandardCharsets.UTF_8)).path("family")
                    .asString("");
        } catch (JacksonException e) {
            throw new IOException(cfg + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
