package org.rnn4j.models.train;

import java.util.List;
import java.util.Map;
import org.rnn4j.core.nn.Parameter;

/** A {@link Trainable} whose parameters are given once, when it is made (a model's, as named and ordered). */
public abstract class ModelTrainable<B> implements Trainable<B> {
    private final Map<String, Parameter> named;
    private final List<Parameter> params;

    protected ModelTrainable(Map<String, Parameter> named, List<Parameter> params) {
        this.named = named;
        this.params = params;
    }

    @Override
    public final Map<String, Parameter> namedParameters() {
        return named;
    }

    @Override
    public final List<Parameter> parameters() {
        return params;
    }
}
