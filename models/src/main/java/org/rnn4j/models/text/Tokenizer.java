package org.rnn4j.models.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits text into tokens and joins them back: per character, or on whitespace. */
public enum Tokenizer {
    CHARACTER {
        @Override
        public List<String> split(String text) {
            List<String> out = new ArrayList<>();
            text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }

        @Override
        public String join(List<String> tokens) {
            return String.join("", tokens);
        }
    },
    WHITESPACE {
        @Override
        public List<String> split(String text) {
            String t = text.strip();
            return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
        }

        @Override
        public String join(List<String> tokens) {
            return String.join(" ", tokens);
        }
    };

    public abstract List<String> split(String text);

    public abstract String join(List<String> tokens);
}
