package org.rnn4j.models.seq2seq;

import org.rnn4j.models.text.Sampling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.rnn4j.core.autograd.Reduce;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.text.Vocab;

/**
 * Decoding a {@link Seq2Seq}: greedy, beam search and sampling, batched over inputs.
 *
 * <p>Scores are sums of token log-probabilities, the end token included. Beam search ranks
 * finished hypotheses by {@code score / length^lengthPenalty} (length counts the end token;
 * penalty 0 = raw sums, 1 = per-token average). NOTE [beam vs greedy]: beam search is a heuristic
 * and can, in rare cases, prune the greedy path and end lower; this decoder also scores the greedy
 * hypothesis and returns it when it ranks higher, so a beam result never scores below greedy's.
 * A beam of width 1 is greedy decoding exactly.
 */
public final class Decoding {
    /** A decoded sequence with its log-probability and its rank score. */
    public record Hypothesis(int[] tokens, double logProb, double score) {
    }

    private Decoding() {
    }

    static double rank(double logProb, int length, float lengthPenalty) {
        return lengthPenalty == 0f ? logProb : logProb / Math.pow(Math.max(1, length), lengthPenalty);
    }

    /** Greedy decoding with scores (tokens exclude the end token; logProb includes it). */
    public static List<Hypothesis> greedy(Seq2Seq model, int[][] src, int maxLen, float lengthPenalty, Workspace ws) {
        return stepwise(model, src, maxLen, lengthPenalty, ws, Reduce::logSoftmax, (logp, i, v) -> {
            int best = argmax(logp, i, v);
            return new Sampling.Draw(best, logp.get((long) i * v + best));
        });
    }

    /** Chooses row {@code row}'s next token from the step's {@code scores} ([batch, v]). */
    private interface Choice {
        Sampling.Draw next(Tensor scores, int row, int v);
    }

    /**
     * Token-by-token decoding of every input at once (greedy or sampled): each step's logits
     * become {@code scores}, {@code choice} picks each row's token, a row ends at the end token
     * or maxLen. Tokens exclude the end token; logProb includes it; the score is
     * {@link #rank}ed with {@code lengthPenalty}.
     */
    private static List<Hypothesis> stepwise(Seq2Seq model, int[][] src, int maxLen, float lengthPenalty, Workspace ws,
                                             UnaryOperator<Var> scores, Choice choice) {
        Tape tape = new Tape(ws);
        try (Tape.Scope ignored = tape.noGrad()) {
            int b = src.length;
            Seq2Seq.Encoded enc = model.encode(tape, src, false);
            Seq2Seq.State s = model.initial(tape, enc);
            int[] prev = new int[b];
            Arrays.fill(prev, Vocab.BOS_ID);
            List<List<Integer>> toks = new ArrayList<>();
            double[] lp = new double[b];
            boolean[] done = new boolean[b];
            for (int i = 0; i < b; i++) {
                toks.add(new ArrayList<>());
            }
            for (int t = 0; t < maxLen; t++) {
                s = model.step(tape, enc, s, prev);
                Tensor sc = scores.apply(model.logits(tape, s)).value();
                int v = sc.dim(1);
                boolean all = true;
                for (int i = 0; i < b; i++) {
                    Sampling.Draw d = choice.next(sc, i, v);
                    if (!done[i]) {
                        lp[i] += d.logProb();
                        if (d.token() == Vocab.EOS_ID) {
                            done[i] = true;
                        } else {
                            toks.get(i).add(d.token());
                        }
                    }
                    prev[i] = d.token();
                    all &= done[i];
                }
                if (all) {
                    break;
                }
            }
            List<Hypothesis> out = new ArrayList<>();
            for (int i = 0; i < b; i++) {
                int[] tk = toks.get(i).stream().mapToInt(Integer::intValue).toArray();
                out.add(new Hypothesis(tk, lp[i], rank(lp[i], tk.length + (done[i] ? 1 : 0), lengthPenalty)));
            }
            return out;
        } finally {
            ws.reset();
        }
    }

