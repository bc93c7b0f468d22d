package org.rnn4j.models.family;

import java.util.Set;

/**
 * How {@code rnn4j predict} decodes: greedy unless a beam width or sampling is asked for.
 *
 * @param beam        beam width (0: no beam search)
 * @param nBest       hypotheses to print per input (at most {@code beam})
 * @param sample      sample instead of decoding greedily
 * @param temperature sampling temperature, or null for the model's own setting
 * @param topK        sample among the K most likely tokens (0: the model's own setting)
 * @param seed        sampling seed
 * @param json        print JSON lines
 * @param given       the command-line options given ({@code --beam}, ...), so that one a model
 *                    does not use is an error rather than ignored
 */
public record PredictOptions(int beam, int nBest, boolean sample, Float temperature, int topK, long seed,
                             boolean json, Set<String> given) {
    public PredictOptions {
        given = Set.copyOf(given);
    }

    /** Options set in code: none counts as given on a command line. */
    public PredictOptions(int beam, int nBest, boolean sample, Float temperature, int topK, long seed, boolean json) {
        this(beam, nBest, sample, temperature, topK, seed, json, Set.of());
    }

    /**
     * Refuses each of {@code options} that was given: {@code what} says why it does not apply
     * ("a classifier predicts a class per input; it decodes no sequence"). An option that would
     * be ignored is an error, never silently dropped.
     */
    public void refuse(String why, String... options) throws UsageException {
        for (String opt : options) {
            if (given.contains(opt)) {
                throw new UsageException(opt + " does not apply here: " + why);
            }
        }
    }

    /** The sampling options ({@code --temperature}, {@code --top-k}, {@code --seed}) need {@code --sample}. */
    public void samplingNeedsSample() throws UsageException {
        if (!sample) {
            refuse("it sets how --sample draws tokens, and greedy and beam decoding draw none (add --sample)",
                    "--temperature", "--top-k", "--seed");
        }
    }
}
