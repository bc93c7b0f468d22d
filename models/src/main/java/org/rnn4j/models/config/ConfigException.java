package org.rnn4j.models.config;

/** A config that cannot be used; the message starts with the JSON path ({@code $.training.batchSize: ...}). */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String path;

    public ConfigException(String path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    /** The longest piece of a user's value an error repeats. */
    public static final int SHOWN = 80;

    /**
     * {@code value} as an error repeats it: whole up to {@value #SHOWN} characters, else its first
     * {@value #SHOWN} and its length (a config can hold a megabyte-long string; its error stays one line).
     */
    public static String shown(String value) {
        if (value == null || value.length() <= SHOWN) {
            return value;
        }
        return value.substring(0, SHOWN) + "... (" + value.length() + " characters)";
    }

    /** The JSON path of the offending value, e.g. {@code $.model.encoder.hidden}. */
    public String path() {
        return path;
    }
}