    /**
     * Beam search of width {@code beam}: the {@code nBest} best finished hypotheses per input,
     * best first. Hypotheses that reach maxLen without the end token count as finished.
     */
    public static List<List<Hypothesis>> beam(Seq2Seq model, int[][] src, int beam, int nBest, int maxLen,
                                              float lengthPenalty, Workspace ws) {
        if (beam < 1 || nBest < 1 || nBest > beam) {
            throw new IllegalArgumentException("beam width must be >= 1 and n-best in [1, beam], got beam " + beam
                    + ", n-best " + nBest);
        }
        List<Hypothesis> greedy = greedy(model, src, maxLen, lengthPenalty, ws);
        int b = src.length;
        List<List<Hypothesis>> finished = new ArrayList<>();
        Tape tape = new Tape(ws);
        try (Tape.Scope ignored = tape.noGrad()) {
            Seq2Seq.Encoded enc = model.repeat(model.encode(tape, src, false), beam);
            Seq2Seq.State s = model.initial(tape, enc);
            int rows = b * beam;
            int[][] seqs = new int[rows][0];
            double[] scores = new double[rows];
            boolean[] alive = new boolean[rows];
            for (int i = 0; i < b; i++) {
                finished.add(new ArrayList<>());
                alive[i * beam] = true;               // start with one live hypothesis per input
                for (int j = 1; j < beam; j++) {
                    scores[i * beam + j] = Double.NEGATIVE_INFINITY;
                }
            }
            int[] prev = new int[rows];
            Arrays.fill(prev, Vocab.BOS_ID);
            for (int t = 0; t < maxLen; t++) {
                s = model.step(tape, enc, s, prev);
                Tensor logp = Reduce.logSoftmax(model.logits(tape, s)).value();
                int v = logp.dim(1);
                int[] parent = new int[rows];
                int[][] nextSeqs = new int[rows][];
                double[] nextScores = new double[rows];
                boolean[] nextAlive = new boolean[rows];
                for (int i = 0; i < b; i++) {
                    List<double[]> cands = new ArrayList<>();   // {score, row, token}
                    for (int j = 0; j < beam; j++) {
                        int r = i * beam + j;
                        if (!alive[r]) {
                            continue;
                        }
                        for (int tok = 0; tok < v; tok++) {
                            if (tok == Vocab.PAD_ID || tok == Vocab.BOS_ID) {
                                continue;
                            }
                            cands.add(new double[] {scores[r] + logp.get((long) r * v + tok), r, tok});
                        }
                    }
                    cands.sort(Comparator.comparingDouble((double[] c) -> -c[0]));
                    int kept = 0;
                    for (double[] c : cands) {
                        if (kept == beam || finished.get(i).size() >= beam) {
                            break;
                        }
                        int r = (int) c[1];
                        int tok = (int) c[2];
                        if (tok == Vocab.EOS_ID || t == maxLen - 1) {
                            int[] tk = tok == Vocab.EOS_ID ? seqs[r] : append(seqs[r], tok);
                            finished.get(i).add(new Hypothesis(tk, c[0], rank(c[0], tk.length + (tok == Vocab.EOS_ID ? 1 : 0),
                                    lengthPenalty)));
                            continue;
                        }
                        int slot = i * beam + kept++;
                        parent[slot] = r;
                        nextSeqs[slot] = append(seqs[r], tok);
                        nextScores[slot] = c[0];
                        nextAlive[slot] = true;
                        prev[slot] = tok;
                    }
                    for (int j = kept; j < beam; j++) {
                        int slot = i * beam + j;
                        parent[slot] = i * beam;
                        nextSeqs[slot] = new int[0];
                        nextScores[slot] = Double.NEGATIVE_INFINITY;
                        prev[slot] = Vocab.PAD_ID;
                    }
                }
                seqs = nextSeqs;
                scores = nextScores;
                alive = nextAlive;
                boolean any = false;
                for (boolean a : alive) {
                    any |= a;
                }
                if (!any) {
                    break;
                }
                s = Seq2Seq.select(s, parent);
            }
        } finally {
            ws.reset();
        }
        List<List<Hypothesis>> out = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            List<Hypothesis> f = new ArrayList<>(finished.get(i));
            f.sort(Comparator.comparingDouble((Hypothesis h) -> -h.score()));
            if (f.isEmpty() || greedy.get(i).score() > f.get(0).score()) {
                f.addFirst(greedy.get(i));   // NOTE [beam vs greedy]
            }
            out.add(List.copyOf(f.subList(0, Math.min(nBest, f.size()))));
        }
        return out;
    }

    /**
     * Sampling: each token drawn from softmax(logits / temperature), restricted to the
     * {@code topK} most likely (0 = all), until the end token or maxLen; seeded.
     */
    public static List<Hypothesis> sample(Seq2Seq model, int[][] src, int maxLen, float temperature, int topK,
                                          long seed, Workspace ws) {
        if (!(temperature > 0f)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be >= 0 (0 = no limit), got " + topK);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        return stepwise(model, src, maxLen, 0f, ws, logits -> logits, (logits, i, v) -> {
            double[] p = new double[v];
            for (int k = 0; k < v; k++) {
                p[k] = k == Vocab.PAD_ID || k == Vocab.BOS_ID ? Double.NEGATIVE_INFINITY
                        : logits.get((long) i * v + k) / temperature;
            }
            return Sampling.draw(p, topK, rng);
        });
    }

    /** The most likely token that may be generated (never {@code <pad>} or {@code <s>}). */
    private static int argmax(Tensor t, int row, int v) {
        int best = Vocab.EOS_ID;
        float bv = Float.NEGATIVE_INFINITY;
        for (int k = Vocab.EOS_ID; k < v; k++) {
            float x = t.get((long) row * v + k);
            if (x > bv) {
                bv = x;
                best = k;
            }
        }
        return best;
    }

    private static int[] append(int[] a, int x) {
        int[] r = Arrays.copyOf(a, a.length + 1);
        r[a.length] = x;
        return r;
    }
}
