package org.rnn4j.models.lm;

import org.rnn4j.models.data.gen.SampleText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.models.config.TrainingConfig;
import org.rnn4j.models.data.DataPaths;
import org.rnn4j.models.family.JsonLines;
import org.rnn4j.models.family.ModelFamily;
import org.rnn4j.models.family.PredictOptions;
import org.rnn4j.models.family.UsageException;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.text.Vocab;
import tools.jackson.databind.JsonNode;

/**
 * The language-model family: a plain text file (or the built-in {@code sample}) as one token
 * stream, trained by truncated back-propagation through time ({@link TextStreamTraining});
 * validation perplexity on the held-out tail of the text.
 */
public final class LanguageModelFamily implements ModelFamily {

    @Override
    public String name() {
        return "lm";
    }

    @Override
    public String description() {
        return "a language model on a plain text file, or the built-in \"sample\"";
    }

    @Override
    public String tryNext(Path dir) {
        return "./rnn4j predict --model " + dir + " \"a prompt\"";
    }

    @Override
    public Prepared prepare(JsonNode json, Path configFile, PrintStream log) throws IOException {
        return prepare(LanguageModelConfig.parse(json), configFile, log);
    }

    /** Reads the text a config names, builds the vocabulary and the model. */
    public static Training prepare(LanguageModelConfig cfg, Path configFile, PrintStream log) throws IOException {
        String text;
        if (cfg.data().dataset() != null) {
            text = SampleText.TEXT;
        } else {
            text = org.rnn4j.models.data.Utf8.read(DataPaths.resolve(configFile, cfg.data().train()), "data file");
        }
        Tokenizer tok = cfg.data().tokenizer();
        List<String> tokens = tok.split(text);
        int nVal = (int) Math.round(tokens.size() * cfg.data().validationSplit());
        List<String> trainToks = tokens.subList(0, tokens.size() - nVal);
        int window = cfg.data().window();
        int bs = cfg.training().batchSize();
        if (trainToks.size() < bs * (window + 1)) {
            throw new IOException("the training text has " + trainToks.size() + " tokens, fewer than batchSize x (window + 1)"
                    + " = " + bs * (window + 1) + "; lower $.training.batchSize or $.data.window");
        }
        Vocab vocab = Vocab.build(List.of(trainToks), cfg.data().maxVocab(), cfg.data().minCount());
        log.printf(Locale.ROOT, "data: %d training and %d validation tokens, vocabulary %d%n", trainToks.size(), nVal,
                vocab.size());
        LmRun run = new LmRun(cfg, vocab);
        int[] stream = vocab.encode(trainToks);
        int[] valStream = vocab.encode(tokens.subList(tokens.size() - nVal, tokens.size()));
        return new Training(run, stream, valStream);
    }

    /** A language model and its text as the trainer sees them. */
    public static final class Training extends TextStreamTraining implements Prepared {
        private final LmRun run;
        private final int[] valStream;

        Training(LmRun run, int[] stream, int[] valStream) {
            super(run.model(), stream, run.config().training().batchSize(), run.config().data().window(),
                    run.config().training().seed(), 0);
            this.run = run;
            this.valStream = valStream;
        }

        public LmRun run() {
            return run;
        }


        @Override
        public TrainingConfig training() {
            return run.config().training();
        }

        @Override
        public Map<String, Double> validate() {
            return valStream.length > 1 ? Map.of("perplexity", run.model().perplexity(valStream)) : Map.of();
        }

        @Override
        public void save(Path dir, Map<String, Object> metrics) throws IOException {
            run.save(dir, metrics);
        }

        @Override
        public void close() {
            super.close();
            run.close();
        }
    }

    @Override
    public void evaluate(Path dir, Path data, PrintStream out) throws IOException {
        if (data == null) {
            throw new UsageException("--data FILE (plain text) is required for a language model");
        }
        String text = org.rnn4j.models.data.Utf8.read(data, "data file");
        try (var lm = LmRun.load(dir)) {
            out.printf(Locale.ROOT, "perplexity: %.4f%n", lm.perplexity(text));
        }
    }

    @Override
    public void predict(Path dir, PredictOptions o, List<String> inputs, PrintStream out) throws IOException {
        o.refuse("a language model continues each prompt by sampling (--temperature, --top-k, --seed; the config's"
                + " generation settings by default)", "--beam", "--nbest");
        try (var lm = LmRun.load(dir)) {
            var g = lm.config().generation();
            float t = o.sample() && o.temperature() != null ? o.temperature() : o.sample() ? 1f : g.temperature();
            int k = o.topK() > 0 ? o.topK() : g.topK();
            for (String prompt : inputs) {
                String text = lm.generate(prompt, g.length(), t, k, o.seed());
                out.println(o.json() ? "{\"input\":" + JsonLines.quote(prompt) + ",\"output\":" + JsonLines.quote(text) + "}"
                        : prompt + text);
            }
        }
    }
}
