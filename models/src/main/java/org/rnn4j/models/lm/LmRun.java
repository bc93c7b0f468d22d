package org.rnn4j.models.lm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.models.lm.LanguageModelConfig;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.text.Vocab;
import org.rnn4j.models.train.RunFiles;

/**
 * A language model from an {@link LanguageModelConfig}: training on a text (truncated BPTT, states carried
 * between windows), validation perplexity every epoch, early stopping, best/last checkpoints,
 * resume, and a model folder ({@code config.json}, {@code vocab.json}, {@code model.safetensors},
 * {@code metrics.json}) that loads back for generation.
 */
public final class LmRun implements AutoCloseable {
    /** The built-in text for {@code "dataset": "sample"}. */
    public static final String SAMPLE = "the quick brown fox jumps over the lazy dog. ".repeat(60)
            + "a journey of a thousand miles begins with a single step. ".repeat(40);

    private final LanguageModelConfig config;
    private final Vocab vocab;
    private final Tokenizer tokenizer;
    private final NativeAllocator mem = new NativeAllocator("language model");
    private final LanguageModel model;

    public LmRun(LanguageModelConfig config, Vocab vocab) {
        this.config = config;
        this.vocab = vocab;
        this.tokenizer = config.data().tokenizer();
        this.model = new LanguageModel(specOf(config, vocab.size()), mem, config.training().seed());
    }

    /** The model spec an LM config describes, for a vocabulary of this size. */
    public static LanguageModelSpec specOf(LanguageModelConfig config, int vocabSize) {
        LanguageModelConfig.Model m = config.model();
        return LanguageModelSpec.of(vocabSize, m.embedding(), m.hidden()).withCell(m.cell()).withLayers(m.layers())
                .withDropout(m.dropout());
    }

    /** Continues {@code prompt} with {@code length} generated tokens (joined back into text). */
    public String generate(String prompt, int length, float temperature, int topK, long seed) {
        int[] p = vocab.encode(tokenizer.split(prompt));
        if (p.length == 0) {
            p = new int[] {Vocab.UNK_ID};
        }
        return tokenizer.join(vocab.decode(model.generate(p, length, temperature, topK, seed)));
    }

    public LanguageModel model() {
        return model;
    }

    public Vocab vocab() {
        return vocab;
    }

    public LanguageModelConfig config() {
        return config;
    }

    public double perplexity(String text) {
        return model.perplexity(vocab.encode(tokenizer.split(text)));
    }

    public void save(Path dir, Map<String, Object> metrics) throws IOException {
        Files.createDirectories(dir);
        RunFiles.writeAtomically(dir.resolve("config.json"), config.toJsonString());
        RunFiles.writeVocab(dir.resolve("vocab.json"), vocab, tokenizer, Map.of());
        RunFiles.writeWeights(dir.resolve("model.safetensors"), model.namedParameters(), "lm");
        RunFiles.writeMetrics(dir, metrics);
    }

    public static LmRun load(Path dir) throws IOException {
        LanguageModelConfig cfg = RunFiles.readConfig(dir, LanguageModelConfig::parse);
        LmRun run = new LmRun(cfg, RunFiles.readVocab(dir.resolve("vocab.json")));
        RunFiles.loadWeights(dir, run.model.namedParameters(), run::close);
        return run;
    }

    @Override
    public void close() {
        model.close();
        mem.close();
    }
}
