package org.rnn4j.models.family;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.nn.NamedModule;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.train.ExampleTrainable;
import org.rnn4j.models.train.FlatModel;
import org.rnn4j.models.train.Shardable;

/**
 * A {@link ModelRun} and its examples as the trainer sees them: batches of example indices
 * ({@link ExampleTrainable}), saving through the run, closing it with the training, and replicas
 * of the run's model for data parallelism ({@link Shardable}). A family says what a batch's
 * loss on a given model is and what validation measures.
 *
 * @param <R> the family's run
 * @param <M> the family's model
 */
public abstract class RunTraining<R extends ModelRun<?, M>, M extends NamedModule<?>> extends ExampleTrainable
        implements ModelFamily.Prepared, Shardable<int[]> {
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

    /** The loss of examples {@code batch} on {@code model}: the run's, or a replica's on another device. */
    protected abstract Var loss(M model, Tape tape, int[] batch);

    @Override
    public final Var loss(Tape tape, int[] batch) {
        return loss(run.model(), tape, batch);
    }

    /** A model of the run's spec in an allocator of its own, dropout seeded with the run's seed plus {@code index}. */
    @Override
    public Replica<int[]> replica(int index) {
        long seed = run.config().training().seed() + index;
        FlatModel<M> fm = FlatModel.build("parameters of replica " + index, a -> run.newModel(a, seed));
        M m = fm.model();
        return new Replica<>() {
            @Override
            public List<Parameter> parameters() {
                return m.parameters();
            }

            @Override
            public Var loss(Tape tape, int[] batch) {
                return RunTraining.this.loss(m, tape, batch);
            }

            @Override
            public void close() {
                fm.close();
            }
        };
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
