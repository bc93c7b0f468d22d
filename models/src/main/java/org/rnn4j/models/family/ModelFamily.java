package org.rnn4j.models.family;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.train.Trainable;
import tools.jackson.databind.JsonNode;

/**
 * A model family as the command line and the {@link org.rnn4j.models.train.Trainer} see it:
 * how to read its config, build its data and model for training, and evaluate and run a saved
 * model folder. {@link Families} finds the families (the five built in, any registered or
 * provided through {@link java.util.ServiceLoader}); {@code rnn4j train}, {@code eval} and
 * {@code predict} dispatch on a config's or folder's {@code family} field through it.
 */
public interface ModelFamily {

    /** The {@code family} field's value ("seq2seq"). */
    String name();

    /** One line for {@code rnn4j train --help}: what the family trains on. */
    String description();

    /**
     * Reads and validates a whole config (before any data is read) and builds the data,
     * vocabularies and model it describes, ready for the trainer. A problem in the config is a
     * {@link org.rnn4j.models.config.ConfigException} naming the JSON path; {@code configFile}
     * is where relative data paths start from.
     */
    Prepared prepare(JsonNode config, Path configFile, PrintStream log) throws IOException;

    /** Measures the model in {@code modelDir} on {@code data} (null: the family's default test data) and prints the metrics. */
    void evaluate(Path modelDir, Path data, PrintStream out) throws IOException;

    /** Runs the model in {@code modelDir} on {@code inputs} and prints one result per input. */
    void predict(Path modelDir, PredictOptions options, List<String> inputs, PrintStream out) throws IOException;

    /** What to try with a freshly trained folder ("./rnn4j predict --model DIR \"...\""). */
    default String tryNext(Path dir) {
        return "./rnn4j predict --model " + dir + " \"...\"";
    }

    /** A model and its data, ready to train; closing frees the model's memory. */
    interface Prepared extends AutoCloseable {
        /**
         * What the trainer trains (its save writes this family's model folder); by default this
         * object itself, when it is the {@link Trainable}.
         */
        default Trainable<?> trainable() {
            if (this instanceof Trainable<?> t) {
                return t;
            }
            throw new UnsupportedOperationException(getClass().getName() + " must say what it trains");
        }

        /** The config's training section. */
        TrainingConfig training();

        @Override
        void close();
    }
}
