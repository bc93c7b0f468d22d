package org.rnn4j.models.family;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.rnn4j.models.config.Node;
import java.util.List;
import org.rnn4j.models.train.Progress;
import org.rnn4j.models.train.TrainListener;
import org.rnn4j.models.train.Trainer;
import tools.jackson.databind.JsonNode;

/**
 * A training run from a config file, for any family: the family prepares the model and data, the
 * one {@link Trainer} trains them with the config's training section and the command line's
 * overrides on top, and writes the run folder.
 */
public final class ConfigRun {
    private ConfigRun() {
    }

    /** The command line's overrides of the config (null: the config's value). */
    public record Overrides(Integer epochs, Integer maxSteps, Integer threads, boolean resume, boolean overwrite,
                            String devices) {
        public Overrides(Integer epochs, Integer maxSteps, Integer threads, boolean resume, boolean overwrite) {
            this(epochs, maxSteps, threads, resume, overwrite, null);
        }

        public Overrides(Integer epochs, Integer maxSteps, Integer threads, boolean resume) {
            this(epochs, maxSteps, threads, resume, false);
        }

        public static Overrides none() {
            return new Overrides(null, null, null, false, false);
        }
    }

    /** Trains the model {@code configFile} describes into run folder {@code out}. */
    public static Trainer.Result train(Path configFile, Path out, Overrides ov, PrintStream log, Progress progress)
            throws IOException {
        return train(configFile, out, ov, log, progress, List.of());
    }

    /** As {@link #train(Path, Path, Overrides, PrintStream, Progress)}, with listeners on the run (a signal handler, ...). */
    public static Trainer.Result train(Path configFile, Path out, Overrides ov, PrintStream log, Progress progress,
                                       List<TrainListener> listeners) throws IOException {
        JsonNode json = Node.readFile(configFile);
        ModelFamily family = Families.of(json);
        if (ov.resume() && ov.overwrite()) {
            throw new IllegalArgumentException("resume and overwrite exclude each other (resume continues the run in "
                    + out + ", overwrite replaces it)");
        }
        // Refuse a folder the run may not use before reading any data.
        org.rnn4j.models.train.RunFolder.check(out, org.rnn4j.models.train.RunFolder.Mode.of(ov.resume(), ov.overwrite()));
        try (ModelFamily.Prepared run = family.prepare(json, configFile, log)) {
            Trainer.Builder t = Trainer.fromConfig(run.training()).runFolder(out).resume(ov.resume())
                    .overwrite(ov.overwrite()).log(log).progress(progress);
            listeners.forEach(t::listener);
            if (ov.epochs() != null) {
                t.epochs(ov.epochs());
            }
            if (ov.maxSteps() != null) {
                t.maxSteps(ov.maxSteps());
            }
            if (ov.threads() != null) {
                t.threads(ov.threads());
            }
            if (ov.devices() != null) {
                t.devices(ov.devices());
            }
            return t.build().fit(run.trainable());
        }
    }
}
