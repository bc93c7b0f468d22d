package org.rnn4j.core.io;

import java.util.List;

/**
 * What {@link SafetensorsFile#loadInto(List, boolean)} did: the parameters it {@code loaded}, the
 * parameters the file lacks ({@code missing}, left unchanged) and the file's tensors no parameter
 * asked for ({@code skipped}). A strict load succeeds only with both lists empty.
 */
public record LoadReport(List<String> loaded, List<String> missing, List<String> skipped) {
    public LoadReport {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        skipped = List.copyOf(skipped);
    }

    /** True when every parameter was loaded and every tensor of the file was used. */
    public boolean isComplete() {
        return missing.isEmpty() && skipped.isEmpty();
    }

    @Override
    public String toString() {
        return "loaded " + loaded.size() + " tensor(s)" + (missing.isEmpty() ? "" : "; missing from the file: " + missing)
                + (skipped.isEmpty() ? "" : "; in the file but not in the model (skipped): " + skipped);
    }
}
