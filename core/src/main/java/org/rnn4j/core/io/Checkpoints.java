package org.rnn4j.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.optim.Optimizer;
import org.rnn4j.core.tensor.Tensor;

/**
 * A training checkpoint: the parameters ({@code model.safetensors}, state_dict names), the
 * optimizer's state ({@code optimizer.safetensors}, its hyper-parameters and step count in the
 * metadata) and the caller's progress (epoch, step, RNG state... as strings, in the optimizer
 * file's metadata under {@code progress.}), so a run resumes exactly.
 *
 * <p>NOTE [atomic checkpoint]: both files are written into {@code DIR/NAME.tmp}; then the
 * previous {@code DIR/NAME} is renamed to {@code NAME.old}, the new folder renamed into place,
 * and the old one deleted. A crash at any point leaves a complete checkpoint: {@code NAME}, or
 * (between the two renames) {@code NAME.old}, which {@link #load} falls back to.
 */
public final class Checkpoints {
    private static final String PROGRESS = "progress.";

    private Checkpoints() {
    }

    public static void save(Path dir, String name, Map<String, Parameter> params, Optimizer optimizer,
                            Map<String, String> progress) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(name + ".tmp");
        Path cur = dir.resolve(name);
        Path old = dir.resolve(name + ".old");
        AtomicFiles.deleteTree(tmp);
        Files.createDirectories(tmp);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        params.forEach((k, p) -> tensors.put(k, p.value()));
        Safetensors.write(tmp.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        if (optimizer != null) {
            Map<String, String> meta = new LinkedHashMap<>(optimizer.stateMetadata());
            progress.forEach((k, v) -> meta.put(PROGRESS + k, v));
            Safetensors.write(tmp.resolve("optimizer.safetensors"), optimizer.state(), meta);
        }
        AtomicFiles.deleteTree(old);
        if (Files.exists(cur)) {
            Files.move(cur, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, cur, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.syncDirectory(dir);
        AtomicFiles.deleteTree(old);
    }

    /**
     * Loads a checkpoint into {@code params} (strict: every name must match, shapes too) and the
     * optimizer's state, and returns the saved progress. Nothing is changed if the files are bad.
     */
    public static Map<String, String> load(Path dir, String name, Map<String, Parameter> params, Optimizer optimizer)
            throws IOException {
        Path cur = dir.resolve(name);
        if (!Files.isDirectory(cur)) {
            Path old = dir.resolve(name + ".old");
            if (Files.isDirectory(old)) {
                cur = old; // a save was interrupted between its two renames
            } else {
                throw new NoSuchFileException(cur.toString(), null, "no checkpoint '" + name + "' in " + dir);
            }
        }
        Map<String, float[]> optTensors = new HashMap<>();
        Map<String, String> optMeta = new HashMap<>();
        Map<String, String> progress = new LinkedHashMap<>();
        if (optimizer != null) {
            try (SafetensorsFile f = Safetensors.open(cur.resolve("optimizer.safetensors"))) {
                for (String n : f.names()) {
                    optTensors.put(n, f.toFloatArray(n));
                }
                f.metadata().forEach((k, v) -> {
                    if (k.startsWith(PROGRESS)) {
                        progress.put(k.substring(PROGRESS.length()), v);
                    } else if (!k.equals("format")) {
                        optMeta.put(k, v);
                    }
                });
            }
        }
        try (SafetensorsFile f = Safetensors.open(cur.resolve("model.safetensors"))) {
            for (String n : f.names()) {
                if (!params.containsKey(n)) {
                    throw new SafetensorsException(f.path(), "unexpected tensor '" + n + "' (not a parameter of this model)");
                }
            }
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                if (!f.contains(e.getKey())) {
                    throw new SafetensorsException(f.path(), "missing tensor '" + e.getKey() + "' (the model expects it"
                            + " with shape " + e.getValue().shape() + ")");
                }
                if (!f.shape(e.getKey()).equals(e.getValue().shape())) {
                    throw new SafetensorsException(f.path(), "tensor '" + e.getKey() + "' has shape " + f.shape(e.getKey())
                            + " but the model expects " + e.getValue().shape());
                }
            }
            if (optimizer != null) {
                optimizer.loadState(optTensors, optMeta);
            }
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                f.copyInto(e.getKey(), e.getValue().value());
            }
        }
        return progress;
    }
}
