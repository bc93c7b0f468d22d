package org.rnn4j.models.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.rnn4j.models.config.RunConfig;
import org.rnn4j.models.train.Progress;
import org.rnn4j.models.train.Seq2SeqTrainer;

/** {@code rnn4j train CONFIG.json}: trains a model described by a run config. */
final class TrainCommand implements Command {

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a model from a JSON run config (see docs/config.md)";
    }

    @Override
    public String help() {
        return """
                Usage: rnn4j train CONFIG.json [--out DIR] [--epochs N] [--max-steps N] [--threads N]
                                   [--devices SPEC] [--resume]

                Trains the model the config describes:
                  "seq2seq"  TSV pairs source<TAB>target, or the built-in "dates"
                  "seq2vec"  a classifier on TSV label<TAB>text or JSON lines {"text", "label"},
                             or the built-in "parity" or "mnist-rows"
                  "lm"       a language model on a plain text file, or the built-in "sample"
                  "vec2seq"  feature vectors to text (TSV f1 f2 ... fN<TAB>target), the built-in
                             "number-words", or "mnist-strings" (images of digits, CNN encoder)
                  "video"    the CNN + RNN classifier on "moving-squares" or "moving-mnist" clips
                Writes the run folder: model folder files (config.json, vocabularies,
                model.safetensors with the best weights, metrics.json), checkpoints/best and
                checkpoints/last, metrics.jsonl and curve.svg.

                --out DIR        run folder (default runs/<config file name>)
                --epochs N       override training.epochs
                --max-steps N    stop after N optimizer steps (still writes a complete model folder)
                --threads N      kernel threads (default: training.threads, else all cores)
                --devices SPEC   auto, cpu or cpu:N (N threads)
                --resume         continue from DIR/checkpoints/last""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Path config = null;
        Path dir = null;
        Integer epochs = null;
        Integer maxSteps = null;
        Integer threads = null;
        boolean resume = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--out" -> dir = Path.of(Args.value(args, ++i, a));
                case "--epochs" -> epochs = Args.positiveInt(args, ++i, a);
                case "--max-steps" -> maxSteps = Args.positiveInt(args, ++i, a);
                case "--threads" -> threads = Args.positiveInt(args, ++i, a);
                case "--devices" -> threads = Devices.threadsFor(Args.value(args, ++i, a));
                case "--resume" -> resume = true;
                default -> {
                    if (a.startsWith("--") || config != null) {
                        throw new UsageException("unexpected argument '" + a + "'");
                    }
                    config = Path.of(a);
                }
            }
        }
        if (config == null) {
            throw new UsageException("a CONFIG.json is required");
        }
        if (dir == null) {
            String name = config.getFileName().toString().replaceFirst("\\.json$", "");
            dir = Path.of("runs", name);
        }
        String family = org.rnn4j.models.config.ClassifierConfig.familyOf(config);
        if (family.equals("seq2vec")) {
            var cc = org.rnn4j.models.config.ClassifierConfig.load(config);
            out.println("training seq2vec (text classifier) from " + config + " into " + dir);
            var s = org.rnn4j.models.classify.Classifier.train(cc, config, dir, epochs, maxSteps, threads, resume, out,
                    Progress.forStdout());
            out.printf(Locale.ROOT, "done: %d epoch(s), %d steps; best validation %s %.4f%n", s.epochs(), s.steps(),
                    cc.training().earlyStoppingMetric(), s.bestAccuracy());
            out.println("model folder: " + dir + "  (try: ./rnn4j predict --model " + dir + " \"...\")");
            return Main.OK;
        }
        if (family.equals("vec2seq")) {
            var vc = org.rnn4j.models.config.Vec2SeqConfig.load(config);
            out.println("training vector -> sequence from " + config + " into " + dir);
            var s = org.rnn4j.models.vec2seq.Vec2SeqRun.train(vc, config, dir, epochs, maxSteps, threads, resume, out,
                    Progress.forStdout());
            out.printf(Locale.ROOT, "done: %d epoch(s), %d steps; best validation exact match %.2f%%%n", s.epochs(),
                    s.steps(), 100 * Math.max(0, s.bestExactMatch()));
            out.println("model folder: " + dir + "  (try: ./rnn4j " + (vc.data().images() ? "eval --model " + dir
                    : "predict --model " + dir + " \"0 1 0 ...\"") + ")");
            return Main.OK;
        }
        if (family.equals("video")) {
            var vc = org.rnn4j.models.config.VideoConfig.load(config);
            out.println("training the CNN + RNN video classifier from " + config + " into " + dir);
            var s = org.rnn4j.models.video.VideoRun.train(vc, dir, epochs, maxSteps, threads, resume, out,
                    Progress.forStdout());
            out.printf(Locale.ROOT, "done: %d epoch(s), %d steps; best validation accuracy %.2f%%%n", s.epochs(),
                    s.steps(), 100 * Math.max(0, s.bestAccuracy()));
            out.println("model folder: " + dir + "  (try: ./rnn4j eval --model " + dir + ")");
            return Main.OK;
        }
        if (family.equals("lm")) {
            var lc = org.rnn4j.models.config.LmConfig.load(config);
            out.println("training a language model from " + config + " into " + dir);
            var s = org.rnn4j.models.lm.LmRun.train(lc, config, dir, epochs, maxSteps, threads, resume, out,
                    Progress.forStdout());
            out.printf(Locale.ROOT, "done: %d epoch(s), %d steps; best validation perplexity %.3f%n", s.epochs(),
                    s.steps(), s.bestPerplexity());
            out.println("model folder: " + dir + "  (try: ./rnn4j predict --model " + dir + " \"a prompt\")");
            return Main.OK;
        }
        if (!family.equals("seq2seq")) {
            throw new org.rnn4j.models.config.ConfigException("$.family", "'" + family
                    + "' cannot be trained from a config yet (allowed: seq2seq, seq2vec, vec2seq, lm, video)");
        }
        RunConfig cfg = RunConfig.load(config);
        out.println("training " + cfg.family() + " from " + config + " into " + dir);
        Seq2SeqTrainer.Summary s = Seq2SeqTrainer.train(cfg, config, dir,
                new Seq2SeqTrainer.Overrides(epochs, maxSteps, threads, resume), out, Progress.forStdout());
        out.printf(Locale.ROOT, "done: %d epoch(s), %d steps in %.1f s; best validation %s %.4f%n",
                s.epochs(), s.steps(), s.seconds(), s.metric(), s.bestMetric());
        out.println("model folder: " + dir + "  (try: ./rnn4j predict --model " + dir + " \"...\")");
        return Main.OK;
    }
}
