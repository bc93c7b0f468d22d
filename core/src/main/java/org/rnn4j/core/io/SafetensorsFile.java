package org.rnn4j.core.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/**
 * An open safetensors file, memory-mapped read-only through FFM in a shared {@link Arena} that it
 * owns: any thread may read it; {@link #close()} unmaps it, after which segments taken from it
 * throw {@link IllegalStateException} on access (FFM checks), never crash.
 *
 * <p>The header is parsed and validated completely by {@link Safetensors#open} (see {@link Header}
 * for the rules), so every accessor works on a known-good layout. Reads of F32 data are zero-copy
 * ({@link #segment}); {@link #toFloatArray}, {@link #copyInto} and {@link #loadInto} also convert
 * F64, F16 and BF16. The file was renamed into place atomically by {@link Safetensors#write}, so a
 * concurrent overwrite never changes an open mapping (it maps the old file).
 *
 * <p>Errors: {@link SafetensorsException} when the file's contents cannot serve the request (a
 * non-floating dtype, a shape mismatch, tensors missing or unexpected); {@link
 * IllegalArgumentException} for a name the file does not have; {@link IllegalStateException} after
 * {@link #close()}.
 */
public final class SafetensorsFile implements AutoCloseable {
    private static final ValueLayout.OfLong U64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final Arena arena;
    private final MemorySegment mapping;
    private final long dataStart;
    private final Header header;
    private volatile boolean closed;

    private SafetensorsFile(Path file, Arena arena, MemorySegment mapping, long dataStart, Header header) {
        this.file = file;
        this.arena = arena;
        this.mapping = mapping;
        this.dataStart = dataStart;
        this.header = header;
    }

