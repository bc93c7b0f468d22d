package org.rnn4j.models.config;

/** A config that cannot be used; the message starts with the JSON path ({@code $.training.batchSize: ...}). */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String path;

    public ConfigException(String path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    /** The JSON path of the offending value, e.g. {@code $.model.encoder.hidden}. */
    public String path() {
        return path;
    }
}
