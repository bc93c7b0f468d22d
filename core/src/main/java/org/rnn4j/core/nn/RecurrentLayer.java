package org.rnn4j.core.nn;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.core.seq.PackedSequence;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Init;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.core.tensor.Workspace;

/**
 * A multi-layer, optionally bidirectional recurrent layer with PyTorch's {@code nn.RNN/LSTM/GRU}
 * semantics, shapes and parameter names, over variable-length batches.
 *
 * <ul>
 *   <li><b>Dynamic mode</b> ({@link #forward(PackedSequence, Tensor, Tensor, Workspace, boolean)}):
 *       packed input; each step runs only the sequences still active, so padding costs nothing.</li>
 *   <li><b>Static mode</b> ({@link #forwardStatic}): padded input; every step runs the whole
 *       batch and finished rows are frozen. Same results; it exists to measure what dynamic mode
 *       saves.</li>
 * </ul>
 * The reverse direction of a bidirectional layer starts at each sequence's own last step.
 * Activations for backward go to the caller's {@link Workspace}; an inference pass keeps none.
 */
public sealed class RecurrentLayer implements Module, AutoCloseable permits SimpleRnn, Lstm, Gru {
    private final RecurrentSpec spec;
    private final List<Parameter> params = new ArrayList<>();
    private final RecurrentDirection[] dirs;   // layer * directions + direction
    private final SplittableRandom dropoutRng;

    /**
     * Creates the parameters in {@code alloc}, initialised as PyTorch does: every weight and bias
     * uniform in [-1/sqrt(hidden), 1/sqrt(hidden)], from {@code seed}.
     */
    protected RecurrentLayer(RecurrentSpec spec, Allocator alloc, long seed) {
        this.spec = spec;
        int d = spec.directions();
        int h = spec.hiddenSize();
        int p = spec.outSize();
        int gh = spec.cell().gates * h;
        this.dirs = new RecurrentDirection[spec.numLayers() * d];
        SplittableRandom seeds = new SplittableRandom(seed);
        float bound = (float) (1.0 / Math.sqrt(h));
        for (int l = 0; l < spec.numLayers(); l++) {
            for (int dir = 0; dir < d; dir++) {
                String sfx = "_l" + l + (dir == 1 ? "_reverse" : "");
                int in = spec.layerInput(l);
                Parameter wIh = param("weight_ih" + sfx, Shape.of(gh, in), alloc, bound, seeds);
                Parameter wHh = param("weight_hh" + sfx, Shape.of(gh, p), alloc, bound, seeds);
                Parameter bIh = spec.bias() ? param("bias_ih" + sfx, Shape.of(gh), alloc, bound, seeds) : null;
                Parameter bHh = spec.bias() ? param("bias_hh" + sfx, Shape.of(gh), alloc, bound, seeds) : null;
                Parameter wHr = spec.projSize() > 0 ? param("weight_hr" + sfx, Shape.of(p, h), alloc, bound, seeds) : null;
                dirs[l * d + dir] = new RecurrentDirection(spec.cell(), in, h, p, dir == 1, wIh, wHh, bIh, bHh, wHr);
            }
        }
        this.dropoutRng = seeds.split();
    }

    /** The layer class for the spec's cell: {@link SimpleRnn}, {@link Lstm} or {@link Gru}. */
    public static RecurrentLayer create(RecurrentSpec spec, Allocator alloc, long seed) {
        return switch (spec.cell()) {
            case RNN_TANH, RNN_RELU -> new SimpleRnn(spec, alloc, seed);
            case LSTM -> new Lstm(spec, alloc, seed);
            case GRU -> new Gru(spec, alloc, seed);
        };
    }

    /**
     * A layer for {@code spec} holding the weights of {@code stateDict} (PyTorch names:
     * {@code weight_ih_l0}, {@code bias_hh_l1_reverse}, ...), strict: every parameter present with
     * its shape and no other tensor, or an error listing what is missing, unexpected or of the
     * wrong shape. Nothing is initialised at random first that a caller could see; dropout between
     * layers draws from a fixed seed (0).
     */
    public static RecurrentLayer fromStateDict(RecurrentSpec spec, java.util.Map<String, Tensor> stateDict,
                                               Allocator alloc) {
        return fromStateDict(spec, stateDict, alloc, true);
    }