    /** Maps and validates; see {@link Safetensors#open(Path)}. */
    static SafetensorsFile open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (java.nio.file.Files.isDirectory(file)) {
            throw Header.fail(file, "is a directory; expected a safetensors file");   // FileChannel said "No such device"
        }
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw Header.fail(file, "truncated: the file has " + size
                        + " byte(s), fewer than the 8-byte header length that starts a safetensors file");
            }
            MemorySegment map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long n = map.get(U64_LE, 0);
            if (n < 0 || n > size - 8) {
                throw Header.fail(file, "the header length in bytes 0-7 is " + Long.toUnsignedString(n)
                        + ", more than the " + (size - 8) + " bytes that follow: truncated, or not a safetensors file");
            }
            if (n > Header.MAX_HEADER_BYTES) {
                throw Header.fail(file, "the header length in bytes 0-7 is " + n + ", more than the limit of "
                        + Header.MAX_HEADER_BYTES + " bytes");
            }
            byte[] json = map.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
            Header header = Header.parse(file, json, size - 8 - n);
            return new SafetensorsFile(file, arena, map, 8 + n, header);
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
    }

    public Path path() {
        return file;
    }

    /** Tensor names in header order ({@code __metadata__} excluded). */
    public List<String> names() {
        ensureOpen();
        return List.copyOf(header.entries.keySet());
    }

    public boolean contains(String name) {
        ensureOpen();
        return header.entries.containsKey(name);
    }

    public Dtype dtype(String name) {
        return entry(name).dtype();
    }

    public Shape shape(String name) {
        return entry(name).shape();
    }

    /** The {@code __metadata__} strings, in header order; empty if the file has none. */
    public Map<String, String> metadata() {
        ensureOpen();
        return header.metadata;
    }

    /**
     * The tensor's bytes in the mapped file, without a copy: read-only, little-endian, in the
     * tensor's own dtype (F32 for files rnn4j writes), valid until {@link #close()}. Not necessarily
     * aligned (files from other writers may not align the data), so read it with the unaligned
     * layouts, e.g. {@code JAVA_FLOAT_UNALIGNED.withOrder(LITTLE_ENDIAN)}.
     */
    public MemorySegment segment(String name) {
        Header.Entry e = entry(name);
        return mapping.asSlice(dataStart + e.begin(), e.end() - e.begin());
    }

    /** The tensor as float32 (converting F64, F16, BF16), row-major. */
    public float[] toFloatArray(String name) throws SafetensorsException {
        Header.Entry e = entry(name);
        requireFloating(e);
        long n = e.shape().size();
        if (n > Integer.MAX_VALUE - 8) {
            throw Header.fail(file, "tensor '" + e.name() + "' " + e.shape() + " has " + n
                    + " elements, too many for a float[]; use copyInto or segment");
        }
        float[] out = new float[(int) n];
        Convert.toFloats(segment(name), e.dtype(), MemorySegment.ofArray(out), n);
        return out;
    }

    /**
     * An integer or BOOL tensor as {@code long}s, row-major (token ids, lengths, PyTorch's int64
     * buffers): I64, I32, I16, I8, U32, U16, U8 and BOOL widen exactly; U64 values above
     * {@code Long.MAX_VALUE} are an error naming the tensor and the index. A floating tensor is an
     * error (use {@link #toFloatArray}).
     */
    public long[] toLongArray(String name) throws SafetensorsException {
        Header.Entry e = entry(name);
        long[] out = integers(e, "long[]");
        for (int i = 0; i < out.length; i++) {
            if (e.dtype() == Dtype.U64 && out[i] < 0) {
                throw new SafetensorsException(file, file + ": tensor '" + name + "' (U64) element " + i + " = "
                        + Long.toUnsignedString(out[i]) + " does not fit a signed long");
            }
        }
        return out;
    }

    /**
     * An integer or BOOL tensor as {@code int}s, row-major: I32, I16, I8, U16, U8 and BOOL widen
     * exactly; an I64, U32 or U64 value outside the int range is an error naming the tensor, the
     * index and the value. A floating tensor is an error.
     */
    public int[] toIntArray(String name) throws SafetensorsException {
        Header.Entry e = entry(name);
        long[] v = integers(e, "int[]");
        int[] out = new int[v.length];
        boolean unsigned64 = e.dtype() == Dtype.U64;
        for (int i = 0; i < out.length; i++) {
            if ((unsigned64 && (v[i] < 0 || v[i] > Integer.MAX_VALUE)) || v[i] < Integer.MIN_VALUE
                    || v[i] > Integer.MAX_VALUE) {
                throw new SafetensorsException(file, file + ": tensor '" + name + "' (" + e.dtype() + ") element " + i
                        + " = " + (unsigned64 ? Long.toUnsignedString(v[i]) : Long.toString(v[i])) + " does not fit an"
                        + " int (use toLongArray)");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** Every element of an integer or BOOL tensor as a long (U64 as its bit pattern). */
    private long[] integers(Header.Entry e, String what) throws SafetensorsException {
        long n = elements(e, what);
        MemorySegment m = segment(e.name());
        long[] out = new long[(int) n];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer(m, e.dtype(), i);
        }
        return out;
    }

    private long elements(Header.Entry e, String what) throws SafetensorsException {
        if (e.dtype().isFloating()) {
            throw new SafetensorsException(file, file + ": tensor '" + e.name() + "' is " + e.dtype() + ", not an integer type;"
                    + " read it with toFloatArray or copyInto");
        }
        long n = e.shape().size();
        if (n > Integer.MAX_VALUE - 8) {
            throw Header.fail(file, "tensor '" + e.name() + "' " + e.shape() + " has " + n + " elements, too many for a "
                    + what + "; use segment");
        }
        return n;
    }

    /** Element {@code i} of an integer or BOOL tensor (U64 as its bit pattern). */
    private static long integer(MemorySegment m, Dtype d, long i) {
        return switch (d) {
            case I64, U64 -> m.getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED
                    .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), i);
            case I32 -> m.getAtIndex(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED
                    .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), i);
            case U32 -> Integer.toUnsignedLong(m.getAtIndex(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED
                    .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), i));
            case I16 -> m.getAtIndex(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED
                    .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), i);
            case U16 -> Short.toUnsignedLong(m.getAtIndex(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED
                    .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), i));
            case I8 -> m.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i);
            case U8, BOOL -> Byte.toUnsignedLong(m.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i));
            default -> throw new IllegalArgumentException(d + " is not an integer type");
        };
    }

    /** Copies the tensor into {@code dst}, converting to float32; the shapes must be equal. */
    public void copyInto(String name, Tensor dst) throws SafetensorsException {
        Objects.requireNonNull(dst, "dst");
        Header.Entry e = entry(name);
        if (!e.shape().equals(dst.shape())) {
            throw new SafetensorsException(file, "cannot copy tensor '" + name + "' of shape " + e.shape() + " from "
                    + file + " into a tensor of shape " + dst.shape());
        }
        requireFloating(e);
        Convert.toFloats(segment(name), e.dtype(), dst.data(), e.shape().size());
    }

    /** {@link #loadInto(List, boolean)} with {@code strict = true}. */
    public LoadReport loadInto(List<Parameter> params) throws SafetensorsException {
        return loadInto(params, true);
    }

    /**
     * Copies each parameter's value from the tensor of the same name. Everything is checked before
     * anything is copied, so on an exception the parameters are unchanged.
     *
     * <p>{@code strict}: the file must hold exactly the parameters — a missing name or a tensor no
     * parameter asks for is an error that lists them. Lenient ({@code false}): loads what matches
     * and reports the rest. Either way, a shape mismatch or a non-floating dtype on a matched name
     * is an error naming the tensor and both shapes.
     *
     * @throws IllegalArgumentException if two parameters share a name
     * @throws IllegalStateException if a parameter's memory was freed
     */
    public LoadReport loadInto(List<Parameter> params, boolean strict) throws SafetensorsException {
        Objects.requireNonNull(params, "params");
        ensureOpen();
        Map<String, Parameter> byName = new HashMap<>();
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> missingWhy = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Parameter p : params) {
            if (byName.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("two parameters are named '" + p.name() + "'");
            }
            if (!p.value().isUsable()) {
                throw new IllegalStateException("parameter '" + p.name() + "' " + p.shape()
                        + " was closed (or its allocator was); cannot load into it");
            }
            Header.Entry e = header.entries.get(p.name());
            if (e == null) {
                missing.add(p.name());
                missingWhy.add("missing tensor '" + p.name() + "' in " + file + " (the model expects it with shape "
                        + p.shape() + ")");
            } else if (!e.shape().equals(p.shape())) {
                problems.add("tensor '" + p.name() + "' in " + file + " has shape " + e.shape()
                        + " but the model expects shape " + p.shape());
            } else if (!e.dtype().isFloating()) {
                problems.add(notFloating(e));
            } else {
                loaded.add(p.name());
            }
        }
        List<String> skipped = new ArrayList<>();
        for (String name : header.entries.keySet()) {
            if (!byName.containsKey(name)) {
                skipped.add(name);
            }
        }
        if (strict) {
            problems.addAll(0, missingWhy);
            if (!skipped.isEmpty()) {
                problems.add(skipped.size() + " unexpected tensor(s) in " + file + " that the model does not have: "
                        + quoteList(skipped));
            }
        }
        if (!problems.isEmpty()) {
            String hint = strict && (!missing.isEmpty() || !skipped.isEmpty())
                    ? " (loadInto(params, false) loads what matches)" : "";
            throw new SafetensorsException(file, String.join("; ", problems) + hint + "; nothing was loaded");
        }
        for (String name : loaded) {
            Header.Entry e = header.entries.get(name);
            Convert.toFloats(segment(name), e.dtype(), byName.get(name).value().data(), e.shape().size());
        }
        return new LoadReport(loaded, missing, skipped);
    }

    /** The whole mapped file (for tests: checking that segments are slices of it). */
    MemorySegment mapping() {
        ensureOpen();
        return mapping;
    }

    /** Unmaps the file; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + file + ", " + header.entries.size() + " tensor(s)" + (closed ? ", closed]" : "]");
    }

    private Header.Entry entry(String name) {
        Objects.requireNonNull(name, "name");
        ensureOpen();
        Header.Entry e = header.entries.get(name);
        if (e == null) {
            List<String> names = names();
            throw new IllegalArgumentException("no tensor '" + name + "' in " + file + "; it has "
                    + quoteList(names));
        }
        return e;
    }

    private void requireFloating(Header.Entry e) throws SafetensorsException {
        if (!e.dtype().isFloating()) {
            throw new SafetensorsException(file, notFloating(e));
        }
    }

    private String notFloating(Header.Entry e) {
        return "tensor '" + e.name() + "' in " + file + " is " + e.dtype()
                + "; only F32, F64, F16 and BF16 can be read as float";
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(file + " was closed");
        }
    }

    private static String quoteList(List<String> names) {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(names.size(), 20);
        for (int i = 0; i < shown; i++) {
            sb.append(i > 0 ? ", " : "").append('\'').append(names.get(i)).append('\'');
        }
        if (names.size() > shown) {
            sb.append(", ... (").append(names.size() - shown).append(" more)");
        }
        return sb.toString();
    }
}
