package org.rnn4j.models.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluation metrics for classifiers and sequence models: pure static functions over label and
 * token-id arrays. The exact conventions are in {@code docs/metrics.md}.
 *
 * <p>Every rate is a fraction (accuracy 0.97, not 97), except BLEU, which is 0..100 as sacrebleu
 * reports it. Hypotheses (predictions) come first and references (gold) second, as in sacrebleu and
 * jiwer. Inputs of different lengths and empty inputs are rejected with an
 * {@link IllegalArgumentException} that says which argument is wrong; null arrays or elements give a
 * {@link NullPointerException}.
 *
 * <p>Strings are compared by Unicode code point: {@link #codePoints(String)} turns one into a token
 * array, and {@link TokenIds} turns whitespace-separated words into ids.
 */
public final class Metrics {
    /** The n-gram orders of BLEU: 1 to 4. */
    public static final int BLEU_MAX_ORDER = 4;

    private Metrics() {
    }

    // ---------------------------------------------------------------- classification

    /** The fraction of positions where {@code predicted[i] == gold[i]}. */
    public static double accuracy(int[] predicted, int[] gold) {
        checkPair(predicted, gold, "predicted", "gold", "labels");
        int correct = 0;
        for (int i = 0; i < gold.length; i++) {
            if (predicted[i] == gold[i]) {
                correct++;
            }
        }
        return (double) correct / gold.length;
    }

    /**
     * Per-class precision, recall and F1, macro-F1 and (for 2 classes) the F1 of class 1. Labels
     * must lie in {@code [0, numClasses)}. A class that is never predicted has precision 0; one that
     * never occurs in gold has recall 0; F1 is 0 when precision + recall is 0 (scikit-learn with
     * {@code zero_division=0}). Macro-F1 averages over the classes that occur in gold or in the
     * predictions.
     */
    public static F1Report f1(int[] predicted, int[] gold, int numClasses) {
        checkPair(predicted, gold, "predicted", "gold", "labels");
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be at least 2, got " + numClasses);
        }
        int[][] confusion = new int[numClasses][numClasses];
        for (int i = 0; i < gold.length; i++) {
            checkLabel(gold[i], numClasses, "gold", i);
            checkLabel(predicted[i], numClasses, "predicted", i);
            confusion[gold[i]][predicted[i]]++;
        }
        double[] precision = new double[numClasses];
        double[] recall = new double[numClasses];
        double[] f1 = new double[numClasses];
        int[] support = new int[numClasses];
        double macroSum = 0;
        int present = 0;
        for (int c = 0; c < numClasses; c++) {
            int tp = confusion[c][c];
            int goldCount = 0;
            int predictedCount = 0;
            for (int k = 0; k < numClasses; k++) {
                goldCount += confusion[c][k];
                predictedCount += confusion[k][c];
            }
            support[c] = goldCount;
            precision[c] = predictedCount == 0 ? 0 : (double) tp / predictedCount;
            recall[c] = goldCount == 0 ? 0 : (double) tp / goldCount;
            double pr = precision[c] + recall[c];
            f1[c] = pr == 0 ? 0 : 2 * precision[c] * recall[c] / pr;
            if (goldCount > 0 || predictedCount > 0) {
                macroSum += f1[c];
                present++;
            }
        }
        double positive = numClasses == 2 ? f1[1] : Double.NaN;
        return new F1Report(confusion, precision, recall, f1, support, macroSum / present, positive);
    }

    // ---------------------------------------------------------------- sequences

    /**
     * Position-wise token accuracy of one pair. Positions run over {@code max(|hyp|, |ref|)}; a
     * position is correct when both sequences have a token there and the tokens are equal. So a
     * missing token and an extra token each count as one wrong position, and a hypothesis shifted
     * by one token scores (almost) 0; use {@link #errorRate} for an alignment-based measure. Two
     * empty sequences score 1.
     */
    public static double tokenAccuracy(int[] hyp, int[] ref) {
        Objects.requireNonNull(hyp, "hyp");
        Objects.requireNonNull(ref, "ref");
        int positions = Math.max(hyp.length, ref.length);
        return positions == 0 ? 1.0 : (double) correctPositions(hyp, ref) / positions;
    }

    /** {@link #tokenAccuracy(int[], int[])} of two strings, by code point. */
    public static double tokenAccuracy(String hyp, String ref) {
        return tokenAccuracy(codePoints(hyp), codePoints(ref));
    }

    /**
     * Corpus token accuracy: correct positions summed over all pairs divided by positions summed over
     * all pairs (a micro-average, so long sequences weigh more), with the per-pair rule of
     * {@link #tokenAccuracy(int[], int[])}. 1 when every pair is two empty sequences.
     */
    public static double tokenAccuracy(List<int[]> hyps, List<int[]> refs) {
        checkCorpus(hyps, refs);
        long correct = 0;
        long positions = 0;
        for (int i = 0; i < refs.size(); i++) {
            int[] h = element(hyps, i, "hyps");
            int[] r = element(refs, i, "refs");
            correct += correctPositions(h, r);
            positions += Math.max(h.length, r.length);
        }
        return positions == 0 ? 1.0 : (double) correct / positions;
    }

    /** The fraction of pairs whose hypothesis is identical to its reference (same length, same tokens). */
    public static double exactMatch(List<int[]> hyps, List<int[]> refs) {
        checkCorpus(hyps, refs);
        int same = 0;
        for (int i = 0; i < refs.size(); i++) {
            if (Arrays.equals(element(hyps, i, "hyps"), element(refs, i, "refs"))) {
                same++;
            }
        }
        return (double) same / refs.size();
    }

    /**
     * The fraction of pairs with any error: {@code 1 − exactMatch}. This is the "word error rate" of
     * grapheme-to-phoneme papers, where each pair is one word's phoneme sequence (not the WER of
     * speech recognition, which is {@link #errorRate} over word tokens).
     */
    public static double sequenceErrorRate(List<int[]> hyps, List<int[]> refs) {
        return 1.0 - exactMatch(hyps, refs);
    }

    /**
     * Levenshtein distance: the fewest single-token insertions, deletions and substitutions (each
     * costing 1) that turn {@code a} into {@code b}. Symmetric; the distance to an empty sequence is
     * the other's length.
     */
    public static int editDistance(int[] a, int[] b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.length < b.length) {
            int[] t = a;
            a = b;
            b = t;
        }
        // Two rows over the shorter sequence b: prev[j] = distance(a[0..i), b[0..j)).
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            int ai = a[i - 1];
            for (int j = 1; j <= b.length; j++) {
                int sub = prev[j - 1] + (ai == b[j - 1] ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }

    /** {@link #editDistance(int[], int[])} of two strings, by code point. */
    public static int editDistance(String a, String b) {
        return editDistance(codePoints(a), codePoints(b));
    }

    /**
     * Token error rate: edit distances summed over all pairs divided by reference tokens summed
     * over all pairs. Over phoneme sequences this is the phoneme error rate (PER); over word-id
     * sequences, speech recognition's WER; over characters, CER. It can exceed 1 when hypotheses
     * are longer than references. Undefined, and rejected, when every reference is empty.
     */
    public static double errorRate(List<int[]> hyps, List<int[]> refs) {
        checkCorpus(hyps, refs);
        long edits = 0;
        long refTokens = 0;
        for (int i = 0; i < refs.size(); i++) {
            int[] r = element(refs, i, "refs");
            edits += editDistance(element(hyps, i, "hyps"), r);
            refTokens += r.length;
        }
        if (refTokens == 0) {
            throw new IllegalArgumentException("error rate is undefined: all " + refs.size() + " references are empty");
        }
        return (double) edits / refTokens;
    }

    /** Corpus BLEU-4 in 0..100; see {@link #bleuScore}. */
    public static double bleu(List<int[]> hyps, List<int[]> refs) {
        return bleuScore(hyps, refs).score();
    }

    /**
     * Corpus BLEU-4 with one reference per hypothesis, as Papineni et al. (2002) and sacrebleu's
     * {@code corpus_bleu} with {@code smooth_method="none"}: clipped n-gram matches and hypothesis
     * n-gram counts are summed over the corpus for n = 1..4, p_n = matches_n / totals_n, the brevity
     * penalty is BP = 1 if c ≥ r else exp(1 − r/c) with c and r the total hypothesis and reference
     * lengths (BP = 0 when c = 0), and BLEU = 100 · BP · exp(¼ Σ log p_n). With no smoothing the
     * score is 0 as soon as some p_n is 0, including when no hypothesis has n tokens. Tokens are
     * compared as given: no tokenization or lower-casing happens here.
     */
    public static BleuScore bleuScore(List<int[]> hyps, List<int[]> refs) {
        checkCorpus(hyps, refs);
        long[] matches = new long[BLEU_MAX_ORDER];
        long[] totals = new long[BLEU_MAX_ORDER];
        long hypLength = 0;
        long refLength = 0;
        for (int i = 0; i < refs.size(); i++) {
            int[] h = element(hyps, i, "hyps");
            int[] r = element(refs, i, "refs");
            hypLength += h.length;
            refLength += r.length;
            for (int n = 1; n <= BLEU_MAX_ORDER; n++) {
                if (h.length < n) {
                    break;
                }
                Map<Gram, Integer> hypCounts = ngrams(h, n);
                Map<Gram, Integer> refCounts = ngrams(r, n);
                totals[n - 1] += h.length - n + 1;
                for (Map.Entry<Gram, Integer> e : hypCounts.entrySet()) {
                    matches[n - 1] += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
                }
            }
        }
        double bp = hypLength >= refLength ? 1.0 : hypLength == 0 ? 0.0 : Math.exp(1.0 - (double) refLength / hypLength);
        double logSum = 0;
        boolean zero = false;
        for (int n = 0; n < BLEU_MAX_ORDER; n++) {
            if (matches[n] == 0) {
                zero = true;
                break;
            }
            logSum += Math.log((double) matches[n] / totals[n]);
        }
        double score = zero ? 0.0 : 100.0 * bp * Math.exp(logSum / BLEU_MAX_ORDER);
        return new BleuScore(score, matches, totals, bp, hypLength, refLength);
    }

    // ---------------------------------------------------------------- strings

    /** The Unicode code points of {@code s}, one token each (a surrogate pair is one token). */
    public static int[] codePoints(String s) {
        return Objects.requireNonNull(s, "string").codePoints().toArray();
    }

    /** {@link #codePoints(String)} of each string. */
    public static List<int[]> codePoints(List<String> strings) {
        List<int[]> out = new ArrayList<>(strings.size());
        for (int i = 0; i < strings.size(); i++) {
            out.add(codePoints(Objects.requireNonNull(strings.get(i), "strings[" + i + "]")));
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static int correctPositions(int[] hyp, int[] ref) {
        int n = Math.min(hyp.length, ref.length);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            if (hyp[i] == ref[i]) {
                correct++;
            }
        }
        return correct;
    }

    private static void checkPair(int[] a, int[] b, String aName, String bName, String what) {
        Objects.requireNonNull(a, aName);
        Objects.requireNonNull(b, bName);
        if (a.length != b.length) {
            throw new IllegalArgumentException(aName + " has " + a.length + " " + what + " but " + bName + " has "
                    + b.length);
        }
        if (b.length == 0) {
            throw new IllegalArgumentException("no " + what + ": " + aName + " and " + bName + " are empty");
        }
    }

    private static void checkCorpus(List<int[]> hyps, List<int[]> refs) {
        Objects.requireNonNull(hyps, "hyps");
        Objects.requireNonNull(refs, "refs");
        if (hyps.size() != refs.size()) {
            throw new IllegalArgumentException("hyps has " + hyps.size() + " sequences but refs has " + refs.size());
        }
        if (refs.isEmpty()) {
            throw new IllegalArgumentException("no sequences: hyps and refs are empty");
        }
    }

    private static int[] element(List<int[]> list, int i, String name) {
        return Objects.requireNonNull(list.get(i), () -> name + "[" + i + "] is null");
    }

    private static void checkLabel(int label, int numClasses, String name, int i) {
        if (label < 0 || label >= numClasses) {
            throw new IllegalArgumentException(name + "[" + i + "] = " + label + " is outside [0, " + numClasses + ")");
        }
    }

    private static Map<Gram, Integer> ngrams(int[] s, int n) {
        Map<Gram, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= s.length; i++) {
            counts.merge(new Gram(s, i, n), 1, Integer::sum);
        }
        return counts;
    }

    /** An n-gram as a view of {@code s[from, from + n)}. */
    private record Gram(int[] s, int from, int n) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Gram g && g.n == n && Arrays.equals(s, from, from + n, g.s, g.from, g.from + n);
        }

        @Override
        public int hashCode() {
            int h = n;
            for (int i = from; i < from + n; i++) {
                h = 31 * h + s[i];
            }
            return h;
        }
    }
}
