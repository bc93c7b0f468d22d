package org.rnn4j.core.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model made of named submodules: its spec, and its parameters under state_dict names
 * ({@code encoder.weight_ih_l0}, ...) in the order the submodules were added — what checkpoints,
 * model folders and optimizers see. A model class adds each submodule with {@link #add} in its
 * constructor.
 *
 * @param <S> the model's spec record
 */
public abstract class NamedModule<S> implements Module, AutoCloseable {
    protected final S spec;
    private final Map<String, Parameter> named = new LinkedHashMap<>();

    protected NamedModule(S spec) {
        this.spec = spec;
    }

    /** Adds {@code m}'s parameters under {@code prefix} ("encoder."); returns {@code m}. */
    protected final <M extends Module> M add(String prefix, M m) {
        named.putAll(Module.named(prefix, m));
        return m;
    }

    public final S spec() {
        return spec;
    }

    /** Parameters under their state_dict names, in the order they were added. */
    public final Map<String, Parameter> namedParameters() {
        return named;
    }

    @Override
    public final List<Parameter> parameters() {
        return List.copyOf(named.values());
    }

    /** Frees what the model owns beyond its parameters (workspaces, caches); nothing by default. */
    @Override
    public void close() {
    }
}
