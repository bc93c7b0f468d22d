package org.rnn4j.models.text;

/** A user's value as an error repeats it: whole up to {@value #MAX} characters, else its start and its length. */
public final class Snippet {
    /** The longest piece of a user's value an error repeats. */
    public static final int MAX = 80;

    private Snippet() {
    }

    /** {@code value} cut to {@value #MAX} characters plus its length (a megabyte-long value keeps its error one line). */
    public static String of(String value) {
        if (value == null || value.length() <= MAX) {
            return value;
        }
        return value.substring(0, MAX) + "... (" + value.length() + " characters)";
    }
}
