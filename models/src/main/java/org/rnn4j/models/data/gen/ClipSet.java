package org.rnn4j.models.data.gen;

/**
 * Labelled clips for the video classifier, by index. A clip is {@code float[frames][C·H·W]}; an
 * implementation may render clips on demand (so that a data set of long clips need not sit in
 * memory at once) but must return the same clip for the same index every time.
 */
public interface ClipSet {
    int size();

    float[][] clip(int i);

    int label(int i);
}
