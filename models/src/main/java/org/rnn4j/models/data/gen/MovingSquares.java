package org.rnn4j.models.data.gen;

import java.util.SplittableRandom;

/**
 * Synthetic clips for video classification: a bright square moves one pixel per frame across a
 * noisy grey frame, and the class is the direction of motion ({@link #RIGHT}, {@link #LEFT},
 * {@link #DOWN}, {@link #UP}). The start position is random (anywhere the whole path fits), so a
 * single frame says nothing about the direction: only the order of frames does — the task needs
 * the temporal model. Seeded: the same seed gives the same clips.
 *
 * <p>Frames are 1 channel, {@code size x size}, row-major; values: background noise N(0, noise²),
 * square pixels of one brightness in [0.6, 1] per clip plus the same noise.
 *
 * @param size      frame side in pixels
 * @param square    square side in pixels
 * @param minFrames fewest frames per clip (>= 2: motion needs two frames)
 * @param maxFrames most frames per clip; the path (square + maxFrames − 1) must fit in size
 * @param noise     standard deviation of the per-pixel noise
 */
public record MovingSquares(int size, int square, int minFrames, int maxFrames, float noise) {
    public static final int RIGHT = 0;
    public static final int LEFT = 1;
    public static final int DOWN = 2;
    public static final int UP = 3;
    public static final int CLASSES = 4;
    private static final String[] NAMES = {"right", "left", "down", "up"};

    /** One clip and its direction. */
    public record Clip(float[][] frames, int label) {
    }

    /** Clips and labels, index-aligned. */
    public record Batch(float[][][] clips, int[] labels) implements ClipSet {
        @Override
        public int size() {
            return labels.length;
        }

        @Override
        public float[][] clip(int i) {
            return clips[i];
        }

        @Override
        public int label(int i) {
            return labels[i];
        }
    }

    public MovingSquares {
        if (square < 1 || size < 2) {
            throw new IllegalArgumentException("size must be >= 2 and square >= 1, got size " + size + ", square " + square);
        }
        if (minFrames < 2 || maxFrames < minFrames) {
            throw new IllegalArgumentException("frames must satisfy 2 <= minFrames <= maxFrames, got minFrames "
                    + minFrames + ", maxFrames " + maxFrames);
        }
        if (square + maxFrames - 1 > size) {
            throw new IllegalArgumentException("a square of " + square + " moving over " + maxFrames
                    + " frames does not fit in size " + size);
        }
        if (!(noise >= 0f)) {
            throw new IllegalArgumentException("noise must be >= 0, got " + noise);
        }
    }

    /**
     * 12x12 frames, a 3x3 square, 6 to 10 frames per clip, noise 0.1: small enough that the
     * default {@link VideoClassifier} learns it in a few seconds on two cores.
     */
    public static MovingSquares standard() {
        return new MovingSquares(12, 3, 6, 10, 0.1f);
    }

    public static String name(int label) {
        return NAMES[label];
    }

    /** The reverse direction (a clip played backwards moves this way). */
    public static int opposite(int label) {
        return label ^ 1;
    }

    /** One random clip. */
    public Clip sample(SplittableRandom r) {
        int frames = minFrames + r.nextInt(maxFrames - minFrames + 1);
        int dir = r.nextInt(CLASSES);
        int span = size - square;                       // last valid top-left coordinate
        int along = r.nextInt(span - (frames - 1) + 1); // start on the motion axis, so the path fits
        int across = r.nextInt(span + 1);
        float brightness = 0.6f + 0.4f * (float) r.nextDouble();
        float[][] out = new float[frames][size * size];
        for (int t = 0; t < frames; t++) {
            int pos = switch (dir) {
                case RIGHT, DOWN -> along + t;
                default -> along + frames - 1 - t;
            };
            int row = dir == RIGHT || dir == LEFT ? across : pos;
            int col = dir == RIGHT || dir == LEFT ? pos : across;
            float[] f = out[t];
            for (int i = 0; i < f.length; i++) {
                f[i] = noise == 0f ? 0f : (float) (noise * gaussian(r));
            }
            for (int i = row; i < row + square; i++) {
                for (int j = col; j < col + square; j++) {
                    f[i * size + j] += brightness;
                }
            }
        }
        return new Clip(out, dir);
    }

    /** {@code n} clips from {@code seed}. */
    public Batch generate(int n, long seed) {
        return generate(n, new SplittableRandom(seed));
    }

    /** {@code n} clips from a generator (advanced by the draw). */
    public Batch generate(int n, SplittableRandom r) {
        float[][][] clips = new float[n][][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Clip c = sample(r);
            clips[i] = c.frames();
            labels[i] = c.label();
        }
        return new Batch(clips, labels);
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
