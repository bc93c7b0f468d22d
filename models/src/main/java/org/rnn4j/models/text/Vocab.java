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

    /**
     * A vocabulary from tokenized training texts: tokens seen at least {@code minCount} times,
     * the {@code maxSize} most frequent (0 = no cap; ties broken alphabetically), after the specials.
     */
    public static Vocab build(Iterable<List<String>> texts, int maxSize, int minCount) {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> t : texts) {
            for (String tok : t) {
                counts.merge(tok, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.removeIf(e -> e.getValue() < minCount || e.getKey().equals(PAD) || e.getKey().equals(BOS)
                || e.getKey().equals(EOS) || e.getKey().equals(UNK));
        entries.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                : Integer.compare(b.getValue(), a.getValue()));
        List<String> all = new ArrayList<>(List.of(PAD, BOS, EOS, UNK));
        for (Map.Entry<String, Integer> e : entries) {
            if (maxSize > 0 && all.size() >= maxSize) {
                break;
            }
            all.add(e.getKey());
        }
        return new Vocab(all);
    }

    /** Ids of tokens; unknown tokens map to {@code <unk>}. */
    public int[] encode(List<String> toks) {
        int[] ids = new int[toks.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = index.getOrDefault(toks.get(i), UNK_ID);
        }
        return ids;
    }

    /** Tokens of ids up to the first {@code </s>}, skipping other specials except {@code <unk>}. */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) {
            if (id == EOS_ID) {
                break;
            }
            if (id >= UNK_ID && id < tokens.size()) {
                out.add(tokens.get(id));
            }
        }
        return out;
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
