package org.rnn4j.core.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Something with trainable parameters. Names are local ({@code weight}, {@code weight_ih_l0});
 * a model gives each module a prefix ({@code encoder.rnn.}) with {@link #named}, which yields the
 * names of a PyTorch state_dict.
 */
public interface Module {

    /** The parameters, in a fixed order (PyTorch's where there is one). */
    List<Parameter> parameters();

    /**
     * Parameters under {@code prefix + name}, in order: aliases ({@link Parameter#withName})
     * sharing the module's memory, so optimizers and checkpoints see unique state_dict names.
     */
    static Map<String, Parameter> named(String prefix, Module m) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Parameter p : m.parameters()) {
            out.put(prefix + p.name(), p.withName(prefix + p.name()));
        }
        return out;
    }

    default void zeroGrad() {
        parameters().forEach(Parameter::zeroGrad);
    }

    /** Total number of trainable scalars. */
    default long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.value().size();
        }
        return n;
    }
}