    /** As {@link #fromStateDict(RecurrentSpec, java.util.Map, Allocator)}; not strict: extra tensors are ignored. */
    public static RecurrentLayer fromStateDict(RecurrentSpec spec, java.util.Map<String, Tensor> stateDict,
                                               Allocator alloc, boolean strict) {
        RecurrentLayer layer = create(spec, alloc, 0);
        List<String> problems = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Parameter p : layer.params) {
            names.add(p.name());
            Tensor t = stateDict.get(p.name());
            if (t == null) {
                problems.add("missing '" + p.name() + "' " + p.shape());
            } else if (!t.shape().equals(p.shape())) {
                problems.add("'" + p.name() + "' is " + t.shape() + ", the layer needs " + p.shape());
            } else if (!t.isUsable()) {
                problems.add("'" + p.name() + "' was closed (or its allocator was)");
            }
        }
        if (strict) {
            for (String k : stateDict.keySet()) {
                if (!names.contains(k)) {
                    problems.add("unexpected '" + k + "' (not a parameter of " + spec + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            layer.close();
            throw new IllegalArgumentException("state dict does not fit " + layer.getClass().getSimpleName() + " " + spec + ": "
                    + String.join("; ", problems));
        }
        try {
            for (Parameter p : layer.params) {
                p.value().copyFrom(stateDict.get(p.name()));
            }
        } catch (RuntimeException e) {
            layer.close();
            throw e;
        }
        return layer;
    }

    private Parameter param(String name, Shape shape, Allocator alloc, float bound, SplittableRandom seeds) {
        Parameter p = new Parameter(name, shape, alloc);
        Init.uniform(p.value(), -bound, bound, seeds.nextLong());
        params.add(p);
        return p;
    }

    public RecurrentSpec spec() {
        return spec;
    }

    /** Parameters in PyTorch state_dict order. */
    @Override
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(params);
    }

    /** The parameter with this state_dict name. */
    public Parameter parameter(String name) {
        for (Parameter p : params) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no parameter '" + name + "' in " + getClass().getSimpleName() + "; it has "
                + params.stream().map(Parameter::name).toList());
    }

    /**
     * Dynamic-mode forward over a packed batch. {@code h0} (layers * directions, B, outSize) and
     * {@code c0} (layers * directions, B, hidden; LSTM only) are optional (zeros), in the original
     * batch order. {@code training} applies dropout between layers and keeps the activations for
     * {@link #backward}; otherwise nothing is kept.
     */
    public RecurrentResult forward(PackedSequence x, Tensor h0, Tensor c0, Workspace ws, boolean training) {
        return forward(x, h0, c0, ws, training, training);
    }

    /**
     * As {@link #forward(PackedSequence, Tensor, Tensor, Workspace, boolean)}, with keeping the
     * activations for backward ({@code keepTrace}) and applying dropout chosen separately.
     */
    public RecurrentResult forward(PackedSequence x, Tensor h0, Tensor c0, Workspace ws, boolean keepTrace,
                                   boolean applyDropout) {
        return forward(x, h0, c0, ws, keepTrace, applyDropout,
                new RecurrentResult.Input(RecurrentResult.Input.Kind.PACKED, x.steps(), spec.batchFirst()));
    }

    private RecurrentResult forward(PackedSequence x, Tensor h0, Tensor c0, Workspace ws, boolean keepTrace,
                                    boolean applyDropout, RecurrentResult.Input input) {
        checkInput(x.features(), "packed input " + x.data().shape());
        return run(StepLayout.dynamic(x.batchSizes()), x.data(), x.sortedIndices(), h0, c0, ws, keepTrace,
                applyDropout, x, input);
    }

