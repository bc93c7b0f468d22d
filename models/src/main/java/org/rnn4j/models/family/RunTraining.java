package org.rnn4j.models.family;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.train.ExampleTrainable;

/**
 * A {@link ModelRun} and its examples as the trainer sees them: batches of example indices
 * ({@link ExampleTrainable}), saving through the run, closing it with the training. A family
 * says what a batch's loss is and what validation measures.
 *
 * @param <R> the family's run
 */
public abstract class RunTraining<R extends ModelRun<?, ?>> extends ExampleTrainable implements ModelFamily.Prepared {
    private final R run;

    /** Examples in a new random order each epoch. */
    protected RunTraining(R run, int examples) {
        super(run.model().namedParameters(), run.model().parameters(), examples, run.config().training().batchSize(),
                run.config().training().seed());
        this.run = run;
    }

    /** Batches of {@code batchSize} examples of similar {@code lengths}, in a new order from {@code seed} each epoch. */
    protected RunTraining(R run, int[] lengths, int batchSize, long seed) {
        super(run.model().namedParameters(), run.model().parameters(), lengths, batchSize, seed);
        this.run = run;
    }

    public final R run() {
        return run;
    }

    @Override
    public final TrainingConfig training() {
        return run.config().training();
    }

    @Override
    public final void save(Path dir, Map<String, Object> metrics) throws IOException {
        run.save(dir, metrics);
    }

    @Override
    public void close() {
        run.close();
    }
}
