package org.rnn4j.models.seq2vec;

import java.util.SplittableRandom;
import org.rnn4j.core.autograd.Losses;
import org.rnn4j.core.autograd.RecurrentOps;
import org.rnn4j.core.autograd.Reduce;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.kernel.Kernels;
import org.rnn4j.core.nn.Dropout;
import org.rnn4j.core.nn.Embedding;
import org.rnn4j.core.nn.Linear;
import org.rnn4j.core.nn.NamedModule;
import org.rnn4j.core.nn.RecurrentLayer;
import org.rnn4j.core.seq.PackedSequence;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.WorkspacePool;

/**
 * Sequence → vector: each sequence of a {@link Batch} (token ids or feature vectors, any
 * lengths) runs through a (bi)RNN stack as one packed batch — no work on padding — and its
 * outputs are pooled over the sequence's real steps into one vector, which a dense head turns
 * into class logits or regression values.
 *
 * <pre>
 * token ids ─► embedding ─┐
 *                         ├─► packed (N, in) ─► (bi)RNN × layers ─► outputs (N, D·H), h_n
 * feature vectors ────────┘                                           │
 *            pooling over real steps: LAST (h_n fwd | h_n rev) · MEAN · MAX
 *                                                                     ▼
 *                               (B, D·H) ─► dropout ─► head (Linear) ─► logits / values (B, out)
 * </pre>
 *
 * Parameters carry state_dict names: {@code embedding.weight}, {@code rnn.weight_ih_l0}, ...,
 * {@code head.weight}, {@code head.bias}. Not thread-safe.
 */
public final class Seq2Vec extends NamedModule<Seq2VecSpec> implements AutoCloseable {
    /** Sequences per chunk in the convenience inference methods. */
    static final int PREDICT_CHUNK = 256;

    private final Embedding embedding;
    private final RecurrentLayer rnn;
    private final Dropout dropout;
    private final Linear head;
    private final WorkspacePool inference = new WorkspacePool("seq2vec inference", 1 << 20);   // one per concurrent call

    /** Creates and initialises the parameters in {@code alloc} from {@code seed}. */
    public Seq2Vec(Seq2VecSpec spec, Allocator alloc, long seed) {
        if (spec == null) {
            throw new IllegalArgumentException("spec is required");
        }
        super(spec);
        SplittableRandom r = new SplittableRandom(seed);
        embedding = spec.input() == Seq2VecSpec.Input.TOKENS
                ? new Embedding(spec.vocab(), spec.embedding(), spec.paddingIdx(), alloc, r.nextLong()) : null;
        rnn = RecurrentLayer.create(spec.recurrentSpec(), alloc, r.nextLong());
        dropout = new Dropout(spec.dropout(), r.nextLong());
        head = new Linear(spec.pooledSize(), spec.outputs(), true, alloc, r.nextLong());
        if (embedding != null) {
            add("embedding.", embedding);
        }
        add("rnn.", rnn);
        add("head.", head);
    }

    /** The recurrent stack (for inspection; its parameters are also in {@link #namedParameters()}). */
    public RecurrentLayer recurrent() {
        return rnn;
    }

    /** A batch after the recurrent stack: its outputs, the packed structure and the pooled rows (B, D·H). */
    public record Encoded(RecurrentOps.Outputs rnn, PackedSequence.Structure structure, Var pooled) {
    }

    /** Runs the input and the recurrent stack over the packed batch, then pools. */
    public Encoded encode(Tape tape, Batch batch, boolean training) {
        PackedSequence.Structure st = PackedSequence.structure(batch.lengths());
        Var x = input(tape, batch, st);
        PackedSequence layout = st.withData(x.value());
        RecurrentOps.Outputs out = RecurrentOps.recurrent(rnn, x, layout, null, null, training);
        Var pooled = SequencePooling.pool(tape, spec.pooling(), out, spec.layers(), spec.directions());
        return new Encoded(out, st, pooled);
    }

    /** The packed input rows (N, inputSize): embeddings of the ids, or the feature vectors (constant). */
    private Var input(Tape tape, Batch batch, PackedSequence.Structure st) {
        int[] seq = st.rowSequence();
        int[] step = st.rowStep();
        if (spec.input() == Seq2VecSpec.Input.TOKENS) {
            if (batch.tokens() == null) {
                throw new IllegalArgumentException("this model reads token ids but the batch holds feature vectors");
            }
            return embedding.forward(tape, st.gather(batch.tokens()));
        }
        if (batch.features() == null) {
            throw new IllegalArgumentException("this model reads feature vectors but the batch holds token ids");
        }
        int f = spec.features();
        if (batch.featureWidth() != f) {
            throw new IllegalArgumentException("the batch has " + batch.featureWidth() + " features per step but the"
                    + " model expects features = " + f);
        }
        float[] flat = new float[st.rows() * f];
        for (int row = 0; row < st.rows(); row++) {
            System.arraycopy(batch.features()[seq[row]][step[row]], 0, flat, row * f, f);
        }
        Tensor t = tape.workspace().allocateUninitialized(Shape.of(st.rows(), f)).copyFrom(flat);
        return tape.constant(t);
    }

