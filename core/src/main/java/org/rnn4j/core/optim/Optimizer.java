package org.rnn4j.core.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Tensor;

/**
 * A first-order optimizer over a fixed list of {@link Parameter}s: {@link #step()} updates every
 * parameter's value from its gradient, following PyTorch's formula for the optimizer (see
 * docs/optimizers.md).
 *
 * <p>Promises:
 * <ul>
 * <li>Deterministic: parameters are updated one after another in list order on the calling
 * thread, elementwise, so the same inputs give bit-identical results on every run (at a given
 * vector width; see {@link OptimKernels}).</li>
 * <li>Checkpoints: {@link #state()} (the per-parameter tensors, named {@code <kind>.<param name>},
 * e.g. {@code exp_avg.weight_ih_l0}) and {@link #stateMetadata()} (optimizer name, step count,
 * learning rate and hyper-parameters, as strings) capture everything a step reads, so
 * {@link #loadState} into a fresh optimizer built the same way makes the following steps
 * bit-identical to an uninterrupted run.</li>
 * <li>State tensors live in a {@link NativeAllocator} this optimizer owns; {@link #close()} frees
 * them (the parameters belong to the caller and stay open).</li>
 * </ul>
 * Not thread-safe: one thread steps an optimizer at a time.
 */
public abstract class Optimizer implements AutoCloseable {
    /** Metadata keys every optimizer writes. */
    public static final String KEY_OPTIMIZER = "optimizer";
    public static final String KEY_STEPS = "steps";
    public static final String KEY_LR = "lr";

    private final String name;
    private final List<Parameter> params;
    private final NativeAllocator alloc;
    private final Map<String, Tensor> state = new LinkedHashMap<>();
    private float lr;
    private long steps;
    private boolean closed;

