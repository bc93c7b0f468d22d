package org.rnn4j.models.video;

import org.rnn4j.models.data.gen.MovingSquares;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.optim.Adam;
import org.rnn4j.core.optim.GradClip;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;

class VideoClassifierTest {

    private static float[][][] randomClips(SplittableRandom r, int[] frames, int pixels) {
        float[][][] clips = new float[frames.length][][];
        for (int i = 0; i < frames.length; i++) {
            clips[i] = new float[frames[i]][pixels];
            for (float[] f : clips[i]) {
                for (int k = 0; k < pixels; k++) {
                    f[k] = (float) r.nextDouble(-1, 1);
                }
            }
        }
        return clips;
    }

    private static float[] logitsOf(VideoClassifier m, Workspace ws, float[][][] clips) {
        Tape tape = new Tape(ws);
        Tape.Scope scope = tape.noGrad();
        try {
            return m.logits(tape, clips, false).value().toArray();
        } finally {
            scope.close();
            ws.reset();
        }
    }

    private static void raggedBatchMatchesEachClipAlone(VideoSpec spec) {
        try (NativeAllocator params = new NativeAllocator("p"); Workspace ws = new Workspace("ws", 1 << 20);
             VideoClassifier m = new VideoClassifier(spec, params, 7)) {
            int[] frames = {3, 7, 1, 5, 7, 2};
            float[][][] clips = randomClips(new SplittableRandom(3), frames, spec.framePixels());
            float[] batch = logitsOf(m, ws, clips);
            int k = spec.classes();
            assertEquals(frames.length * k, batch.length);
            for (int i = 0; i < clips.length; i++) {
                float[] alone = logitsOf(m, ws, new float[][][] {clips[i]});
                for (int c = 0; c < k; c++) {
                    assertEquals(alone[c], batch[i * k + c], 1e-5f,
                            "clip " + i + " (" + frames[i] + " frames), class " + c + ", " + spec);
                }
            }
            // Frames beyond a clip's end are not there: appending frames to one clip changes only its output.
            float[][][] longer = clips.clone();
            longer[2] = randomClips(new SplittableRandom(9), new int[] {4}, spec.framePixels())[0];
            float[] changed = logitsOf(m, ws, longer);
            for (int i = 0; i < clips.length; i++) {
                float[] a = Arrays.copyOfRange(batch, i * k, (i + 1) * k);
                float[] b = Arrays.copyOfRange(changed, i * k, (i + 1) * k);
                if (i == 2) {
                    assertNotEquals(Arrays.toString(a), Arrays.toString(b));
                } else {
                    assertArrayEquals(a, b, 1e-5f, "clip " + i);
                }
            }
        }
    }

    @Test
    void variableFramesPerClipGiveTheSameOutputsAsEachClipAlone() {
        raggedBatchMatchesEachClipAlone(VideoSpec.of(1, 8, 8, 4));
    }

    @Test
    void variableFramesMatchAloneForBidirectionalStackedGruWithoutCoordinates() {
        raggedBatchMatchesEachClipAlone(new VideoSpec(3, 9, 7, 4, 6, 0, 3, false, CellType.GRU, 5, 2, true, 3, 0.2f));
    }

    @Test
    void everyParameterGetsAGradientAndHasAStateDictName() {
        VideoSpec spec = VideoSpec.of(1, 8, 8, 4).withRecurrent(6, 1, true);
        try (NativeAllocator params = new NativeAllocator("p"); Workspace ws = new Workspace("ws", 1 << 20);
             VideoClassifier m = new VideoClassifier(spec, params, 1)) {
            Map<String, Parameter> named = m.namedParameters();
            assertTrue(named.containsKey("cnn.conv1.weight"), named.keySet().toString());
            assertTrue(named.containsKey("cnn.conv2.bias"), named.keySet().toString());
            assertTrue(named.containsKey("rnn.weight_ih_l0_reverse"), named.keySet().toString());
            assertTrue(named.containsKey("classifier.weight"), named.keySet().toString());
            assertEquals(8 * 3 * 3 * 3, named.get("cnn.conv1.weight").value().size(), "1 channel + 2 coordinates");
            float[][][] clips = randomClips(new SplittableRandom(5), new int[] {2, 5, 3}, spec.framePixels());
            Tape tape = new Tape(ws);
            Var loss = m.loss(tape, clips, new int[] {0, 3, 1}, true);
            tape.backward(loss);
            for (Map.Entry<String, Parameter> e : named.entrySet()) {
                float[] g = e.getValue().grad().toArray();
                double norm = 0;
                for (float v : g) {
                    norm += v * v;
                }
                assertTrue(norm > 0, e.getKey() + " got no gradient");
            }
            ws.reset();
        }
    }

