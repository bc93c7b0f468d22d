package org.rnn4j.models.family;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.config.Node;
import org.rnn4j.models.train.Trainable;

/**
 * One example config per family gives the same first batches for the same seed: the loss of the
 * freshly initialised model on the first three batches of epoch 1 and the first of epoch 2, which
 * depends on the data read, its split, the batch order and the initial weights. The values were
 * recorded after the data layer moved; the per-epoch training losses of the same configs were
 * bit-for-bit those of the code before the move (docs/trainer.md). A changed batch moves a value
 * by far more than the tolerance, which only absorbs the kernels' vector width.
 */
class BatchFingerprintTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    /** Each batch's hash (its indices or windows, exact) and the model's loss on it. */
    private static <B> List<Double> fingerprint(Trainable<B> t) {
        List<Double> out = new ArrayList<>();
        try (Workspace ws = new Workspace("fingerprint", 1 << 20)) {
            Iterator<B> first = t.batches(0);
            List<B> batches = new ArrayList<>();
            for (int i = 0; i < 3 && first.hasNext(); i++) {
                batches.add(first.next());
            }
            batches.add(t.batches(1).next());
            for (B b : batches) {
                out.add((double) java.util.Arrays.deepHashCode(new Object[] {b}));
                out.add((double) t.loss(new Tape(ws), b).value().get(0));
                ws.reset();
            }
        }
        return out;
    }

    private static List<Double> of(String config) throws Exception {
        Path file = Path.of("examples", config);
        var json = Node.readFile(file);
        try (ModelFamily.Prepared p = Families.of(json).prepare(json, file, QUIET)) {
            return fingerprint(p.trainable());
        }
    }

    private static void check(String config, double... expected) throws Exception {
        List<Double> got = of(config);
        String shown = String.join(", ", got.stream().map(v -> v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.6f", v)).toList());
        assertEquals(expected.length, got.size(), config + ": " + shown);
        for (int i = 0; i < expected.length; i++) {
            double tol = i % 2 == 0 ? 0 : 1e-5 * Math.max(1, Math.abs(expected[i]));   // hashes exact, losses close
            assertEquals(expected[i], got.get(i), tol, config + ": " + shown);
        }
    }

    @Test
    void everyFamilysFirstBatchesAreTheRecordedOnes() throws Exception {
        // (batch hash, loss) for batches 1-3 of epoch 1 and batch 1 of epoch 2
        check("dates.json", -754260835, 2.7239773, -1990525797, 2.7208028, 423542827, 2.7174962, -543015205, 2.7278833);
        check("parity-classifier.json", -1340872181, 0.6901382, 496910010, 0.7061841, 327651331, 0.6850529,
                -23892644, 0.6888327);
        check("sample-lm.json", -1831690946, 3.4829535, 602219119, 3.4830348, -925943982, 3.4824147, 578170498,
                3.4832766);
        check("number-words-vec2seq.json", -1909355161, 3.5389779, -105052904, 3.5345984, -906904362, 3.5307298,
                327172168, 3.5329487);
        check("moving-squares-video.json", 319849929, 1.3978390, 196142924, 1.3742383, 3798161, 1.3801540, 1460778017,
                1.4212956);
    }
}
