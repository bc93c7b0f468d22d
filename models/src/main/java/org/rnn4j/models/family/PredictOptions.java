package org.rnn4j.models.family;

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
 */
public record PredictOptions(int beam, int nBest, boolean sample, Float temperature, int topK, long seed,
                             boolean json) {
}
