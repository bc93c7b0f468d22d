package org.rnn4j.models.video;

import org.rnn4j.models.data.gen.MovingMnist;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.models.data.sets.FakeMnist;
import org.rnn4j.models.data.sets.Mnist;

/** Moving-MNIST clips (real digits bouncing in a frame) and the three-convolution video CNN. */
class MovingMnistTest {

    /** Position at time t of a point bouncing in [0, span], by the closed form (a triangle wave). */
    private static double reflect(double p0, double v, int t, int span) {
        double x = (p0 + v * t) % (2.0 * span);
        if (x < 0) {
            x += 2.0 * span;
        }
        return x <= span ? x : 2.0 * span - x;
    }

    /** Where the digit sits in a frame: the (top, left) at which the frame holds exactly the digit. */
    private static int[] locate(float[] frame, Mnist.Images images, int image, int size) {
        for (int top = 0; top + 28 <= size; top++) {
            for (int left = 0; left + 28 <= size; left++) {
                if (frame[top * size + left] != images.pixel(image, 0, 0) / 255f) {
                    continue;
                }
                boolean all = true;
                for (int row = 0; row < 28 && all; row++) {
                    for (int col = 0; col < 28 && all; col++) {
                        all = frame[(top + row) * size + left + col] == images.pixel(image, row, col) / 255f;
                    }
                }
                if (all) {
                    return new int[] {top, left};
                }
            }
        }
        return null;
    }

    @Test
    void digitsBounceInsideTheFrameAlongTheirLine() {
        Mnist.Images images = FakeMnist.images(40, 4);
        int[] labels = FakeMnist.labels(40);
        MovingMnist mm = MovingMnist.standard();
        MovingMnist.Clips clips = mm.generate(images, labels, 10, 30, 60, 3);
        assertEquals(60, clips.size());
        Set<Integer> frameCounts = new HashSet<>();
        int bounced = 0;
        for (int i = 0; i < clips.size(); i++) {
            MovingMnist.Motion m = clips.motion(i);
            assertTrue(m.image() >= 10 && m.image() < 30, "image " + m.image());
            assertEquals(labels[m.image()], clips.label(i));
            double speed = Math.hypot(m.vx(), m.vy());
            assertTrue(speed >= 2 && speed <= 4, "speed " + speed);
            float[][] frames = clips.clip(i);
            assertTrue(frames.length >= 10 && frames.length <= 20, frames.length + " frames");
            frameCounts.add(frames.length);
            double digitSum = 0;
            for (int k = 0; k < 28 * 28; k++) {
                digitSum += (images.pixels()[m.image() * 784 + k] & 0xff) / 255.0;
            }
            for (int t = 0; t < frames.length; t++) {
                assertEquals(64 * 64, frames[t].length);
                double sum = 0;
                for (float v : frames[t]) {
                    sum += v;
                }
                assertEquals(digitSum, sum, 1e-3, "clip " + i + " frame " + t + ": the whole digit and nothing else");
                int[] at = locate(frames[t], images, m.image(), 64);
                assertTrue(at != null, "clip " + i + " frame " + t + ": digit not found whole");
                double top = reflect(m.y0(), m.vy(), t, 36);
                double left = reflect(m.x0(), m.vx(), t, 36);
                assertTrue(Math.abs(at[0] - top) <= 0.5 + 1e-9 && Math.abs(at[1] - left) <= 0.5 + 1e-9,
                        "clip " + i + " frame " + t + " at " + at[0] + "," + at[1] + ", expected " + top + "," + left);
                double unbouncedX = m.x0() + m.vx() * t;
                double unbouncedY = m.y0() + m.vy() * t;
                if (unbouncedX < 0 || unbouncedX > 36 || unbouncedY < 0 || unbouncedY > 36) {
                    bounced++;
                }
            }
            assertArrayEquals(frames[0], clips.clip(i)[0], "rendering is repeatable");
        }
        assertTrue(frameCounts.size() >= 5, "frame counts " + frameCounts);
        assertTrue(bounced > 0, "some clips must hit an edge");
    }

    @Test
    void eachGivesOneClipPerImageInOrderAndSeedsRepeat() {
        Mnist.Images images = FakeMnist.images(25, 1);
        int[] labels = FakeMnist.labels(25);
        MovingMnist mm = new MovingMnist(40, 3, 5);
        MovingMnist.Clips each = mm.each(images, labels, 5, 25, 9);
        assertEquals(20, each.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(5 + i, each.motion(i).image());
            assertEquals(labels[5 + i], each.label(i));
            assertEquals(40 * 40, each.clip(i)[0].length);
        }
        MovingMnist.Clips a = mm.generate(images, labels, 0, 25, 30, 5);
        MovingMnist.Clips b = mm.generate(images, labels, 0, 25, 30, 5);
        for (int i = 0; i < 30; i++) {
            assertEquals(a.motion(i), b.motion(i));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MovingMnist(20, 10, 20)).getMessage()
                .contains("size must be >= 28"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MovingMnist(64, 5, 4)).getMessage()
                .contains("1 <= minFrames <= maxFrames"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> mm.generate(images, labels, 3, 30, 1, 1))
                .getMessage().contains("outside the 25 images"));
    }

    @Test
    void aThirdConvolutionWidensTheFrameFeaturesAndGetsItsGradients() {
        VideoSpec spec = VideoSpec.of(1, 12, 10, 3).withConv(3, 4, 3).withConv3(5).withRecurrent(4, 1, false)
                .withCoordinates(false);
        assertEquals(5, spec.frameFeatures());
        SplittableRandom r = new SplittableRandom(2);
        float[][][] clips = new float[3][][];
        int[] frames = {2, 4, 1};
        for (int i = 0; i < 3; i++) {
            clips[i] = new float[frames[i]][spec.framePixels()];
            for (float[] f : clips[i]) {
                for (int k = 0; k < f.length; k++) {
                    f[k] = (float) r.nextDouble(-1, 1);
                }
            }
        }
        int[] labels = {0, 2, 1};
        try (NativeAllocator params = new NativeAllocator("p"); VideoClassifier m = new VideoClassifier(spec, params, 3)) {
            Map<String, Parameter> named = m.namedParameters();
            assertEquals(5 * 4 * 3 * 3, named.get("cnn.conv3.weight").value().size());
            assertEquals(4 * 4 * 5, named.get("rnn.weight_ih_l0").value().size(), "LSTM input = conv3 filters");
            ModelGradCheck.check("video with conv3", named, tape -> m.loss(tape, clips, labels, false), 5, 7);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VideoSpec.of(1, 3, 8, 2).withConv3(4))
                .getMessage().contains("needs frames of at least 4x4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VideoSpec.of(1, 8, 8, 2).withConv3(-1))
                .getMessage().contains("conv3 must be >= 0"));
        // A two-convolution model is unchanged by the third one's existence: same parameters, same seed use.
        try (NativeAllocator params = new NativeAllocator("p");
             VideoClassifier two = new VideoClassifier(VideoSpec.of(1, 8, 8, 4).withCell(CellType.GRU), params, 5)) {
            assertTrue(two.namedParameters().keySet().stream().noneMatch(k -> k.startsWith("cnn.conv3")));
        }
    }
}
