package org.rnn4j.models.lm;

import org.rnn4j.models.train.FlatModel;
import org.rnn4j.models.train.RowPairs;
import org.rnn4j.core.nn.Parameter;
import java.util.List;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnn4j.core.autograd.RecurrentState;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.models.train.ModelTrainable;

/**
 * A language model trained on one long token stream by truncated back-propagation through time,
 * as the trainer sees it: the stream is cut into {@code batch} parallel streams of equal length
 * (stream s holds the s-th contiguous slice), read in windows of {@code window} steps (the last
 * window of an epoch may be shorter); the final states of a window start the next (carried in a
 * {@link RecurrentState}, detached, so gradients stop at window boundaries) and are reset at the
 * start of each epoch. From the second epoch on the slices start at a seeded random offset in
 * [0, window), so window boundaries move. Both the config runs and {@link LanguageModelTrainer}
 * train this way.
 */
class TextStreamTraining extends ModelTrainable<int[][][]> implements AutoCloseable, RowPairs {
    private final LanguageModel model;
    private final int[] stream;
    private final int batch;
    private final int window;
    private final long seed;
    private final int epochBase;
    private RecurrentState state;
    /** Grows at each epoch start: replicas reset their carried states when it changes. */
    private volatile int epochs;

    /** {@code epochBase}: epochs trained before (a later fit of the same trainer moves its windows on). */
    TextStreamTraining(LanguageModel model, int[] stream, int batch, int window, long seed, int epochBase) {
        if (stream.length < batch + 1) {
            throw new IllegalArgumentException("the stream needs at least batch + 1 = " + (batch + 1) + " tokens, got "
                    + stream.length);
        }
        super(model.namedParameters(), model.parameters());
        this.model = model;
        this.stream = stream;
        this.batch = batch;
        this.window = window;
        this.seed = seed;
        this.epochBase = epochBase;
    }

    /** The start offset of epoch {@code epoch}: 0 for the first, then seeded in [0, window). */
    int offset(int epoch) {
        int e = epochBase + epoch;
        int offset = e == 0 ? 0 : new SplittableRandom(seed + 104_729L * e).nextInt(window);
        return (stream.length - 1 - offset) / batch < 1 ? 0 : offset;
    }



    @Override
    public long batchesPerEpoch() {
        int len = (stream.length - 1) / batch;
        return (len + window - 1) / window;
    }

    /** A batch: {inputs, targets}, each {@code batch} rows of one window. */
    @Override
    public Iterator<int[][][]> batches(int epoch) {
        if (state != null) {
            state.close();
        }
        state = new RecurrentState("lm carry");
        epochs++;
        int offset = offset(epoch);
        int len = (stream.length - 1 - offset) / batch;
        return new Iterator<>() {   // windows cut as the trainer asks (a copy of the stream per epoch is avoided)
            private int from;

            @Override
            public boolean hasNext() {
                return from < len;
            }

            @Override
            public int[][][] next() {
                if (from >= len) {
                    throw new java.util.NoSuchElementException();
                }
                int w = Math.min(window, len - from);
                int[][] in = new int[batch][w];
                int[][] tg = new int[batch][w];
                for (int s = 0; s < batch; s++) {
                    int base = offset + s * len + from;
                    System.arraycopy(stream, base, in[s], 0, w);
                    System.arraycopy(stream, base + 1, tg[s], 0, w);
                }
                from += window;
                return new int[][][] {in, tg};
            }
        };
    }

    @Override
    public Var loss(Tape tape, int[][][] b) {
        return model.loss(tape, b[0], b[1], state, true);
    }

    @Override
    public Map<String, Double> validate() {
        return Map.of();
    }

    /** A stream's carried state follows it from window to window: its rows cannot be split into micro-batches. */
    @Override
    public boolean accumulates() {
        return false;
    }

    /** The loss is a mean over the window's tokens: streams times steps. */
    @Override
    public double weight(int[][][] b) {
        return (double) b[0].length * (b[0].length == 0 ? 0 : b[0][0].length);
    }

    /**
     * A model of the same spec on another device, with carried states of its own: a device always
     * takes the same streams of every window (the shards of a batch of fixed size are cut the
     * same way each step), so its states continue those streams, and they are reset when an epoch
     * starts, as the model's are. Dropout seeded with the run's seed plus {@code index}.
     */
    @Override
    public Replica<int[][][]> replica(int index) {
        long s = seed + index;
        FlatModel<LanguageModel> fm = FlatModel.build("parameters of replica " + index,
                a -> new LanguageModel(model.spec(), a, s));
        LanguageModel r = fm.model();
        return new Replica<>() {
            private RecurrentState carried;
            private int epochSeen = -1;

            @Override
            public List<Parameter> parameters() {
                return r.parameters();
            }

            @Override
            public Var loss(Tape tape, int[][][] b) {
                int e = epochs;
                if (e != epochSeen) {
                    if (carried != null) {
                        carried.close();
                    }
                    carried = new RecurrentState("lm carry of replica " + index);
                    epochSeen = e;
                }
                return r.loss(tape, b[0], b[1], carried, true);
            }

            @Override
            public void close() {
                if (carried != null) {
                    carried.close();
                }
                fm.close();
            }
        };
    }

    @Override
    public long unitsPerStep() {
        return (long) batch * window;
    }

    @Override
    public String unit() {
        return "tok/s";
    }

    @Override
    public void close() {
        if (state != null) {
            state.close();
            state = null;
        }
    }
}
