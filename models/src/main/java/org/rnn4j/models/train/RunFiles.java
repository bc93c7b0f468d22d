package org.rnn4j.models.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.core.io.AtomicFiles;
import org.rnn4j.core.io.Safetensors;
import org.rnn4j.core.io.SafetensorsFile;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.Tensor;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.text.Vocab;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The files every model folder shares, written and read the same way for every family: text
 * files written atomically (temporary file, then rename), weights as safetensors under
 * state_dict names (strict on load), vocabularies as JSON, and clear errors naming the file.
 */
public final class RunFiles {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RunFiles() {
    }

    /**
     * Writes {@code text} to {@code file} atomically and durably (core's {@link AtomicFiles}: a
     * temporary file in the same folder, forced, renamed, the folder forced).
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        AtomicFiles.writeString(file, text);
    }

    public static String pretty(JsonNode n) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
    }

    /** {@code metrics.json}: the values as a JSON object. */
    public static void writeMetrics(Path dir, Map<String, Object> metrics) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        metrics.forEach((k, v) -> m.set(k, JSON.valueToTree(v)));
        writeAtomically(dir.resolve("metrics.json"), pretty(m));
    }

    /** The parameters' values under their state_dict names, as {@code file} (safetensors, atomic). */
    public static void writeWeights(Path file, Map<String, Parameter> named, String family) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        named.forEach((k, p) -> tensors.put(k, p.value()));
        Map<String, String> meta = new LinkedHashMap<>();   // in order: the same weights make the same bytes
        meta.put("format", "pt");
        meta.put("family", family);
        Safetensors.write(file, tensors, meta);
    }

    /**
     * Loads every parameter from {@code file}, strictly: a missing or an unexpected tensor, or a
     * shape mismatch, is an error naming the file and the tensor.
     */
    public static void readWeights(Path file, Map<String, Parameter> named) throws IOException {
        try (SafetensorsFile f = Safetensors.open(file)) {
            for (String name : f.names()) {
                if (!named.containsKey(name)) {
                    throw new IOException(file + ": unexpected tensor '" + name + "' (not part of this model)");
                }
            }
            for (Map.Entry<String, Parameter> e : named.entrySet()) {
                if (!f.contains(e.getKey())) {
                    throw new IOException(file + ": missing tensor '" + e.getKey() + "' (the model expects it with shape "
                            + e.getValue().shape() + ")");
                }
                f.copyInto(e.getKey(), e.getValue().value());
            }
        }
    }

    /** A JSON file of the folder, with errors naming it. */
    public static JsonNode readJson(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "missing from the model folder");
        }
        String text = org.rnn4j.models.data.Utf8.read(file, "JSON file of the model folder");
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A vocabulary file: {@code {"tokenizer": ..., "tokens": [...], ...extra}}. */
    public static void writeVocab(Path file, Vocab vocab, Tokenizer tokenizer, Map<String, Integer> extra)
            throws IOException {
        ObjectNode v = JSON.createObjectNode();
        v.put("tokenizer", tokenizer.name().toLowerCase(Locale.ROOT));
        extra.forEach(v::put);
        ArrayNode toks = v.putArray("tokens");
        vocab.tokens().forEach(toks::add);
        writeAtomically(file, pretty(v));
    }

    public static Vocab readVocab(Path file) throws IOException {
        JsonNode n = readJson(file);
        List<String> tokens = new ArrayList<>();
        for (JsonNode t : n.path("tokens")) {
            tokens.add(t.asString());
        }
        try {
            return new Vocab(tokens);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": $.tokens: " + e.getMessage(), e);
        }
    }

    /** Checks that {@code dir} is a model folder (it has config.json) and returns that file. */
    public static Path configOf(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a folder (expected a model folder with config.json)");
        }
        Path cfg = dir.resolve("config.json");
        if (!Files.isRegularFile(cfg)) {
            throw new NoSuchFileException(cfg.toString(), null, dir + " is not a model folder: config.json is missing");
        }
        return cfg;
    }

    /** The config of model folder {@code dir}, parsed by a family's parser; errors name config.json. */
    public static <C> C readConfig(Path dir, java.util.function.Function<JsonNode, C> parser) throws IOException {
        Path file = configOf(dir);
        JsonNode json = readJson(file);
        try {
            return parser.apply(json);
        } catch (org.rnn4j.models.config.ConfigException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code dir/model.safetensors} into {@code named}; if that fails, runs
     * {@code closeOnFailure} (freeing the half-built model) and rethrows.
     */
    public static void loadWeights(Path dir, Map<String, Parameter> named, Runnable closeOnFailure) throws IOException {
        try {
            readWeights(dir.resolve("model.safetensors"), named);
        } catch (IOException | RuntimeException e) {
            closeOnFailure.run();
            throw e;
        }
    }
}