    /** Logits (classification) or predicted values (regression): (B, outputs), in batch order. */
    public Var forward(Tape tape, Batch batch, boolean training) {
        Var pooled = encode(tape, batch, training).pooled();
        return head.forward(tape, dropout.forward(pooled, training));
    }

    /**
     * The training loss of a labelled batch: mean softmax cross-entropy over the sequences
     * (classification, needs labels), or the mean squared error over all target values
     * (regression, needs targets of width outputs). Dropout applies when {@code training}.
     */
    public Var loss(Tape tape, Batch batch, boolean training) {
        int b = batch.size();
        if (spec.task() == Seq2VecSpec.Task.CLASSIFICATION) {
            if (batch.labels() == null) {
                throw new IllegalArgumentException("classification needs a batch with labels");
            }
            for (int i = 0; i < b; i++) {
                int c = batch.labels()[i];
                if (c < 0 || c >= spec.outputs()) {
                    throw new IllegalArgumentException("label " + c + " of sequence " + i + " is outside [0, "
                            + spec.outputs() + ")");
                }
            }
            return Losses.crossEntropy(forward(tape, batch, training), batch.labels());
        }
        if (batch.targets() == null) {
            throw new IllegalArgumentException("regression needs a batch with targets");
        }
        int o = spec.outputs();
        if (batch.targets()[0].length != o) {
            throw new IllegalArgumentException("targets have " + batch.targets()[0].length + " values but the model"
                    + " predicts outputs = " + o);
        }
        float[] flat = new float[b * o];
        for (int i = 0; i < b; i++) {
            System.arraycopy(batch.targets()[i], 0, flat, i * o, o);
        }
        Var pred = forward(tape, batch, training);
        Tensor target = tape.workspace().allocateUninitialized(Shape.of(b, o)).copyFrom(flat);
        return Losses.mse(pred, target, Losses.Reduction.MEAN);
    }

    /**
     * Inference on {@code tape} (nothing recorded, no dropout): class probabilities (softmax of
     * the logits) or regression values, one row per sequence. The caller resets the workspace.
     */
    public float[][] predictScores(Tape tape, Batch batch) {
        try (Tape.Scope ignored = tape.noGrad()) {
            Var y = forward(tape, batch, false);
            if (spec.task() == Seq2VecSpec.Task.CLASSIFICATION) {
                y = Reduce.softmax(y);
            }
            int o = spec.outputs();
            float[] flat = y.value().toArray();
            float[][] out = new float[batch.size()][o];
            for (int i = 0; i < out.length; i++) {
                System.arraycopy(flat, i * o, out[i], 0, o);
            }
            return out;
        }
    }

    /** As {@link #predictScores(Tape, Batch)}, in chunks on a workspace the model keeps. */
    public float[][] predictScores(Batch batch) {
        float[][] out = new float[batch.size()][];
        for (int from = 0; from < batch.size(); from += PREDICT_CHUNK) {
            int to = Math.min(batch.size(), from + PREDICT_CHUNK);
            try (WorkspacePool.Lease ws = inference.borrow()) {
                float[][] part = predictScores(new Tape(ws.workspace()), from == 0 && to == batch.size() ? batch
                        : batch.slice(from, to));
                System.arraycopy(part, 0, out, from, part.length);
            }
        }
        return out;
    }

    /** The most likely class of each sequence (classification only). */
    public int[] predictClasses(Batch batch) {
        if (spec.task() != Seq2VecSpec.Task.CLASSIFICATION) {
            throw new IllegalStateException("predictClasses needs a classification model; this one does " + spec.task());
        }
        float[][] scores = predictScores(batch);
        int[] best = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            for (int j = 1; j < scores[i].length; j++) {
                if (scores[i][j] > scores[i][best[i]]) {
                    best[i] = j;
                }
            }
        }
        return best;
    }

    /** Fraction of sequences whose predicted class is the label (classification, labelled batch). */
    public double accuracy(Batch batch) {
        if (batch.labels() == null) {
            throw new IllegalArgumentException("accuracy needs a batch with labels");
        }
        int[] pred = predictClasses(batch);
        int right = 0;
        for (int i = 0; i < pred.length; i++) {
            right += pred[i] == batch.labels()[i] ? 1 : 0;
        }
        return (double) right / pred.length;
    }

    /** Mean squared error over all target values (regression, batch with targets). */
    public double meanSquaredError(Batch batch) {
        if (batch.targets() == null) {
            throw new IllegalArgumentException("meanSquaredError needs a batch with targets");
        }
        float[][] pred = predictScores(batch);
        double sum = 0;
        long n = 0;
        for (int i = 0; i < pred.length; i++) {
            for (int j = 0; j < pred[i].length; j++) {
                double d = pred[i][j] - batch.targets()[i][j];
                sum += d * d;
                n++;
            }
        }
        return sum / n;
    }

    @Override
    public void close() {
        if (embedding != null) {
            embedding.close();
        }
        rnn.close();
        head.close();
        inference.close();
    }

    static {
        // The model assumes the kernel settings are loaded (species, scalar switch) before use.
        Kernels.describe();
    }
}
