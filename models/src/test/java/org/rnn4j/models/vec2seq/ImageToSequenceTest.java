package org.rnn4j.models.vec2seq;

import org.rnn4j.models.data.FeatureRows;
import org.rnn4j.models.data.gen.MnistStrings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.optim.Adam;
import org.rnn4j.core.optim.GradClip;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.data.sets.FakeMnist;
import org.rnn4j.models.data.sets.Mnist;
import org.rnn4j.models.text.Vocab;
import org.rnn4j.models.video.ModelGradCheck;

/** Image → sequence: the digit-string generator, the CNN encoder in front of the decoder, errors. */
class ImageToSequenceTest {

    @Test
    void mnistStringsPutTheDigitsLeftToRightAndLabelThemInOrder() {
        Mnist.Images images = FakeMnist.images(60, 3);
        int[] labels = FakeMnist.labels(60);
        MnistStrings ms = new MnistStrings(2, 4);
        assertEquals(28, ms.height());
        assertEquals(112, ms.width());
        List<FeatureRows.Row> ex = ms.generate(images, labels, 20, 45, 300, 7);
        assertEquals(300, ex.size());
        Set<Integer> lengths = new HashSet<>();
        for (FeatureRows.Row e : ex) {
            String t = e.target();
            lengths.add(t.length());
            assertTrue(t.length() >= 2 && t.length() <= 4, t);
            float[] img = e.features();
            assertEquals(28 * 112, img.length);
            for (int d = 0; d < 4; d++) {
                if (d < t.length()) {
                    // Pixel (0, 0) of the block names the image; the whole 28x28 block must be that image.
                    int idx = Math.round(img[d * 28] * 255f) - 1;
                    assertTrue(idx >= 20 && idx < 45, "digit " + d + " came from image " + idx + ", outside [20, 45)");
                    assertEquals((char) ('0' + labels[idx]), t.charAt(d), "label of digit " + d + " of " + t);
                    for (int row = 0; row < 28; row++) {
                        for (int col = 0; col < 28; col++) {
                            assertEquals(images.pixel(idx, row, col) / 255f, img[row * 112 + d * 28 + col], 0f);
                        }
                    }
                } else {
                    for (int row = 0; row < 28; row++) {
                        for (int col = 0; col < 28; col++) {
                            assertEquals(0f, img[row * 112 + d * 28 + col], "empty slot " + d);
                        }
                    }
                }
            }
        }
        assertEquals(Set.of(2, 3, 4), lengths);
        List<FeatureRows.Row> again = ms.generate(images, labels, 20, 45, 300, 7);
        List<FeatureRows.Row> other = ms.generate(images, labels, 20, 45, 300, 8);
        for (int i = 0; i < 300; i++) {
            assertEquals(ex.get(i).target(), again.get(i).target());
            assertTrue(Arrays.equals(ex.get(i).features(), again.get(i).features()));
        }
        assertNotEquals(ex.stream().map(FeatureRows.Row::target).toList(),
                other.stream().map(FeatureRows.Row::target).toList());
    }

    @Test
    void badGeneratorArgumentsAreNamed() {
        Mnist.Images images = FakeMnist.images(10, 1);
        int[] labels = FakeMnist.labels(10);
        assertMessage("1 <= minDigits <= maxDigits", () -> new MnistStrings(0, 3));
        assertMessage("1 <= minDigits <= maxDigits", () -> new MnistStrings(4, 3));
        assertMessage("image range [5, 5) is empty", () -> new MnistStrings(1, 2).generate(images, labels, 5, 5, 1, 1));
        assertMessage("outside the 10 images", () -> new MnistStrings(1, 2).generate(images, labels, 0, 11, 1, 1));
        assertMessage("10 images but 9 labels", () -> new MnistStrings(1, 2).generate(images, Arrays.copyOf(labels, 9),
                0, 10, 1, 1));
        assertMessage("these images are 7x28", () -> new MnistStrings(1, 2).generate(
                new Mnist.Images(1, 7, 28, new byte[7 * 28]), new int[1], 0, 1, 1, 1));
    }

    private static Vec2SeqSpec smallImageSpec() {
        // Odd width: the pools floor 13 -> 6 -> 3.
        return Vec2SeqSpec.of(1, 9, 4, 5).withConditioning(true, true)
                .withImage(new ImageEncoderSpec(1, 8, 13, 3, 4, 3, 6));
    }

    @Test
    void theEncoderChangesTheSpecAndTheParameterNames() {
        Vec2SeqSpec spec = smallImageSpec();
        assertEquals(6, spec.featureSize());
        assertEquals(104, spec.inputSize());
        assertEquals(4 * 2 * 3, spec.image().flatWidth());
        try (NativeAllocator params = new NativeAllocator("p"); Vec2Seq m = new Vec2Seq(spec, params, 1)) {
            assertTrue(m.namedParameters().keySet().containsAll(List.of("encoder.conv1.weight", "encoder.conv1.bias",
                    "encoder.conv2.weight", "encoder.linear.weight", "encoder.linear.bias", "bridge_h.weight",
                    "decoder.weight_ih")), m.namedParameters().keySet().toString());
            assertEquals(3 * 1 * 3 * 3, m.namedParameters().get("encoder.conv1.weight").value().size());
            assertEquals(6 * 24, m.namedParameters().get("encoder.linear.weight").value().size());
        }
    }