    /**
     * @param name the optimizer's name as written under {@link #KEY_OPTIMIZER} ("Adam", ...)
     * @param params at least one parameter, names unique (state names are derived from them)
     * @param lr the learning rate, finite and >= 0
     */
    protected Optimizer(String name, List<Parameter> params, float lr) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(params, "params");
        if (params.isEmpty()) {
            throw new IllegalArgumentException(name + " got an empty parameter list");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = Objects.requireNonNull(params.get(i), "params[" + i + "]");
            if (p.name() == null || p.name().isEmpty()) {
                throw new IllegalArgumentException("params[" + i + "] has no name; optimizer state is keyed by name");
            }
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException("parameter name '" + p.name() + "' appears twice in params"
                        + " (at index " + i + "); names must be unique");
            }
        }
        this.params = List.copyOf(params);
        this.lr = Check.nonNegative("lr", lr);
        this.alloc = new NativeAllocator("optimizer " + name);
    }

    /** Runs one update of every parameter from its current gradient, then counts the step. */
    public final void step() {
        ensureOpen();
        update(steps + 1);
        steps++;
    }

    /**
     * Updates every parameter; {@code step} is the 1-based number of this update (the step count
     * after it), as PyTorch's per-parameter {@code state['step']}.
     */
    protected abstract void update(long step);

    /** The hyper-parameters other than lr, in a fixed order; values are Float or Boolean. */
    protected abstract Map<String, Object> hyperParameters();

    /** Clears the gradient of every parameter. */
    public void zeroGrad() {
        for (Parameter p : params) {
            p.zeroGrad();
        }
    }

    public final float learningRate() {
        return lr;
    }

    /** Sets the learning rate for the following steps (schedules call this before each step). */
    public final void setLearningRate(float lr) {
        this.lr = Check.nonNegative("lr", lr);
    }

    /** Number of completed {@link #step()} calls, including those restored by {@link #loadState}. */
    public final long steps() {
        return steps;
    }

    /** The parameters, in the order they are updated. */
    public final List<Parameter> parameters() {
        return params;
    }

    /** The optimizer's name in checkpoints: "Sgd", "Adam", "AdamW", "RmsProp". */
    public final String name() {
        return name;
    }

    /**
     * The state tensors by name, in a fixed order (each parameter's state kinds in turn). The
     * tensors are live: they belong to this optimizer and change with each step; copy them
     * ({@link Tensor#toArray()}) to keep a snapshot. Empty for stateless optimizers (plain SGD).
     */
    public final Map<String, Tensor> state() {
        ensureOpen();
        return Collections.unmodifiableMap(state);
    }

    /**
     * Name, step count, learning rate and hyper-parameters as strings ({@code optimizer},
     * {@code steps}, {@code lr}, then e.g. {@code beta1}, {@code weight_decay}). Floats are
     * written by {@link Float#toString}, which reads back exactly.
     */
    public final Map<String, String> stateMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(KEY_OPTIMIZER, name);
        m.put(KEY_STEPS, Long.toString(steps));
        m.put(KEY_LR, Float.toString(lr));
        for (Map.Entry<String, Object> e : hyperParameters().entrySet()) {
            m.put(e.getKey(), e.getValue().toString());
        }
        return m;
    }

    /**
     * Restores a state saved from {@link #state()} and {@link #stateMetadata()}: the state tensors,
     * the step count and the learning rate. The tensor names must be exactly this optimizer's
     * state names, each with its parameter's size; the metadata must name this optimizer, hold
     * exactly the keys {@link #stateMetadata()} writes, and its hyper-parameters must equal this
     * optimizer's (they are fixed at construction; build the optimizer as the checkpoint was built).
     * Everything is checked before anything changes: on error this optimizer is left as it was.
     *
     * @throws IllegalArgumentException naming the first problem found
     */
    public final void loadState(Map<String, float[]> tensors, Map<String, String> metadata) {
        ensureOpen();
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        String kind = metadata.get(KEY_OPTIMIZER);
        if (!name.equals(kind)) {
            throw new IllegalArgumentException("state metadata '" + KEY_OPTIMIZER + "' is " + quote(kind)
                    + ", this optimizer is '" + name + "'");
        }
        Map<String, Object> hyper = hyperParameters();
        Set<String> expectedKeys = new TreeSet<>(List.of(KEY_OPTIMIZER, KEY_STEPS, KEY_LR));
        expectedKeys.addAll(hyper.keySet());
        checkNames("metadata key", expectedKeys, metadata.keySet());

        long newSteps;
        try {
            newSteps = Long.parseLong(metadata.get(KEY_STEPS));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("state metadata '" + KEY_STEPS + "' must be an integer >= 0, got "
                    + quote(metadata.get(KEY_STEPS)));
        }
        if (newSteps < 0) {
            throw new IllegalArgumentException("state metadata '" + KEY_STEPS + "' must be an integer >= 0, got "
                    + newSteps);
        }
        float newLr = Check.nonNegative("state metadata 'lr'", parseFloat(KEY_LR, metadata.get(KEY_LR)));
        for (Map.Entry<String, Object> e : hyper.entrySet()) {
            String saved = metadata.get(e.getKey());
            boolean same;
            if (e.getValue() instanceof Boolean b) {
                if (!"true".equals(saved) && !"false".equals(saved)) {
                    throw new IllegalArgumentException("state metadata '" + e.getKey()
                            + "' must be true or false, got " + quote(saved));
                }
                same = b == Boolean.parseBoolean(saved);
            } else {
                same = parseFloat(e.getKey(), saved) == (Float) e.getValue();
            }
            if (!same) {
                throw new IllegalArgumentException("state metadata '" + e.getKey() + "' is " + saved
                        + " but this optimizer has " + e.getKey() + " = " + e.getValue()
                        + "; build the optimizer with the checkpoint's hyper-parameters");
            }
        }

        checkNames("state tensor", new TreeSet<>(state.keySet()), tensors.keySet());
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            float[] values = tensors.get(e.getKey());
            if (values == null) {
                throw new IllegalArgumentException("state tensor '" + e.getKey() + "' is null");
            }
            if (values.length != e.getValue().size()) {
                throw new IllegalArgumentException("state tensor '" + e.getKey() + "' has " + values.length
                        + " floats, expected " + e.getValue().size() + " (parameter shape " + e.getValue().shape()
                        + ")");
            }
        }

        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            e.getValue().copyFrom(tensors.get(e.getKey()));
        }
        steps = newSteps;
        lr = newLr;
    }

    /** Allocates a zero state tensor {@code <kind>.<param name>} shaped like the parameter. */
    protected final Tensor newState(String kind, Parameter p) {
        String key = kind + "." + p.name();
        Tensor t = alloc.allocate(p.shape());
        t.fill(0f);
        state.put(key, t);
        return t;
    }

    /** Frees every state tensor; idempotent. Later calls to step, state or loadState throw. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Tensor t : state.values()) {
            t.close();
        }
        state.clear();
        alloc.close();
    }

    protected final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(name + " optimizer is closed");
        }
    }

    private static void checkNames(String what, Set<String> expected, Set<String> actual) {
        List<String> missing = new ArrayList<>();
        for (String k : expected) {
            if (!actual.contains(k)) {
                missing.add(k);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String k : actual) {
            if (!expected.contains(k)) {
                unexpected.add(String.valueOf(k));
            }
        }
        Collections.sort(unexpected);
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException(what + " names do not match this optimizer's: missing "
                    + first(missing) + ", unexpected " + first(unexpected) + " (expected " + expected.size()
                    + " names, got " + actual.size() + ")");
        }
    }

    /** At most 10 names, then how many more. */
    private static String first(List<String> names) {
        if (names.size() <= 10) {
            return names.toString();
        }
        return "[" + String.join(", ", names.subList(0, 10)) + ", ... " + (names.size() - 10) + " more]";
    }

    private static float parseFloat(String key, String value) {
        try {
            return Float.parseFloat(Objects.requireNonNull(value));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("state metadata '" + key + "' must be a number, got " + quote(value));
        }
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }

    @Override
    public String toString() {
        return stateMetadata().toString();
    }
}