    @Test
    void specValidationNamesTheField() {
        assertMessage("kernel must be odd", () -> VideoSpec.of(1, 16, 16, 4).withConv(8, 16, 4));
        assertMessage("conv1 must be >= 1", () -> VideoSpec.of(1, 16, 16, 4).withConv(0, 16, 3));
        assertMessage("conv2 must be >= 1", () -> VideoSpec.of(1, 16, 16, 4).withConv(8, 0, 3));
        assertMessage("height must be >= 2", () -> VideoSpec.of(1, 1, 16, 4));
        assertMessage("width must be >= 2", () -> VideoSpec.of(1, 16, 0, 4));
        assertMessage("channels must be >= 1", () -> VideoSpec.of(0, 16, 16, 4));
        assertMessage("classes must be >= 2", () -> VideoSpec.of(1, 16, 16, 1));
        assertMessage("hidden must be >= 1", () -> VideoSpec.of(1, 16, 16, 4).withRecurrent(0, 1, false));
        assertMessage("layers must be >= 1", () -> VideoSpec.of(1, 16, 16, 4).withRecurrent(8, 0, false));
        assertMessage("dropout must be in [0, 1)", () -> VideoSpec.of(1, 16, 16, 4).withDropout(1f));
        assertMessage("cell is required", () -> VideoSpec.of(1, 16, 16, 4).withCell(null));
    }

    @Test
    void badInputsAreRejectedWithTheirPosition() {
        VideoSpec spec = VideoSpec.of(1, 8, 8, 4);
        try (NativeAllocator params = new NativeAllocator("p"); Workspace ws = new Workspace("ws", 1 << 16);
             VideoClassifier m = new VideoClassifier(spec, params, 1)) {
            float[][][] ok = randomClips(new SplittableRandom(1), new int[] {2, 3}, 64);
            assertMessage("clip 1 has no frames", () -> m.logits(new Tape(ws), new float[][][] {ok[0], {}}, false));
            assertMessage("clip 0, frame 1 has 63 values", () -> m.logits(new Tape(ws),
                    new float[][][] {{new float[64], new float[63]}}, false));
            assertMessage("label 4 of clip 1", () -> m.loss(new Tape(ws), ok, new int[] {0, 4}, true));
            assertMessage("2 clips but 1 labels", () -> m.loss(new Tape(ws), ok, new int[] {0}, true));
            ws.reset();
        }
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable ex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
    }