    @Test
    void everyGradientOfTheImageModelMatchesFiniteDifferences() {
        Vec2SeqSpec spec = smallImageSpec();
        SplittableRandom r = new SplittableRandom(5);
        float[][] images = new float[3][spec.inputSize()];
        for (float[] im : images) {
            for (int i = 0; i < im.length; i++) {
                im[i] = (float) r.nextDouble(-1, 1);
            }
        }
        int[][] targets = {{4, 5}, {6, 7, 8, 4}, {5}};
        try (NativeAllocator params = new NativeAllocator("p"); Vec2Seq m = new Vec2Seq(spec, params, 3)) {
            // Random biases keep the relus away from exact zeros.
            ModelGradCheck.check("image vec2seq", m.namedParameters(), tape -> m.loss(tape, images, targets, false),
                    6, 11);
        }
    }

    /** Four random 6x6 glyphs; a string of 1-3 of them side by side on a 6x18 canvas, with noise. */
    private record Glyphs(float[][] shapes) {
        static Glyphs create(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            float[][] s = new float[4][36];
            for (float[] g : s) {
                for (int i = 0; i < 36; i++) {
                    g[i] = r.nextInt(2);
                }
            }
            return new Glyphs(s);
        }

        float[] image(int[] ids, SplittableRandom r) {
            float[] im = new float[6 * 18];
            for (int i = 0; i < im.length; i++) {
                im[i] = (float) (0.1 * r.nextDouble(-1, 1));
            }
            for (int d = 0; d < ids.length; d++) {
                for (int row = 0; row < 6; row++) {
                    for (int col = 0; col < 6; col++) {
                        im[row * 18 + d * 6 + col] += shapes[ids[d] - Vocab.UNK_ID - 1][row * 6 + col];
                    }
                }
            }
            return im;
        }

        static int[] randomIds(SplittableRandom r) {
            int[] ids = new int[1 + r.nextInt(3)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = Vocab.UNK_ID + 1 + r.nextInt(4);
            }
            return ids;
        }
    }

    @Test
    void learnsToReadStringsOfGlyphsFromPixels() {
        Glyphs glyphs = Glyphs.create(2);
        Vec2SeqSpec spec = Vec2SeqSpec.of(1, Vocab.UNK_ID + 5, 8, 32).withConditioning(true, true)
                .withImage(new ImageEncoderSpec(1, 6, 18, 8, 8, 3, 32));
        SplittableRandom data = new SplittableRandom(9);
        int n = 300;
        int[][] heldIds = new int[n][];
        float[][] held = new float[n][];
        for (int i = 0; i < n; i++) {
            heldIds[i] = Glyphs.randomIds(data);
            held[i] = glyphs.image(heldIds[i], data);
        }
        try (NativeAllocator params = new NativeAllocator("p"); Workspace ws = new Workspace("ws", 1 << 20);
             Vec2Seq m = new Vec2Seq(spec, params, 4);
             Adam adam = new Adam(m.parameters(), 5e-3f, 0.9f, 0.999f, 1e-8f, 0f)) {
            SplittableRandom r = new SplittableRandom(1);
            long start = System.nanoTime();
            int step = 0;
            double em = 0;
            while (step < 1500 && (System.nanoTime() - start) / 1e9 < 20) {
                float[][] x = new float[32][];
                int[][] y = new int[32][];
                for (int i = 0; i < 32; i++) {
                    y[i] = Glyphs.randomIds(r);
                    x[i] = glyphs.image(y[i], r);
                }
                Tape tape = new Tape(ws);
                Var loss = m.loss(tape, x, y, true);
                tape.backward(loss);
                GradClip.byGlobalNorm(m.parameters(), 5f);
                adam.step();
                adam.zeroGrad();
                ws.reset();
                step++;
                if (step % 50 == 0 && (em = exactMatch(m, ws, held, heldIds)) >= 0.98) {
                    break;
                }
            }
            em = exactMatch(m, ws, held, heldIds);
            System.out.printf(Locale.ROOT, "image vec2seq (glyph strings): %d steps in %.1f s, held-out exact match"
                    + " %.3f%n", step, (System.nanoTime() - start) / 1e9, em);
            assertTrue(em >= 0.95, "held-out exact match " + em + " after " + step + " steps");
        }
    }

    private static double exactMatch(Vec2Seq m, Workspace ws, float[][] images, int[][] ids) {
        int[][] out = m.greedy(new Tape(ws), images, 6);
        ws.reset();
        int right = 0;
        for (int i = 0; i < ids.length; i++) {
            right += Arrays.equals(Vec2Seq.stripEnd(out[i]), ids[i]) && out[i].length == ids[i].length + 1 ? 1 : 0;
        }
        return (double) right / ids.length;
    }

    @Test
    void badImagesAndSpecsAreNamed() {
        try (NativeAllocator params = new NativeAllocator("p"); Workspace ws = new Workspace("ws", 1 << 16);
             Vec2Seq m = new Vec2Seq(smallImageSpec(), params, 1)) {
            assertMessage("image 1 has 5 values; expected channels * height * width = 1 * 8 * 13 = 104",
                    () -> m.greedy(new Tape(ws), new float[][] {new float[104], new float[5]}, 3));
            ws.reset();
        }
        assertMessage("kernel must be odd", () -> new ImageEncoderSpec(1, 8, 8, 2, 2, 4, 3));
        assertMessage("height must be >= 4", () -> new ImageEncoderSpec(1, 3, 8, 2, 2, 3, 3));
        assertMessage("features must be >= 1", () -> new ImageEncoderSpec(1, 8, 8, 2, 2, 3, 0));
        assertMessage("featureSize 5 differs from the image encoder's features 3", () -> new Vec2SeqSpec(5, 9, 4,
                org.rnn4j.core.nn.CellType.LSTM, 5, true, false, 0f, new ImageEncoderSpec(1, 8, 8, 2, 2, 3, 3)));
    }

    private static void assertMessage(String part, Executable ex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
    }
}
