package org.rnn4j.models.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceMetricsTest {
    private static final double EPS = 1e-12;

    private static int[] s(int... t) {
        return t;
    }

    // ---------------------------------------------------------------- edit distance

    @Test
    void editDistanceOfTheClassicPairs() {
        assertEquals(3, Metrics.editDistance("kitten", "sitting"));
        assertEquals(3, Metrics.editDistance("sitting", "kitten"));
        assertEquals(2, Metrics.editDistance("flaw", "lawn"));
        assertEquals(5, Metrics.editDistance("intention", "execution"));
        assertEquals(1, Metrics.editDistance("abc", "abd"));
        assertEquals(2, Metrics.editDistance("ab", "ba"), "a transposition is two edits in Levenshtein");
    }

    @Test
    void editDistanceWithEmptySequences() {
        assertEquals(0, Metrics.editDistance("", ""));
        assertEquals(3, Metrics.editDistance("", "abc"));
        assertEquals(3, Metrics.editDistance("abc", ""));
        assertEquals(0, Metrics.editDistance(s(), s()));
        assertEquals(4, Metrics.editDistance(s(1, 2, 3, 4), s()));
    }

    @Test
    void editDistanceCountsCodePointsNotCharsOfStrings() {
        // U+1F600 is two Java chars but one token.
        assertEquals(1, Metrics.editDistance("a\uD83D\uDE00", "a"));
        assertEquals(1, Metrics.editDistance("\uD83D\uDE00", "\uD83D\uDE01"));
        assertArrayEquals(s('a', 0x1F600), Metrics.codePoints("a\uD83D\uDE00"));
    }

    // ---------------------------------------------------------------- token accuracy, exact match

    @Test
    void tokenAccuracyCountsMissingAndExtraTokensAsWrong() {
        assertEquals(1.0, Metrics.tokenAccuracy(s(1, 2, 3), s(1, 2, 3)), EPS);
        assertEquals(2.0 / 3, Metrics.tokenAccuracy(s(1, 9, 3), s(1, 2, 3)), EPS);
        assertEquals(3.0 / 4, Metrics.tokenAccuracy(s(1, 2, 3, 4), s(1, 2, 3)), EPS); // one extra
        assertEquals(2.0 / 3, Metrics.tokenAccuracy(s(1, 2), s(1, 2, 3)), EPS); // one missing
        assertEquals(0.0, Metrics.tokenAccuracy(s(9, 1, 2, 3), s(1, 2, 3)), EPS); // shifted: position-wise
        assertEquals(0.0, Metrics.tokenAccuracy(s(), s(1)), EPS);
        assertEquals(1.0, Metrics.tokenAccuracy(s(), s()), EPS);
        assertEquals(0.6, Metrics.tokenAccuracy("2024-01-02", "2024-12-31"), EPS); // 6 of 10 positions
    }

    @Test
    void corpusTokenAccuracyIsAMicroAverage() {
        // pair 1: 2 of 3 positions; pair 2: 1 of max(1, 2) = 2 positions -> 3 / 5 (not the mean 7/12).
        assertEquals(3.0 / 5, Metrics.tokenAccuracy(List.of(s(1, 2, 0), s(5)), List.of(s(1, 2, 3), s(5, 6))), EPS);
        // pair 2 with two extra tokens: 1 of max(3, 1) = 3 positions -> 3 / 6 (not 3 / 4 over gold tokens).
        assertEquals(0.5, Metrics.tokenAccuracy(List.of(s(1, 2, 0), s(5, 7, 8)), List.of(s(1, 2, 3), s(5))), EPS);
        assertEquals(1.0, Metrics.tokenAccuracy(List.of(s()), List.of(s())), EPS);
    }

    @Test
    void exactMatchAndSequenceErrorRate() {
        List<int[]> hyp = List.of(s(1, 2), s(3), s(4, 5), s());
        List<int[]> ref = List.of(s(1, 2), s(3, 3), s(4, 5), s());
        assertEquals(0.75, Metrics.exactMatch(hyp, ref), EPS);
        assertEquals(0.25, Metrics.sequenceErrorRate(hyp, ref), EPS);
    }

    // ---------------------------------------------------------------- error rate

    /**
     * A grapheme-to-phoneme example. Words (phoneme ids): ref "K AE T" → hyp "K AH T" (1
     * substitution), ref "D AO G" → hyp "D AO G" (0), ref "F IH SH" → hyp "F IH SH IH" (1 insertion),
     * ref "B ER D" → hyp "B D" (1 deletion). PER = 3 edits / 12 reference phonemes = 0.25; WER (G2P
     * sense) = 3 of 4 words wrong = 0.75.
     */
    @Test
    void phonemeAndWordErrorRateForGraphemeToPhoneme() {
        TokenIds ids = new TokenIds();
        List<int[]> ref = ids.words(List.of("K AE T", "D AO G", "F IH SH", "B ER D"));
        List<int[]> hyp = ids.words(List.of("K AH T", "D AO G", "F IH SH IH", "B D"));
        assertEquals(0.25, Metrics.errorRate(hyp, ref), EPS);
        assertEquals(0.75, Metrics.sequenceErrorRate(hyp, ref), EPS);
    }

    @Test
    void errorRateCanExceedOneAndNeedsReferenceTokens() {
        assertEquals(3.0, Metrics.errorRate(List.of(s(1, 2, 3, 4)), List.of(s(1))), EPS);
        assertEquals(0.5, Metrics.errorRate(List.of(s(), s(1, 2)), List.of(s(), s(1, 3))), EPS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.errorRate(List.of(s(1)), List.of(s())));
        assertTrue(e.getMessage().contains("references are empty"), e.getMessage());
    }

    @Test
    void tokenIdsSplitOnWhitespaceAndShareIds() {
        TokenIds ids = new TokenIds();
        assertArrayEquals(s(0, 1, 0), ids.words("the  cat\tthe"));
        assertArrayEquals(s(1, 2), ids.words(" cat sat\n"));
        assertArrayEquals(s(), ids.words("   "));
        assertEquals(3, ids.size());
    }

    @Test
    void corpusFunctionsRejectMismatchedEmptyAndNullInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.exactMatch(List.of(s(1)), List.of(s(1), s(2))));
        assertEquals("hyps has 1 sequences but refs has 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.errorRate(List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> Metrics.tokenAccuracy(List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> Metrics.bleu(List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> Metrics.bleu(List.of(s(1)), List.of()));
        java.util.ArrayList<int[]> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> Metrics.exactMatch(withNull, List.of(s(1))));
        assertEquals("hyps[0] is null", npe.getMessage());
    }

    // ---------------------------------------------------------------- BLEU

    private static List<int[]> words(TokenIds ids, String... texts) {
        return ids.words(List.of(texts));
    }

    @Test
    void bleuOfAnIdenticalCorpusIs100() {
        TokenIds ids = new TokenIds();
        List<int[]> c = words(ids, "a b c d e", "x y z w");
        assertEquals(100.0, Metrics.bleu(c, c), 1e-9);
    }

    /**
     * Two sentences, computed by hand (sacrebleu 2.6 with tokenize="none" gives 48.76677074375707):
     * <pre>
     * hyp "the cat sat on the mat"  ref "the cat is on the mat"
     *   1-grams 5/6 (the×2 clipped to 2, cat, on, mat), 2-grams 3/5 (the cat, on the, the mat),
     *   3-grams 1/4 (on the mat), 4-grams 0/3
     * hyp "a b c d"                 ref "a b c d x"
     *   1/2/3/4-grams 4/4, 3/3, 2/2, 1/1
     * corpus: p = 9/10, 6/8, 3/6, 1/4; c = 10, r = 11 → BP = exp(1 − 11/10) = exp(−0.1)
     * BLEU = 100 · exp(−0.1) · (0.9 · 0.75 · 0.5 · 0.25)^(1/4) = 100 · 0.904837 · 0.538956 = 48.7668
     * </pre>
     * The first sentence alone scores 0: no 4-gram matches and there is no smoothing.
     */
    @Test
    void bleuOfAHandComputedCorpus() {
        TokenIds ids = new TokenIds();
        List<int[]> hyp = words(ids, "the cat sat on the mat", "a b c d");
        List<int[]> ref = words(ids, "the cat is on the mat", "a b c d x");
        BleuScore b = Metrics.bleuScore(hyp, ref);
        assertArrayEquals(new long[] {9, 6, 3, 1}, b.matches());
        assertArrayEquals(new long[] {10, 8, 6, 4}, b.totals());
        assertEquals(10, b.hypLength());
        assertEquals(11, b.refLength());
        assertEquals(Math.exp(-0.1), b.brevityPenalty(), EPS);
        assertEquals(100 * Math.exp(-0.1) * Math.pow(0.9 * 0.75 * 0.5 * 0.25, 0.25), b.score(), 1e-9);
        assertEquals(48.76677074375707, b.score(), 1e-9);
        assertEquals("BLEU = 48.77 90.0/75.0/50.0/25.0 (BP = 0.905 ratio = 0.909 hyp_len = 10 ref_len = 11)",
                b.toString());

        BleuScore first = Metrics.bleuScore(hyp.subList(0, 1), ref.subList(0, 1));
        assertArrayEquals(new long[] {5, 3, 1, 0}, first.matches());
        assertEquals(0.0, first.score());
    }

    /** hyp "a b c d", ref "a b c d e f g h": every precision is 1, c = 4, r = 8, BP = exp(1 − 2) = 1/e. */
    @Test
    void bleuBrevityPenalty() {
        TokenIds ids = new TokenIds();
        assertEquals(100 / Math.E, Metrics.bleu(words(ids, "a b c d"), words(ids, "a b c d e f g h")), 1e-9);
        // A longer hypothesis has no penalty: hyp of 10 tokens, ref the first 8 of them;
        // p = 8/10, 7/9, 6/8, 5/7 (sacrebleu: 75.98356856515926).
        double expected = 100 * Math.pow(0.8 * 7 / 9 * 0.75 * 5 / 7, 0.25);
        BleuScore b = Metrics.bleuScore(words(ids, "a b c d e f g h i j"), words(ids, "a b c d e f g h"));
        assertEquals(1.0, b.brevityPenalty());
        assertEquals(expected, b.score(), 1e-9);
        // An empty hypothesis: BP = 0 and no n-grams.
        assertEquals(0.0, Metrics.bleuScore(List.of(s()), words(ids, "a b")).brevityPenalty());
    }

    /** Papineni's clipping example: hyp "the" × 7 against "the cat is on the mat" has unigram precision 2/7. */
    @Test
    void bleuClipsRepeatedNgramsAndIsZeroWithoutFourGrams() {
        TokenIds ids = new TokenIds();
        BleuScore b = Metrics.bleuScore(words(ids, "the the the the the the the"), words(ids, "the cat is on the mat"));
        assertEquals(2, b.matches()[0]);
        assertEquals(7, b.totals()[0]);
        assertEquals(100.0 * 2 / 7, b.precision(1), 1e-9);
        assertEquals(0.0, b.score());
        // Identical but only 3 tokens long: no 4-grams at all, so BLEU-4 is 0 without smoothing.
        List<int[]> shortOnes = words(ids, "a b c");
        BleuScore c = Metrics.bleuScore(shortOnes, shortOnes);
        assertEquals(0, c.totals()[3]);
        assertEquals(0.0, c.score());
    }
}