    @Test
    void movingSquaresIsSeededRaggedAndBalanced() {
        MovingSquares data = MovingSquares.standard();
        MovingSquares.Batch a = data.generate(400, 11);
        MovingSquares.Batch b = data.generate(400, 11);
        int[] perClass = new int[MovingSquares.CLASSES];
        int minF = Integer.MAX_VALUE;
        int maxF = 0;
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.labels()[i], b.labels()[i]);
            assertTrue(Arrays.deepEquals(a.clips()[i], b.clips()[i]), "same seed, same clip " + i);
            perClass[a.labels()[i]]++;
            minF = Math.min(minF, a.clips()[i].length);
            maxF = Math.max(maxF, a.clips()[i].length);
            for (float[] f : a.clips()[i]) {
                assertEquals(12 * 12, f.length);
            }
        }
        assertEquals(6, minF);
        assertEquals(10, maxF);
        for (int c : perClass) {
            assertTrue(c > 70, Arrays.toString(perClass));
        }
        // The square moves one pixel per frame in the labelled direction: follow its brightest 3x3 window.
        MovingSquares quiet = new MovingSquares(12, 3, 6, 10, 0f);
        MovingSquares.Clip c = quiet.sample(new SplittableRandom(4));
        int[] p0 = topLeft(c.frames()[0]);
        int[] p1 = topLeft(c.frames()[1]);
        int[][] step = {{0, 1}, {0, -1}, {1, 0}, {-1, 0}};
        assertArrayEquals(step[c.label()], new int[] {p1[0] - p0[0], p1[1] - p0[1]});
    }

    private static int[] topLeft(float[] frame) {
        for (int i = 0; i < frame.length; i++) {
            if (frame[i] > 0) {
                return new int[] {i / 12, i % 12};
            }
        }
        throw new AssertionError("no square");
    }

    private static double accuracy(VideoClassifier m, Workspace ws, MovingSquares.Batch data, boolean reversed) {
        int right = 0;
        for (int i = 0; i < data.size(); i += 128) {
            int n = Math.min(128, data.size() - i);
            float[][][] clips = Arrays.copyOfRange(data.clips(), i, i + n);
            if (reversed) {
                for (int j = 0; j < n; j++) {
                    float[][] r = clips[j].clone();
                    for (int t = 0; t < r.length; t++) {
                        r[t] = clips[j][r.length - 1 - t];
                    }
                    clips[j] = r;
                }
            }
            int[] pred = m.predict(new Tape(ws), clips);
            for (int j = 0; j < n; j++) {
                int want = data.labels()[i + j];
                right += pred[j] == (reversed ? MovingSquares.opposite(want) : want) ? 1 : 0;
            }
            ws.reset();
        }
        return (double) right / data.size();
    }

    /** NOTE [deterministic sums] in core's Kernels: two runs in one JVM, before and after JIT, agree bit for bit. */
    @Test
    void twoRunsWithTheSameSeedsAreBitIdentical() {
        MovingSquares data = MovingSquares.standard();
        VideoSpec spec = VideoSpec.of(1, data.size(), data.size(), MovingSquares.CLASSES);
        float[][] weights = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (NativeAllocator params = new NativeAllocator("p"); Workspace ws = new Workspace("ws", 8 << 20);
                 VideoClassifier m = new VideoClassifier(spec, params, 2);
                 Adam adam = new Adam(m.parameters(), 1e-2f, 0.9f, 0.999f, 1e-8f, 0f)) {
                SplittableRandom r = new SplittableRandom(42);
                for (int step = 0; step < 40; step++) {
                    MovingSquares.Batch b = data.generate(16, r);
                    Tape tape = new Tape(ws);
                    Var l = m.loss(tape, b.clips(), b.labels(), true);
                    tape.backward(l);
                    adam.step();
                    adam.zeroGrad();
                    ws.reset();
                }
                java.util.List<Float> all = new java.util.ArrayList<>();
                for (var p : m.parameters()) {
                    for (float f : p.value().toArray()) {
                        all.add(f);
                    }
                }
                weights[run] = new float[all.size()];
                for (int i = 0; i < all.size(); i++) {
                    weights[run][i] = all.get(i);
                }
            }
        }
        assertArrayEquals(weights[0], weights[1]);
    }

    @Test
    void learnsTheDirectionOfMotionOnHeldOutClips() {
        MovingSquares data = MovingSquares.standard();
        VideoSpec spec = VideoSpec.of(1, data.size(), data.size(), MovingSquares.CLASSES);
        MovingSquares.Batch heldOut = data.generate(500, 1_000_003);
        try (NativeAllocator params = new NativeAllocator("p"); Workspace ws = new Workspace("ws", 8 << 20);
             VideoClassifier m = new VideoClassifier(spec, params, 2);
             Adam adam = new Adam(m.parameters(), 1e-2f, 0.9f, 0.999f, 1e-8f, 0f)) {
            SplittableRandom r = new SplittableRandom(42);
            MovingSquares.Batch val = data.generate(200, 77);
            long start = System.nanoTime();
            int step = 0;
            float loss = Float.NaN;
            double valAcc = 0;
            // Bounded by steps (a wall-clock bound would make the result depend on the machine's load);
            // here it stops after about 225-250 steps, 4-9 s on two shared cores.
            while (step < 600 && (System.nanoTime() - start) / 1e9 < 60) {
                MovingSquares.Batch b = data.generate(16, r);   // 6 to 10 frames per clip in every batch
                Tape tape = new Tape(ws);
                Var l = m.loss(tape, b.clips(), b.labels(), true);
                loss = l.value().get(0);
                tape.backward(l);
                GradClip.byGlobalNorm(m.parameters(), 5f);
                adam.step();
                adam.zeroGrad();
                ws.reset();
                step++;
                if (step % 25 == 0) {
                    valAcc = accuracy(m, ws, val, false);
                    if (valAcc >= 0.97) {
                        break;
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double acc = accuracy(m, ws, heldOut, false);
            double rev = accuracy(m, ws, heldOut, true);
            System.out.printf(Locale.ROOT, "video: %d steps in %.1f s, loss %.4f, validation %.3f, held-out %.3f,"
                    + " reversed clips -> opposite class %.3f%n", step, seconds, loss, valAcc, acc, rev);
            assertTrue(acc >= 0.90, "held-out accuracy " + acc + " after " + step + " steps");
            // The model reads the order of frames: played backwards, a clip is classified as the opposite direction.
            assertTrue(rev >= 0.80, "reversed accuracy " + rev);
        }
    }
}
