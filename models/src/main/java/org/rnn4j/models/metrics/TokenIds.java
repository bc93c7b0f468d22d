package org.rnn4j.models.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gives string tokens stable integer ids, so that word- or phoneme-level text can be scored with
 * {@link Metrics}. Use one instance for both hypotheses and references: the same token always gets
 * the same id. {@link #words(String)} splits on runs of Unicode whitespace (space-separated phonemes such
 * as {@code "K AE1 T"} included); nothing is lower-cased or normalised. Not thread-safe.
 */
public final class TokenIds {
    private final Map<String, Integer> ids = new HashMap<>();

    /** The id of {@code token}, assigning the next free one (0, 1, 2, …) on first sight. */
    public int id(String token) {
        Objects.requireNonNull(token, "token");
        return ids.computeIfAbsent(token, t -> ids.size());
    }

    /** The ids of the whitespace-separated tokens of {@code text}; empty for blank text. */
    public int[] words(String text) {
        String[] parts = Objects.requireNonNull(text, "text").split("(?U)\\s+");
        int[] out = new int[parts.length];
        int n = 0;
        for (String p : parts) {
            if (!p.isEmpty()) {
                out[n++] = id(p);
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** {@link #words(String)} of each text. */
    public List<int[]> words(List<String> texts) {
        List<int[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(words(Objects.requireNonNull(texts.get(i), "texts[" + i + "]")));
        }
        return out;
    }

    /** How many distinct tokens have ids. */
    public int size() {
        return ids.size();
    }
}
