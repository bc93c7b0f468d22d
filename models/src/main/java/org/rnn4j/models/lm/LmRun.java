package org.rnn4j.models.lm;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.core.autograd.RecurrentState;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.kernel.Parallel;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.config.LmConfig;
import org.rnn4j.models.metrics.MetricsLog;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.text.Vocab;
import org.rnn4j.models.train.EarlyStopping;
import org.rnn4j.models.train.Progress;
import org.rnn4j.models.train.RunFiles;

/**
 * A language model from an {@link LmConfig}: training on a text (truncated BPTT, states carried
 * between windows), validation perplexity every epoch, early stopping, best/last checkpoints,
 * resume, and a model folder ({@code config.json}, {@code vocab.json}, {@code model.safetensors},
 * {@code metrics.json}) that loads back for generation.
 */
public final class LmRun implements AutoCloseable {
    /** The built-in text for {@code "dataset": "sample"}. */
    public static final String SAMPLE = "the quick brown fox jumps over the lazy dog. ".repeat(60)
            + "a journey of a thousand miles begins with a single step. ".repeat(40);

    private final LmConfig config;
    private final Vocab vocab;
    private final Tokenizer tokenizer;
    private final NativeAllocator mem = new NativeAllocator("language model");
    private final LanguageModel model;

    public LmRun(LmConfig config, Vocab vocab) {
        this.config = config;
        this.vocab = vocab;
        this.tokenizer = Tokenizer.valueOf(config.data().tokenizer().name());
        this.model = new LanguageModel(specOf(config, vocab.size()), mem, config.training().seed());
    }

    /** The model spec an LM config describes, for a vocabulary of this size. */
    public static LanguageModelSpec specOf(LmConfig config, int vocabSize) {
        LmConfig.Model m = config.model();
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

    public LmConfig config() {
        return config;
    }

    public double perplexity(String text) {
        return model.perplexity(vocab.encode(tokenizer.split(text)));
    }

    /** What a run achieved. */
    public record Summary(int epochs, long steps, double bestPerplexity) {
    }

    public static Summary train(LmConfig cfg, Path configFile, Path out, Integer epochsOverride, Integer maxSteps,
                                Integer threads, boolean resume, PrintStream log, Progress progress) throws IOException {
        if (threads != null) {
            Parallel.setThreads(threads);
        } else if (cfg.training().threads() > 0) {
            Parallel.setThreads(cfg.training().threads());
        }
        String text;
        if (cfg.data().dataset() != null) {
            text = SAMPLE;
        } else {
            Path f = org.rnn4j.models.data.DataPaths.resolve(configFile, cfg.data().train());
            if (!Files.isRegularFile(f)) {
                throw new NoSuchFileException(f.toString(), null, "data file not found");
            }
            text = Files.readString(f, StandardCharsets.UTF_8);
        }
        Tokenizer tok = Tokenizer.valueOf(cfg.data().tokenizer().name());
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
        Path ck = RunFiles.startRun(out, resume);
        int epochs = epochsOverride != null ? epochsOverride : cfg.training().epochs();
        progress.unit("tok/s");
        try (LmRun run = new LmRun(cfg, vocab);
             Workspace ws = new Workspace("lm step", 8 << 20);
             org.rnn4j.core.optim.Optimizer adam = org.rnn4j.models.train.Optimizers.of(cfg.training(),
                     run.model.parameters());
             MetricsLog mlog = new MetricsLog(out.resolve("metrics.jsonl"))) {
            int[] stream = vocab.encode(trainToks);
            int[] valStream = vocab.encode(tokens.subList(tokens.size() - nVal, tokens.size()));
            int slice = stream.length / bs;                 // bs parallel contiguous slices
            int windowsPerEpoch = (slice - 1) / window;
            EarlyStopping es = new EarlyStopping(ck, run.model.namedParameters(), adam, cfg.training().patience());
            int epoch = resume ? es.resume(log) : 0;
            long step = es.step();
            progress.resumeFrom(step * bs * window);
            var trainStep = new org.rnn4j.models.train.TrainStep(cfg.training(), adam, ws, ck,
                    windowsPerEpoch, epochs, maxSteps);
            boolean stop = false;
            for (; epoch < epochs && !stop; epoch++) {
                double sum = 0;
                int count = 0;
                try (RecurrentState state = new RecurrentState("lm carry")) {
                    for (int w = 0; w < windowsPerEpoch; w++) {
                        if (trainStep.limitReached(step, progress)) {
                            stop = true;
                            break;
                        }
                        int[][] in = new int[bs][window];
                        int[][] tg = new int[bs][window];
                        for (int b = 0; b < bs; b++) {
                            int start = b * slice + w * window;
                            System.arraycopy(stream, start, in[b], 0, window);
                            System.arraycopy(stream, start + 1, tg[b], 0, window);
                        }
                        Tape tape = new Tape(ws);
                        Var loss = run.model.loss(tape, in, tg, state, true);
                        float lv = trainStep.apply(tape, loss, epoch, step);
                        step++;
                        sum += lv;
                        count++;
                        progress.update(step * bs * window, (long) epochs * windowsPerEpoch * bs * window,
                                String.format(Locale.ROOT, "epoch %d/%d step %d loss %.4f", epoch + 1, epochs, step, lv),
                                false);
                    }
                }
                double ppl = valStream.length > 1 ? run.model.perplexity(valStream) : Math.exp(sum / Math.max(1, count));
                Map<String, Object> rec = new LinkedHashMap<>();
                rec.put("epoch", epoch + 1);
                rec.put("step", step);
                rec.put("train_loss", count == 0 ? Double.NaN : sum / count);
                rec.put("lr", (double) adam.learningRate());
                rec.put("val_perplexity", ppl);
                mlog.append(rec);
                progress.update(step * bs * window, (long) epochs * windowsPerEpoch * bs * window, String.format(Locale.ROOT,
                        "epoch %d/%d validation perplexity %.3f",
                        epoch + 1, epochs, ppl), true);
                stop |= es.endEpoch(epoch + 1, step, -ppl, log, "perplexity");   // lower is better
            }
            progress.finish();
            es.restoreBest();
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("epochs", epoch);
            metrics.put("steps", step);
            metrics.put("bestValidationPerplexity", -es.best());
            run.save(out, metrics);
            org.rnn4j.models.train.CurveWriter.write(out.resolve("metrics.jsonl"), out.resolve("curve.svg"), "val_perplexity",
                    "validation perplexity");
            return new Summary(epoch, step, -es.best());
        }
    }

    public void save(Path dir, Map<String, Object> metrics) throws IOException {
        Files.createDirectories(dir);
        RunFiles.writeAtomically(dir.resolve("config.json"), config.toJsonString());
        RunFiles.writeVocab(dir.resolve("vocab.json"), vocab, tokenizer, Map.of());
        RunFiles.writeWeights(dir.resolve("model.safetensors"), model.namedParameters(), "lm");
        RunFiles.writeMetrics(dir, metrics);
    }

    public static LmRun load(Path dir) throws IOException {
        LmConfig cfg = RunFiles.readConfig(dir, LmConfig::parse);
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
