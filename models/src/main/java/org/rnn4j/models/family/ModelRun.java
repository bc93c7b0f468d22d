package org.rnn4j.models.family;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;
import org.rnn4j.core.nn.NamedModule;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.models.config.FamilyConfig;
import org.rnn4j.models.train.RunFiles;

/**
 * A family's model with its config, as a model folder holds it: the model's parameters live in
 * a flat allocator this object owns (parameters and gradients each one buffer,
 * {@link NativeAllocator#flatFor}; closing it frees them). {@link #save} writes the folder —
 * {@code config.json}, the family's own files ({@link #saveFiles}: a vocabulary, labels),
 * {@code model.safetensors} and the metrics — each file atomically.
 *
 * @param <C> the family's config
 * @param <M> the family's model
 */
public abstract class ModelRun<C extends FamilyConfig, M extends NamedModule<?>> implements AutoCloseable {
    private final String family;
    private final C config;
    private final NativeAllocator mem;
    private final M model;
    private final BiFunction<Allocator, Long, M> build;

    /**
     * @param family the family's config name, recorded in the weights' metadata
     * @param what   what the allocator holds, as leak and use-after-close messages name it
     * @param parameters the model's parameter count from its spec: a model that cannot fit in this
     *               machine's memory is refused before anything is allocated
     * @param build  makes the model in the allocator it is given, seeding its weights and dropout
     *               with the seed it is given (the config's, for this run's model)
     */
    protected ModelRun(String family, String what, C config, long parameters, BiFunction<Allocator, Long, M> build) {
        org.rnn4j.core.tensor.NativeMemory.requireRoomFor(parameters, "the " + family + " model of this config");
        this.family = family;
        this.config = config;
        this.build = build;
        this.mem = NativeAllocator.flatFor(what, a -> build.apply(a, config.training().seed()));
        try {
            this.model = build.apply(mem, config.training().seed());
        } catch (RuntimeException e) {
            mem.close();
            throw e;
        }
    }

    public final C config() {
        return config;
    }

    public final M model() {
        return model;
    }

    /** Another model of the same spec in {@code mem}, seeded with {@code seed} (a replica for another device). */
    public final M newModel(Allocator mem, long seed) {
        return build.apply(mem, seed);
    }

    /** Writes the model folder (each file atomically); {@code metrics} go to metrics.json. */
    public final void save(Path dir, Map<String, Object> metrics) throws IOException {
        Files.createDirectories(dir);
        RunFiles.writeAtomically(dir.resolve("config.json"), config.toJsonString());
        saveFiles(dir);
        RunFiles.writeWeights(dir.resolve("model.safetensors"), model.namedParameters(), family);
        RunFiles.writeMetrics(dir, metrics);
    }

    /** Writes the family's own files of the folder (none by default). */
    protected void saveFiles(Path dir) throws IOException {
    }

    /** Loads the weights of the folder {@code dir} into this model; closes this run if they do not fit. */
    protected final <R extends ModelRun<C, M>> R withWeights(Path dir) throws IOException {
        RunFiles.loadWeights(dir, model.namedParameters(), this::close);
        @SuppressWarnings("unchecked")
        R self = (R) this;
        return self;
    }

    @Override
    public void close() {
        model.close();
        mem.close();
    }
}
