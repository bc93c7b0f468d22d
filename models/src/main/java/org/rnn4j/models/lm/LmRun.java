package org.rnn4j.models.lm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.models.lm.LanguageModelConfig;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.text.Vocab;
import org.rnn4j.models.family.ModelRun;
import org.rnn4j.models.train.RunFiles;

/**
 * A language model from an {@link LanguageModelConfig}: training on a text (truncated BPTT, states carried
 * between windows), validation perplexity every epoch, early stopping, best/last checkpoints,
 * resume, and a model folder ({@code config.json}, {@code vocab.json}, {@code model.safetensors},
 * {@code metrics.json}) that loads back for generation.
 */
public final class LmRun extends ModelRun<LanguageModelConfig, LanguageModel> {
    private final Vocab vocab;
    private final Tokenizer tokenizer;

    public LmRun(LanguageModelConfig config, Vocab vocab) {
        super("lm", "language model", config, specOf(config, vocab.size()).parameterCount(), (mem, seed) -> new LanguageModel(specOf(config, vocab.size()), mem,
                seed));
        this.vocab = vocab;
        this.tokenizer = config.data().tokenizer();
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
        return tokenizer.join(vocab.decode(model().generate(p, length, temperature, topK, seed)));
    }

    public Vocab vocab() {
        return vocab;
    }

    public double perplexity(String text) {
        return model().perplexity(vocab.encode(tokenizer.split(text)));
    }

    @Override
    protected void saveFiles(Path dir) throws IOException {
        RunFiles.writeVocab(dir.resolve("vocab.json"), vocab, tokenizer, Map.of());
    }

    public static LmRun load(Path dir) throws IOException {
        LanguageModelConfig cfg = RunFiles.readConfig(dir, LanguageModelConfig::parse);
        return new LmRun(cfg, RunFiles.readVocab(dir.resolve("vocab.json"))).withWeights(dir);
    }
}
