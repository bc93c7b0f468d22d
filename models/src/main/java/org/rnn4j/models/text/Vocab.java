package org.rnn4j.models.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A token vocabulary with four reserved ids: 0 {@code <pad>}, 1 {@code <s>} (start),
 * 2 {@code </s>} (end), 3 {@code <unk>}. Immutable.
 */
public final class Vocab {
    public static final String PAD = "<pad>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final String UNK = "<unk>";
    public static final int PAD_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;
    public static final int UNK_ID = 3;

    private final List<String> tokens;
    private final Map<String, Integer> index = new HashMap<>();

    /** A vocabulary from its full token list (the four specials first, in order). */
    public Vocab(List<String> tokens) {
        if (tokens.size() < 4 || !tokens.get(0).equals(PAD) || !tokens.get(1).equals(BOS) || !tokens.get(2).equals(EOS)
                || !tokens.get(3).equals(UNK)) {
            throw new IllegalArgumentException("a vocabulary must start with " + PAD + ", " + BOS + ", " + EOS + ", " + UNK);
        }
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < this.tokens.size(); i++) {
            if (index.put(this.tokens.get(i), i) != null) {
                throw new IllegalArgumentException("token '" + this.tokens.get(i) + "' appears twice in the vocabulary");
            }
        }
    }

    /** Every character of the texts, sorted, after the specials. */
    public static Vocab ofCharacters(Iterable<String> texts) {
        TreeSet<String> chars = new TreeSet<>();
        for (String t : texts) {
            t.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
        }
        List<String> all = new ArrayList<>(List.of(PAD, BOS, EOS, UNK));
        all.addAll(chars);
        return new Vocab(all);
    }

    public int size() {
        return tokens.size();
    }

    public String token(int id) {
        return tokens.get(id);
    }

    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    /** Character ids of {@code text}; characters not in the vocabulary map to {@code <unk>}. */
    public int[] encodeCharacters(String text) {
        return text.codePoints().map(cp -> index.getOrDefault(new String(Character.toChars(cp)), UNK_ID)).toArray();
    }

    /** The characters of ids up to the first {@code </s>}, skipping other specials. */
    public String decodeCharacters(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id == EOS_ID) {
                break;
            }
            if (id > UNK_ID) {
                sb.append(tokens.get(id));
            }
        }
        return sb.toString();
    }
}
