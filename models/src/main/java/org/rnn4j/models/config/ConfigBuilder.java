package org.rnn4j.models.config;

import org.rnn4j.models.text.Tokenizer;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the families' config builders share (a config built in code, as the JSON a file would
 * hold): the document, its sections, and the settings every family has. A family's builder adds
 * its own sizes and parses the document with its config's validation.
 *
 * @param <B> the builder itself, so that the shared setters chain with the family's
 */
public abstract class ConfigBuilder<B extends ConfigBuilder<B>> {
    protected final ObjectNode root;
    protected final ObjectNode data;
    protected final ObjectNode model;
    protected final ObjectNode training;

    /** A document for {@code family} whose data section names {@code dataset}. */
    protected ConfigBuilder(String family, String dataset) {
        root = ConfigJson.root(family, dataset);
        data = (ObjectNode) root.get("data");
        model = root.putObject("model");
        training = root.putObject("training");
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    public B tokenizer(Tokenizer t) {
        data.put("tokenizer", ConfigJson.lower(t));
        return self();
    }

    public B embedding(int size) {
        model.put("embedding", size);
        return self();
    }

    /** Sequences per optimizer step. */
    public B batchSize(int n) {
        training.put("batchSize", n);
        return self();
    }

    /** Seeds the initial weights, dropout and the batch order. */
    public B seed(long seed) {
        training.put("seed", seed);
        return self();
    }
}
