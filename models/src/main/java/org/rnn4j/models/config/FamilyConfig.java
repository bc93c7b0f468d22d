package org.rnn4j.models.config;

import tools.jackson.databind.node.ObjectNode;

/** A family's config: the document a config file (and a model folder's {@code config.json}) holds. */
public interface FamilyConfig {

    /** The training section. */
    TrainingConfig training();

    /** The config as JSON, every field written out (defaults included); its family's {@code parse} reads it back equal. */
    ObjectNode toJson();

    /** {@link #toJson()} as a config file holds it. */
    default String toJsonString() {
        return ConfigJson.pretty(toJson());
    }
}
