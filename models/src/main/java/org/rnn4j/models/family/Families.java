package org.rnn4j.models.family;

import org.rnn4j.models.text.Snippet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.rnn4j.models.config.ConfigException;
import org.rnn4j.models.config.FormatVersion;
import org.rnn4j.models.config.Node;
import org.rnn4j.models.train.RunFiles;
import tools.jackson.databind.JsonNode;

/**
 * The registry of model families: those provided through {@link ServiceLoader} (the five built
 * in are declared in the module descriptor) and any {@link #register registered} at run time.
 * The CLI finds a family here by the {@code family} field of a config or model folder.
 */
public final class Families {
    private static final Map<String, ModelFamily> REGISTERED = new LinkedHashMap<>();

    private Families() {
    }

    /** Adds (or replaces) a family; for families defined outside the module descriptor, such as in tests. */
    public static synchronized void register(ModelFamily f) {
        REGISTERED.put(f.name(), f);
    }

    /** Every family known, built-in ones first. */
    public static synchronized List<ModelFamily> all() {
        Map<String, ModelFamily> all = new LinkedHashMap<>();
        for (ModelFamily f : ServiceLoader.load(ModelFamily.class, Families.class.getClassLoader())) {
            all.putIfAbsent(f.name(), f);   // module-info providers on the module path, META-INF/services on the class path
        }
        all.putAll(REGISTERED);
        return new ArrayList<>(all.values());
    }

    /** The family called {@code name}; the error names the known ones. */
    public static ModelFamily named(String name) {
        List<ModelFamily> all = all();
        for (ModelFamily f : all) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new ConfigException("$.family", "'" + Snippet.of(name) + "' is not a model family (allowed: " + String.join(", ",
                all.stream().map(ModelFamily::name).toList()) + ")");
    }

    /** The family of a parsed config. */
    public static ModelFamily of(JsonNode config) {
        return named(FormatVersion.familyOf(config));
    }

    /** The family of the config file {@code file}. */
    public static ModelFamily ofConfig(Path file) throws IOException {
        return of(Node.readFile(file));
    }

    /** The family of model folder {@code dir}; errors name the folder and config.json. */
    public static ModelFamily ofFolder(Path dir) throws IOException {
        Path cfg = RunFiles.configOf(dir);
        try {
            return of(RunFiles.readJson(cfg));
        } catch (ConfigException e) {
            throw new IOException(cfg + ": " + e.getMessage(), e);
        }
    }
}
