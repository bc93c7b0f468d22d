package org.rnn4j.models.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.rnn4j.models.train.RunFiles;

/** Which family a model folder holds (its config.json's {@code family}), with clear errors. */
final class ModelFolders {
    private ModelFolders() {
    }

    static String family(Path dir) throws IOException {
        return RunFiles.readJson(RunFiles.configOf(dir)).path("family").asString("");
    }
}