    /**
     * Dynamic-mode forward over a padded batch — (T, B, inputSize), or (B, T, inputSize) when the
     * spec is batch-first — packed internally (lengths in any order; PyTorch's
     * {@code pack_padded_sequence(x, lengths, enforce_sorted=False)} then the layer). The output
     * stays packed ({@link #unpackOutput} pads it again); {@link #backward} takes the output
     * gradient padded or packed and returns the input gradient padded like {@code padded}.
     */
    public RecurrentResult forward(Tensor padded, int[] lengths, Tensor h0, Tensor c0, Workspace ws, boolean training) {
        PackedSequence packed = PackedSequence.pack(padded, lengths, spec.batchFirst(), false, ws);
        return forward(packed, h0, c0, ws, training, training, new RecurrentResult.Input(RecurrentResult.Input.Kind.PADDED,
                padded.dim(spec.batchFirst() ? 1 : 0), spec.batchFirst()));
    }

    /**
     * The padded output (T, B, D*P) or (B, T, D*P) of a result: T is the longest sequence of a
     * dynamic-mode result, the padded input's T of a static one.
     */
    public Tensor unpackOutput(RecurrentResult r, Workspace ws) {
        return r.output().unpack(r.output().steps(), spec.batchFirst(), ws);
    }

    /**
     * The padded output padded to {@code totalLength} steps (PyTorch's
     * {@code pad_packed_sequence(out, total_length=T)}), zeros past each sequence's end.
     */
    public Tensor unpackOutput(RecurrentResult r, int totalLength, Workspace ws) {
        return r.output().unpack(totalLength, spec.batchFirst(), ws);
    }

