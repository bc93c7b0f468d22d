package org.rnn4j.models.data.gen;

/** The language-model family's built-in text ({@code "dataset": "sample"}): two sentences, repeated. */
public final class SampleText {
    private SampleText() {
    }

    /** The text: 60 pangrams, then 40 proverbs. */
    public static final String TEXT = "the quick brown fox jumps over the lazy dog. ".repeat(60)
            + "a journey of a thousand miles begins with a single step. ".repeat(40);
}
