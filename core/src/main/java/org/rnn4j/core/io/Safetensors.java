package org.rnn4j.core.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.Shape;
import org.rnn4j.core.tensor.Tensor;

/**
 * Reads and writes the safetensors format that PyTorch and Hugging Face use for checkpoints: an
 * 8-byte little-endian header length N, N bytes of UTF-8 JSON naming each tensor's dtype, shape
 * and data offsets (plus optional {@code __metadata__} strings), then the raw little-endian data.
 *
 * <p>{@link #write} stores float32 tensors back to back in the map's order, with the header
 * space-padded so the data starts at a multiple of 8, and replaces the target atomically: it
 * writes a temporary file in the same folder, forces it to disk, and renames it over the target.
 * On any failure the temporary file is deleted and a previous file is left untouched, so a reader
 * sees the old checkpoint or the new one, never half of one.
 *
 * <p>{@link #open} memory-maps a file and validates its whole header before returning (see
 * {@link SafetensorsFile}). Problems with a file's contents are {@link SafetensorsException}s.
 */
public final class Safetensors {
    private static final int WRITE_CHUNK = 1 << 26;   // bytes per channel write

    private Safetensors() {
    }

    /**
     * A recurrent layer for {@code spec} with the weights of a PyTorch state dict saved as
     * safetensors (PyTorch's {@code nn.LSTM(...)} then {@code load_state_dict}): the tensors named
     * {@code prefix + name} ({@code ""} for a bare layer, {@code "encoder.rnn."} inside a model),
     * strict — every parameter present with its shape, no other tensor under the prefix; errors
     * name the file and the tensors. No seed is needed.
     */
    public static org.rnn4j.core.nn.RecurrentLayer recurrentLayer(Path file, String prefix,
                                                                 org.rnn4j.core.nn.RecurrentSpec spec,
                                                                 org.rnn4j.core.tensor.Allocator alloc) throws IOException {
        try (SafetensorsFile f = open(file)) {
            org.rnn4j.core.nn.RecurrentLayer layer = org.rnn4j.core.nn.RecurrentLayer.create(spec, alloc, 0);
            try {
                java.util.List<String> problems = new java.util.ArrayList<>();
                java.util.Set<String> names = new java.util.HashSet<>();
                for (org.rnn4j.core.nn.Parameter p : layer.parameters()) {
                    String n = prefix + p.name();
                    names.add(n);
                    if (!f.contains(n)) {
                        problems.add("missing '" + n + "' " + p.shape());
                    } else if (!f.shape(n).equals(p.shape())) {
                        problems.add("'" + n + "' is " + f.shape(n) + ", the layer needs " + p.shape());
                    } else if (!f.dtype(n).isFloating()) {
                        problems.add("'" + n + "' is " + f.dtype(n) + ", not a floating type");
                    }
                }
                for (String n : f.names()) {
                    if (n.startsWith(prefix) && !names.contains(n)) {
                        problems.add("unexpected '" + n + "' (not a parameter of " + spec + ")");
                    }
                }
                if (!problems.isEmpty()) {
                    throw new SafetensorsException(f.path(), f.path() + ": state dict does not fit "
                            + layer.getClass().getSimpleName() + " " + spec + ": " + String.join("; ", problems));
                }
                for (org.rnn4j.core.nn.Parameter p : layer.parameters()) {
                    f.copyInto(prefix + p.name(), p.value());
                }
                return layer;
            } catch (IOException | RuntimeException e) {
                layer.close();
                throw e;
            }
        }
    }

    /** Opens, maps and validates {@code file}; close the result to unmap it. */
    public static SafetensorsFile open(Path file) throws IOException {
        return SafetensorsFile.open(file);
    }

    /** Writes {@code tensors} (in iteration order) with no metadata. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /** Writes every parameter's value under its name ({@code p.name() -> p.value()}), in list order. */
    public static void write(Path file, List<Parameter> params) throws IOException {
        write(file, params, Map.of());
    }

    /** Writes every parameter's value under its name, in list order, with {@code metadata}. */
    public static void write(Path file, List<Parameter> params, Map<String, String> metadata) throws IOException {
        write(file, stateDict(params), metadata);
    }

    /** The parameters as a name-to-value map in list order: the rnn4j analogue of PyTorch's state_dict. */
    public static Map<String, Tensor> stateDict(List<Parameter> params) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (Parameter p : params) {
            if (map.put(p.name(), p.value()) != null) {
                throw new IllegalArgumentException("two parameters are named '" + p.name() + "'");
            }
        }
        return map;
    }

    /**
     * Writes {@code tensors} as F32, back to back in the map's iteration order, with the
     * {@code metadata} strings (omitted when empty), atomically replacing {@code file}.
     *
     * @throws IllegalArgumentException for a null or empty name, a name "__metadata__", or null values
     * @throws SafetensorsException if a tensor's memory is no longer usable; the target is untouched
     * @throws IOException if the file system fails; the target is untouched
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tensors, "tensors");
        metadata = metadata == null ? Map.of() : metadata;
        List<String> names = new ArrayList<>(tensors.size());
        List<Tensor> values = new ArrayList<>(tensors.size());
        List<Shape> shapes = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals(Header.METADATA)) {
                throw new IllegalArgumentException("invalid tensor name " + (name == null ? "null" : "'" + name + "'")
                        + " for " + file);
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("tensor '" + name + "' is null");
            }
            names.add(name);
            values.add(e.getValue());
            shapes.add(e.getValue().shape());
        }
        for (Map.Entry<String, String> m : metadata.entrySet()) {
            if (m.getKey() == null || m.getValue() == null) {
                throw new IllegalArgumentException("metadata may not hold null keys or values: " + m);
            }
        }
        byte[] head = Header.encodeF32(file, names, shapes, metadata);

        AtomicFiles.write(file, ch -> {
            writeFully(ch, ByteBuffer.wrap(head));
            for (int i = 0; i < names.size(); i++) {
                writeTensor(ch, file, names.get(i), values.get(i));
            }
        });
    }

    private static void writeTensor(FileChannel ch, Path file, String name, Tensor t) throws IOException {
        MemorySegment data;
        try {
            data = t.data();
        } catch (IllegalStateException e) {
            throw new SafetensorsException(file, "cannot write tensor '" + name + "' " + t.shape() + " to " + file
                    + ": " + e.getMessage() + "; the previous file (if any) is unchanged", e);
        }
        long bytes = t.size() * Float.BYTES;
        boolean littleEndian = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        ByteBuffer swap = littleEndian ? null
                : ByteBuffer.allocateDirect((int) Math.min(bytes, WRITE_CHUNK)).order(ByteOrder.LITTLE_ENDIAN);
        for (long off = 0; off < bytes; off += WRITE_CHUNK) {
            long len = Math.min(WRITE_CHUNK, bytes - off);
            MemorySegment chunk = data.asSlice(off, len);
            if (littleEndian) {
                writeFully(ch, chunk.asByteBuffer());
            } else {
                swap.clear();
                MemorySegment.copy(chunk, Convert.F32_NATIVE, 0, MemorySegment.ofBuffer(swap), Convert.F32_LE, 0,
                        len / Float.BYTES);
                swap.limit((int) len);
                writeFully(ch, swap);
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        AtomicFiles.writeFully(ch, buf);
    }
}
