package org.rnn4j.core.nn;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Shape;

/**
 * Where each parameter of a model sits in one flat float buffer: name → offset and shape, in the
 * model's order. A reduction or broadcast over a model is then one call over one buffer
 * ({@code count()} floats); checkpoints and collectives go by the names.
 *
 * <p>When the parameters were made in one flat {@link NativeAllocator} (a model built in
 * {@link NativeAllocator#flatFor}), the index is their actual layout: every gradient is a view
 * into that allocator's gradient region at its entry's offset, and {@link #gradients()} is the
 * region itself — the model's gradients as one buffer, with no copy. Otherwise the parameters
 * keep their own memory, {@link #gradients()} is null, and {@link #gatherGrads} and
 * {@link #scatterGrads} (and the value pair) copy between them and a flat buffer of
 * {@link #count()} floats, one contiguous copy per tensor.
 */
public final class ParameterIndex {

    /** One parameter's place: floats {@code [offset, offset + count)} of the flat buffer. */
    public record Entry(String name, long offset, Shape shape, long count) {
    }

    private final List<Entry> entries;
    private final Map<String, Entry> byName;
    private final long count;
    private final MemorySegment gradients;

    private ParameterIndex(List<Entry> entries, long count, MemorySegment gradients) {
        this.entries = List.copyOf(entries);
        Map<String, Entry> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            m.put(e.name(), e);
        }
        this.byName = m;
        this.count = count;
        this.gradients = gradients;
    }

    /**
     * The index of {@code params} in their order (names must be distinct): their layout in the
     * gradient region of the flat allocator they were all made in, or else a dense packing.
     */
    public static ParameterIndex of(List<Parameter> params) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (Parameter p : params) {
            if (seen.put(p.name(), true) != null) {
                throw new IllegalArgumentException("parameter name '" + p.name() + "' appears twice");
            }
        }
        ParameterIndex flat = flat(params);
        if (flat != null) {
            return flat;
        }
        List<Entry> out = new ArrayList<>(params.size());
        long off = 0;
        for (Parameter p : params) {
            long n = p.value().size();
            out.add(new Entry(p.name(), off, p.shape(), n));
            off += n;
        }
        return new ParameterIndex(out, off, null);
    }

    /** The layout in one flat allocator's gradient region, or null when the parameters are not all there. */
    private static ParameterIndex flat(List<Parameter> params) {
        if (params.isEmpty() || !(params.getFirst().grad().owner() instanceof NativeAllocator a) || !a.isFlat()) {
            return null;
        }
        MemorySegment region = a.gradientRegion();
        long base = region.address();
        List<Entry> out = new ArrayList<>(params.size());
        long end = 0;
        for (Parameter p : params) {
            MemorySegment g = p.grad().data();
            long off = g.address() - base;
            if (p.grad().owner() != a || off < 0 || off + g.byteSize() > region.byteSize() || off % Float.BYTES != 0) {
                return null;
            }
            out.add(new Entry(p.name(), off / Float.BYTES, p.shape(), p.value().size()));
            end = Math.max(end, off + g.byteSize());
        }
        return new ParameterIndex(out, end / Float.BYTES, region);
    }

    /**
     * The model's gradients as one buffer — the flat allocator's gradient region, {@link #count()}
     * floats from its start — or null when the parameters keep memory of their own.
     */
    public MemorySegment gradients() {
        return gradients;
    }

    /** True if {@code o} places the same shapes at the same offsets (a replica built the same way). */
    public boolean sameLayout(ParameterIndex o) {
        if (o.entries.size() != entries.size() || o.count != count) {
            return false;
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry a = entries.get(i);
            Entry b = o.entries.get(i);
            if (a.offset() != b.offset() || !a.shape().equals(b.shape())) {
                return false;
            }
        }
        return true;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The entry named {@code name}, or null. */
    public Entry entry(String name) {
        return byName.get(name);
    }

    /** Floats in the flat buffer (for a flat allocator's layout, up to the end of the last gradient). */
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
            if (!e.shape().equals(params.get(i).shape()) || !e.name().equals(params.get(i).name())) {
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
