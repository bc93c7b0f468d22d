package org.rnn4j.core.nn;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.core.tensor.Shape;

/**
 * Where each parameter of a model sits in one flat float buffer: name → offset and shape, in the
 * model's order. A reduction or broadcast over a model is then one call over one buffer
 * ({@code count()} floats); checkpoints and collectives go by the names.
 *
 * <p>The parameters keep their own memory: {@link #gatherGrads} and {@link #scatterGrads} (and
 * the value pair) copy between them and a flat buffer, one contiguous copy per tensor.
 */
public final class ParameterIndex {

    /** One parameter's place: floats {@code [offset, offset + count)} of the flat buffer. */
    public record Entry(String name, long offset, Shape shape, long count) {
    }

    private final List<Entry> entries;
    private final Map<String, Entry> byName;
    private final long count;

    private ParameterIndex(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        Map<String, Entry> m = new LinkedHashMap<>();
        long n = 0;
        for (Entry e : entries) {
            m.put(e.name(), e);
            n += e.count();
        }
        this.byName = m;
        this.count = n;
    }

    /** The index of {@code params} in their order (names must be distinct). */
    public static ParameterIndex of(List<Parameter> params) {
        List<Entry> out = new ArrayList<>(params.size());
        Map<String, Boolean> seen = new LinkedHashMap<>();
        long off = 0;
        for (Parameter p : params) {
            if (seen.put(p.name(), true) != null) {
                throw new IllegalArgumentException("parameter name '" + p.name() + "' appears twice");
            }
            long n = p.value().size();
            out.add(new Entry(p.name(), off, p.shape(), n));
            off += n;
        }
        return new ParameterIndex(out);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The entry named {@code name}, or null. */
    public Entry entry(String name) {
        return byName.get(name);
    }

    /** Floats in the flat buffer. */
    public long count() {
        return count;
    }

    /** True if {@code params} have this index's names and shapes, in its order. */
    public boolean matches(List<Parameter> params) {
        if (params.size() != entries.size()) {
            return false;
        }
        for (int i = 0; i < params.size(); i++) {
            Entry e = entries.get(i);
            if (!e.shape().equals(params.get(i).shape())) {
                return false;
            }
        }
        return true;
    }

    private void check(List<Parameter> params, MemorySegment flat) {
        if (!matches(params)) {
            throw new IllegalArgumentException("parameters " + params + " do not match the index " + entries);
        }
        if (flat.byteSize() < count * Float.BYTES) {
            throw new IllegalArgumentException("flat buffer of " + flat.byteSize() + " bytes is smaller than "
                    + count + " floats");
        }
    }

    /** Copies each parameter's gradient into its slice of {@code flat}. */
    public void gatherGrads(List<Parameter> params, MemorySegment flat) {
        check(params, flat);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            MemorySegment.copy(params.get(i).grad().data(), 0, flat, e.offset() * Float.BYTES, e.count() * Float.BYTES);
        }
    }

    /** Copies each slice of {@code flat} into its parameter's gradient. */
    public void scatterGrads(MemorySegment flat, List<Parameter> params) {
        check(params, flat);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            MemorySegment.copy(flat, e.offset() * Float.BYTES, params.get(i).grad().data(), 0, e.count() * Float.BYTES);
        }
    }

    /** Copies each parameter's value into its slice of {@code flat}. */
    public void gatherValues(List<Parameter> params, MemorySegment flat) {
        check(params, flat);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            MemorySegment.copy(params.get(i).value().data(), 0, flat, e.offset() * Float.BYTES,
                    e.count() * Float.BYTES);
        }
    }

    /** Copies each slice of {@code flat} into its parameter's value. */
    public void scatterValues(MemorySegment flat, List<Parameter> params) {
        check(params, flat);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            MemorySegment.copy(flat, e.offset() * Float.BYTES, params.get(i).value().data(), 0,
                    e.count() * Float.BYTES);
        }
    }
}
