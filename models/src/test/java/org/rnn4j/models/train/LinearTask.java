package org.rnn4j.models.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnn4j.core.autograd.Losses;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.nn.Linear;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * A small {@link Trainable} for tests of the trainer: linear regression y = 0.5 * sum(x) + 1 on
 * seeded random vectors, batches in a seeded order per epoch, validation mean squared error as
 * {@code loss}.
 */
public class LinearTask implements Trainable<float[][]>, AutoCloseable {
    public static final int IN = 4;
    protected final int batchSize;
    private final long seed;
    private final NativeAllocator mem = new NativeAllocator("linear task");
    private final Workspace ws = new Workspace("linear task eval", 1 << 16);
    public final Linear linear;
    private final float[][] train;
    private final float[][] val;

    public LinearTask(int examples, int batchSize, long seed) {
        this.batchSize = batchSize;
        this.seed = seed;
        this.linear = new Linear(IN, 1, true, mem, seed);
        this.train = data(examples, seed + 1);
        this.val = data(64, seed + 2);
    }

    public static float[][] data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] out = new float[n][IN + 1];
        for (float[] row : out) {
            float sum = 0;
            for (int i = 0; i < IN; i++) {
                row[i] = (float) r.nextDouble(-1, 1);
                sum += row[i];
            }
            row[IN] = 0.5f * sum + 1f;
        }
        return out;
    }

    /** The weights and the bias, copied. */
    public float[] weights() {
        float[] w = linear.parameters().get(0).value().toArray();
        float[] b = linear.parameters().get(1).value().toArray();
        float[] out = Arrays.copyOf(w, w.length + b.length);
        System.arraycopy(b, 0, out, w.length, b.length);
        return out;
    }

    /** y for one input. */
    public float predict(float[] x) {
        float[] w = weights();
        float y = w[IN];
        for (int i = 0; i < IN; i++) {
            y += w[i] * x[i];
        }
        return y;
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        m.put("weight", linear.parameters().get(0));
        m.put("bias", linear.parameters().get(1));
        return m;
    }

    @Override
    public List<Parameter> parameters() {
        return linear.parameters();
    }

    @Override
    public long batchesPerEpoch() {
        return (train.length + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<float[][]> batches(int epoch) {
        List<float[][]> out = new ArrayList<>();
        for (int[] b : Batching.shuffledIndices(train.length, batchSize, seed, epoch)) {
            float[][] rows = new float[b.length][];
            for (int i = 0; i < b.length; i++) {
                rows[i] = train[b[i]];
            }
            out.add(rows);
        }
        return out.iterator();
    }

    @Override
    public Var loss(Tape tape, float[][] rows) {
        return lossOf(linear, tape, rows);
    }

    /** The mean squared error of {@code layer} on {@code rows}. */
    protected static Var lossOf(Linear layer, Tape tape, float[][] rows) {
        Tensor x = tape.workspace().allocateUninitialized(Shape.of(rows.length, IN));
        Tensor y = tape.workspace().allocateUninitialized(Shape.of(rows.length, 1));
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < IN; i++) {
                x.set((long) r * IN + i, rows[r][i]);
            }
            y.set(r, rows[r][IN]);
        }
        return Losses.mse(layer.forward(tape, tape.constant(x)), y, Losses.Reduction.MEAN);
    }

    @Override
    public Map<String, Double> validate() {
        try {
            return Map.of("loss", (double) loss(new Tape(ws), val).value().get(0));
        } finally {
            ws.reset();
        }
    }

    @Override
    public long unitsPerStep() {
        return batchSize;
    }

    @Override
    public void close() {
        linear.close();
        ws.close();
        mem.close();
    }
}