    /**
     * Static-mode forward: {@code padded} is (T, B, inputSize), or (B, T, inputSize) for a
     * batch-first layer; every step runs all B rows, finished rows are frozen and output zeros.
     * The output's data is the padded (T*B, D*P) block, step-major (time-first whatever the
     * layer's layout; {@link #unpackOutput} gives it in the layer's layout).
     */
    public RecurrentResult forwardStatic(Tensor padded, int[] lengths, Tensor h0, Tensor c0, Workspace ws,
                                         boolean training) {
        if (padded.rank() != 3) {
            throw new IllegalArgumentException("static mode needs a padded " + (spec.batchFirst() ? "(B, T, inputSize)"
                    : "(T, B, inputSize)") + " tensor, got " + padded.shape());
        }
        if (spec.batchFirst()) {
            padded = padded.transpose(0, 1, ws);   // (B, T, F) -> (T, B, F)
        }
        int steps = padded.dim(0);
        int batch = padded.dim(1);
        checkInput(padded.dim(2), "padded input " + padded.shape());
        if (lengths.length != batch) {
            throw new IllegalArgumentException("got " + lengths.length + " lengths for a batch of " + batch);
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 1 || lengths[b] > steps) {
                throw new IllegalArgumentException("length " + lengths[b] + " of sequence " + b + " is outside [1, "
                        + steps + "]");
            }
        }
        int[] identity = new int[batch];
        for (int b = 0; b < batch; b++) {
            identity[b] = b;
        }
        Tensor rows = padded.reshape(steps * batch, padded.dim(2));
        return run(StepLayout.padded(steps, lengths), rows, identity, h0, c0, ws, training, training, null,
                new RecurrentResult.Input(RecurrentResult.Input.Kind.STATIC, steps, spec.batchFirst()));
    }

    private void checkInput(int features, String what) {
        if (features != spec.inputSize()) {
            throw new IllegalArgumentException("input size mismatch: " + what + " has " + features
                    + " features but the layer expects inputSize " + spec.inputSize());
        }
    }

    private RecurrentResult run(StepLayout lay, Tensor input, int[] sorted, Tensor h0, Tensor c0, Workspace ws,
                                boolean training, boolean applyDropout, PackedSequence packed,
                                RecurrentResult.Input given) {
        int layers = spec.numLayers();
        int d = spec.directions();
        int b = lay.batch();
        int p = spec.outSize();
        int h = spec.hiddenSize();
        boolean lstm = spec.cell() == CellType.LSTM;
        checkState("h0", h0, layers * d, b, p);
        if (lstm) {
            checkState("c0", c0, layers * d, b, h);
        } else if (c0 != null) {
            throw new IllegalArgumentException("c0 is only for LSTM; this layer is " + spec.cell());
        }
        Tensor hN = ws.allocate(layers * d, b, p);
        Tensor cN = lstm ? ws.allocate(layers * d, b, h) : null;
        RecurrentTrace trace = training ? new RecurrentTrace(lay, sorted, layers, d) : null;
        Tensor x = input;
        Tensor output = null;
        for (int l = 0; l < layers; l++) {
            if (l > 0 && applyDropout && spec.dropout() > 0f) {
                Tensor mask = dropoutMask(x.shape(), ws);
                Tensor dropped = ws.allocateUninitialized(x.shape());
                org.rnn4j.core.kernel.Elementwise.mul(x.size(), x.data(), 0, mask.data(), 0, dropped.data(), 0);
                if (trace != null) {
                    trace.dropoutMasks[l] = mask;
                }
                x = dropped;
            }
            if (trace != null) {
                trace.layerInputs[l] = x;
            }
            output = ws.allocateUninitialized(Shape.of(lay.rows(), d * p));
            for (int dir = 0; dir < d; dir++) {
                int k = l * d + dir;
                Tensor hState = ws.allocateUninitialized(Shape.of(b, p));
                Tensor cState = lstm ? ws.allocateUninitialized(Shape.of(b, h)) : null;
                loadState(h0, k, sorted, hState);
                if (lstm) {
                    loadState(c0, k, sorted, cState);
                }
                RecurrentTrace.DirectionTrace dt = null;
                if (trace != null) {
                    dt = new RecurrentTrace.DirectionTrace();
                    trace.directions[k] = dt;
                }
                dirs[k].forward(lay, x, output, dir * p, hState, cState, dt, ws);
                storeState(hState, k, sorted, hN);
                if (lstm) {
                    storeState(cState, k, sorted, cN);
                }
            }
            x = output;
        }
        PackedSequence out = packed != null ? packed.withData(output)
                : new PackedSequence(output, lay.batchSizes(), sorted, sorted);
        return new RecurrentResult(out, hN, cN, trace, given);
    }

    /**
     * Backward from the gradients of the output ({@code dOutput}), of h_n and of c_n — any may be
     * null (zero). {@code dOutput} is either the output rows' gradient (the shape of
     * {@code result.output().data()}) or, for a result of a padded forward pass, the padded output's
     * gradient — (T, B, D*P), or (B, T, D*P) for a batch-first layer, T at least the longest
     * sequence (PyTorch's {@code output.backward(grad)} on the padded output; positions past a
     * sequence's end are ignored). Adds into every parameter's gradient and returns the gradients
     * of the input (in the layout forward was given it), h0 and c0.
     */
    public RecurrentGrads backward(RecurrentResult result, Tensor dOutput, Tensor dhN, Tensor dcN, Workspace ws) {
        RecurrentGrads g = backwardRows(result, rowsOf(result, dOutput, ws), dhN, dcN, ws);
        return new RecurrentGrads(inputLayout(result, g.dInput(), ws), g.dh0(), g.dc0());
    }

    /** The output gradient as output rows: as given, or a padded gradient packed like the result. */
    private Tensor rowsOf(RecurrentResult result, Tensor dOutput, Workspace ws) {
        if (dOutput == null || dOutput.rank() != 3) {
            return dOutput;
        }
        RecurrentResult.Input in = result.input();
        int width = result.output().features();
        if (dOutput.dim(2) != width) {
            throw new IllegalArgumentException("dOutput " + dOutput.shape() + " does not match the output width " + width);
        }
        // A static output has batch sizes [B]*T in identity order: packing like it gives its step-major rows.
        return result.output().packLike(dOutput, in.batchFirst(), ws).data();
    }

    /** The input rows' gradient in the layout the forward pass was given its input. */
    private static Tensor inputLayout(RecurrentResult result, Tensor dx, Workspace ws) {
        RecurrentResult.Input in = result.input();
        return switch (in.kind()) {
            case PACKED -> dx;
            case PADDED -> result.output().withData(dx).unpack(in.steps(), in.batchFirst(), ws);
            case STATIC -> {
                Tensor t = dx.reshape(in.steps(), result.output().batch(), dx.dim(1));
                yield in.batchFirst() ? t.transpose(0, 1, ws) : t;
            }
        };
    }

    private RecurrentGrads backwardRows(RecurrentResult result, Tensor dOutput, Tensor dhN, Tensor dcN, Workspace ws) {
        RecurrentTrace trace = result.trace();
        if (trace == null) {
            throw new IllegalStateException("backward needs the trace of a training forward pass (training = true)");
        }
        StepLayout lay = trace.layout;
        int layers = spec.numLayers();
        int d = spec.directions();
        int b = lay.batch();
        int p = spec.outSize();
        int h = spec.hiddenSize();
        boolean lstm = spec.cell() == CellType.LSTM;
        if (dOutput != null && !dOutput.shape().equals(result.output().data().shape())) {
            throw new IllegalArgumentException("dOutput " + dOutput.shape() + " does not match the output "
                    + result.output().data().shape());
        }
        checkState("dhN", dhN, layers * d, b, p);
        if (lstm) {
            checkState("dcN", dcN, layers * d, b, h);
        }
        Tensor dh0 = ws.allocate(layers * d, b, p);
        Tensor dc0 = lstm ? ws.allocate(layers * d, b, h) : null;
        Tensor dOut = dOutput;
        Tensor dx = null;
        for (int l = layers - 1; l >= 0; l--) {
            Tensor x = trace.layerInputs[l];
            dx = ws.allocate(x.shape());
            for (int dir = 0; dir < d; dir++) {
                int k = l * d + dir;
                Tensor dhState = ws.allocateUninitialized(Shape.of(b, p));
                Tensor dcState = lstm ? ws.allocateUninitialized(Shape.of(b, h)) : null;
                loadState(dhN, k, trace.sortedIndices, dhState);
                if (lstm) {
                    loadState(dcN, k, trace.sortedIndices, dcState);
                }
                dirs[k].backward(lay, x, dOut, dir * p, dhState, dcState, trace.directions[k], dx, ws);
                storeState(dhState, k, trace.sortedIndices, dh0);
                if (lstm) {
                    storeState(dcState, k, trace.sortedIndices, dc0);
                }
            }
            if (trace.dropoutMasks[l] != null) {
                Tensor mask = trace.dropoutMasks[l];
                org.rnn4j.core.kernel.Elementwise.mul(dx.size(), dx.data(), 0, mask.data(), 0, dx.data(), 0);
            }
            dOut = dx;
        }
        return new RecurrentGrads(dx, dh0, dc0);
    }

    private Tensor dropoutMask(Shape shape, Workspace ws) {
        Tensor mask = ws.allocateUninitialized(shape);
        float keep = 1f - spec.dropout();
        float scale = 1f / keep;
        MemorySegment m = mask.data();
        for (long i = 0, n = mask.size(); i < n; i++) {
            m.setAtIndex(org.rnn4j.core.kernel.Kernels.F32, i, dropoutRng.nextFloat() < keep ? scale : 0f);
        }
        return mask;
    }

    private static void checkState(String name, Tensor t, int layersDirs, int batch, int width) {
        if (t != null && !t.shape().equals(Shape.of(layersDirs, batch, width))) {
            throw new IllegalArgumentException("Expected " + name + " of shape " + Shape.of(layersDirs, batch, width)
                    + " (layers * directions, batch, size), got " + t.shape());
        }
    }

    /** state[r] = src[k][sorted[r]] (or zeros). */
    private static void loadState(Tensor src, int k, int[] sorted, Tensor state) {
        int w = state.dim(1);
        MemorySegment dst = state.data();
        if (src == null) {
            dst.fill((byte) 0);
            return;
        }
        MemorySegment s = src.data();
        int batch = state.dim(0);
        for (int r = 0; r < batch; r++) {
            RecurrentDirection.copyRows(s, ((long) k * batch + sorted[r]) * w, dst, (long) r * w, w);
        }
    }

    /** dst[k][sorted[r]] = state[r]. */
    private static void storeState(Tensor state, int k, int[] sorted, Tensor dst) {
        int w = state.dim(1);
        int batch = state.dim(0);
        MemorySegment s = state.data();
        MemorySegment d = dst.data();
        for (int r = 0; r < batch; r++) {
            RecurrentDirection.copyRows(s, (long) r * w, d, ((long) k * batch + sorted[r]) * w, w);
        }
    }

    @Override
    public void close() {
        params.forEach(Parameter::close);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + spec;
    }
}
