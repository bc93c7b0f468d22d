package org.rnn4j.models.data.gen;

import java.util.SplittableRandom;
import org.rnn4j.models.data.sets.Mnist;

/**
 * Moving-MNIST clips from real digits, the recipe of Srivastava et al. (2015) with one digit per
 * clip: a 28x28 MNIST digit starts at a random place in a {@code size x size} black frame and moves
 * in a straight line at a random angle and a speed of 2-4 pixels per frame, bouncing off the
 * edges; a clip has {@code minFrames} to {@code maxFrames} frames and is labelled by the digit
 * (10 classes). Pixels are scaled to [0, 1]; a frame is 1 channel, row-major.
 *
 * <p>Clips are rendered on demand from their motion (a few numbers each), so 10,000 clips of
 * 64x64x20 do not need 650 MB of memory. Digits are taken only from the image range given, so
 * training, validation and test clips can use disjoint digit images. Seeded.
 *
 * @param size      frame side in pixels (>= 28)
 * @param minFrames fewest frames per clip (>= 1)
 * @param maxFrames most frames per clip
 */
public record MovingMnist(int size, int minFrames, int maxFrames) {
    public static final int CLASSES = 10;
    private static final int SIDE = 28;

    public MovingMnist {
        if (size < SIDE) {
            throw new IllegalArgumentException("size must be >= " + SIDE + " (an MNIST digit), got " + size);
        }
        if (minFrames < 1 || maxFrames < minFrames) {
            throw new IllegalArgumentException("frames must satisfy 1 <= minFrames <= maxFrames, got minFrames "
                    + minFrames + ", maxFrames " + maxFrames);
        }
    }

    /** The usual Moving-MNIST frame: 64x64, here with 10 to 20 frames per clip. */
    public static MovingMnist standard() {
        return new MovingMnist(64, 10, 20);
    }

    /** How one clip moves: the digit image, the frame count, the start (top-left) and the velocity per frame. */
    public record Motion(int image, int frames, double x0, double y0, double vx, double vy) {
    }

    /** A random motion of digit {@code image}. */
    public Motion motion(int image, SplittableRandom r) {
        int span = size - SIDE;
        double angle = 2 * Math.PI * r.nextDouble();
        double speed = 2 + 2 * r.nextDouble();
        return new Motion(image, minFrames + r.nextInt(maxFrames - minFrames + 1), span * r.nextDouble(),
                span * r.nextDouble(), speed * Math.cos(angle), speed * Math.sin(angle));
    }

    /** The frames of a motion: the digit pasted at its (rounded) position in every frame. */
    public float[][] render(Mnist.Images images, Motion m) {
        int span = size - SIDE;
        double x = m.x0();
        double y = m.y0();
        double vx = m.vx();
        double vy = m.vy();
        float[][] frames = new float[m.frames()][size * size];
        for (int t = 0; t < m.frames(); t++) {
            int top = (int) Math.round(y);
            int left = (int) Math.round(x);
            float[] f = frames[t];
            for (int row = 0; row < SIDE; row++) {
                for (int col = 0; col < SIDE; col++) {
                    f[(top + row) * size + left + col] = images.pixel(m.image(), row, col) / 255f;
                }
            }
            x += vx;
            y += vy;
            if (x < 0 || x > span) {       // bounce: reflect the position and the velocity
                vx = -vx;
                x = x < 0 ? -x : 2 * span - x;
            }
            if (y < 0 || y > span) {
                vy = -vy;
                y = y < 0 ? -y : 2 * span - y;
            }
        }
        return frames;
    }

    /** Clips of given motions over one set of MNIST images, rendered on demand. */
    public final class Clips implements ClipSet {
        private final Mnist.Images images;
        private final int[] labels;
        private final Motion[] motions;

        Clips(Mnist.Images images, int[] labels, Motion[] motions) {
            this.images = images;
            this.labels = labels;
            this.motions = motions;
        }

        @Override
        public int size() {
            return motions.length;
        }

        @Override
        public float[][] clip(int i) {
            return render(images, motions[i]);
        }

        @Override
        public int label(int i) {
            return labels[motions[i].image()];
        }

        public Motion motion(int i) {
            return motions[i];
        }
    }

    /** {@code n} clips of digits drawn (with replacement) from images [from, to). */
    public Clips generate(Mnist.Images images, int[] labels, int from, int to, int n, long seed) {
        new Mnist.Digits(images, labels).checkRange(from, to);
        SplittableRandom r = new SplittableRandom(seed);
        Motion[] motions = new Motion[n];
        for (int i = 0; i < n; i++) {
            motions[i] = motion(from + r.nextInt(to - from), r);
        }
        return new Clips(images, labels, motions);
    }

    /** One clip for every image in [from, to), in order (a test set that uses each test digit once). */
    public Clips each(Mnist.Images images, int[] labels, int from, int to, long seed) {
        new Mnist.Digits(images, labels).checkRange(from, to);
        SplittableRandom r = new SplittableRandom(seed);
        Motion[] motions = new Motion[to - from];
        for (int i = from; i < to; i++) {
            motions[i - from] = motion(i, r);
        }
        return new Clips(images, labels, motions);
    }
}
