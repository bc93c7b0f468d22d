package org.rnn4j.models.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnn4j.models.data.DateData;
import org.rnn4j.models.data.PairFiles;
import org.rnn4j.models.metrics.Metrics;
import org.rnn4j.models.seq2seq.ModelFolder;
import org.rnn4j.models.train.RunFiles;

/** {@code rnn4j eval --model DIR [--data FILE]}: the task's metrics on a file of pairs. */
final class EvalCommand implements Command {

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "measure a saved model on a file of pairs (exact match, token accuracy, error rate, BLEU)";
    }

    @Override
    public String help() {
        return """
                Usage: rnn4j eval --model DIR [--data FILE]

                Decodes every source of FILE (TSV source<TAB>target) greedily with the model in DIR
                and prints exact match, token accuracy, edit-distance error rate and BLEU. Without
                --data, a model trained on a built-in dataset is measured on fresh data of its
                kind: 1000 generated dates or number codes, 10,000 digit strings or moving-digit
                clips made from the MNIST test images, the MNIST test set for row-MNIST.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Path dir = null;
        Path data = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--model" -> dir = Path.of(Args.value(args, ++i, a));
                case "--data" -> data = Path.of(Args.value(args, ++i, a));
                default -> throw new UsageException("unexpected argument '" + a + "'");
            }
        }
        if (dir == null) {
            throw new UsageException("--model DIR is required");
        }
        if (ModelFolders.family(dir).equals("vec2seq")) {
            try (var v = org.rnn4j.models.vec2seq.Vec2SeqRun.load(dir)) {
                var examples = data != null ? org.rnn4j.models.vec2seq.Vec2SeqRun.read(data, out)
                        : v.imageInputs() ? v.mnistTestStrings(10_000, 4242)
                        : org.rnn4j.models.vec2seq.Vec2SeqRun.numberWords(1000, 4242);
                if (data == null && v.imageInputs()) {
                    out.println("data: digit strings built from the MNIST test images (never seen in training)");
                }
                List<String> pred = v.predict(examples.stream().map(org.rnn4j.models.vec2seq.Vec2SeqRun.Example::features)
                        .toList());
                List<int[]> hyp = new ArrayList<>();
                List<int[]> ref = new ArrayList<>();
                for (int i = 0; i < pred.size(); i++) {
                    hyp.add(Metrics.codePoints(pred.get(i)));
                    ref.add(Metrics.codePoints(examples.get(i).target()));
                }
                out.printf(Locale.ROOT, "examples: %d%n", pred.size());
                out.printf(Locale.ROOT, "exact match: %.2f%%%n", 100 * Metrics.exactMatch(hyp, ref));
                out.printf(Locale.ROOT, "character error rate: %.2f%%%n", 100 * Metrics.errorRate(hyp, ref));
            }
            return Main.OK;
        }
        if (ModelFolders.family(dir).equals("video")) {
            try (var v = org.rnn4j.models.video.VideoRun.load(dir)) {
                if (v.mnist()) {
                    var clips = org.rnn4j.models.video.VideoRun.mnistTestClips(777);
                    out.printf(Locale.ROOT, "accuracy on %d moving-MNIST clips (one per MNIST test image): %.2f%%%n",
                            clips.size(), 100 * v.accuracy(clips));
                } else {
                    out.printf(Locale.ROOT, "accuracy on 1000 fresh moving-square clips: %.2f%%%n",
                            100 * v.accuracy(1000, 777));
                }
            }
            return Main.OK;
        }
        if (ModelFolders.family(dir).equals("lm")) {
            if (data == null) {
                throw new UsageException("--data FILE (plain text) is required for a language model");
            }
            if (!java.nio.file.Files.isRegularFile(data)) {
                throw new java.nio.file.NoSuchFileException(data.toString(), null, "data file not found");
            }
            try (var lm = org.rnn4j.models.lm.LmRun.load(dir)) {
                out.printf(Locale.ROOT, "perplexity: %.4f%n",
                        lm.perplexity(java.nio.file.Files.readString(data, java.nio.charset.StandardCharsets.UTF_8)));
            }
            return Main.OK;
        }
        if (ModelFolders.family(dir).equals("seq2vec") && data == null
                && RunFiles.readJson(RunFiles.configOf(dir)).path("data").path("dataset").asString("").equals("mnist-rows")) {
            try (var c = org.rnn4j.models.classify.Classifier.load(dir)) {
                out.printf(Locale.ROOT, "MNIST test accuracy (10,000 images, row by row): %.2f%%%n",
                        100 * c.mnistTestAccuracy());
            }
            return Main.OK;
        }
        if (ModelFolders.family(dir).equals("seq2vec")) {
            if (data == null) {
                throw new UsageException("--data FILE (TSV label<TAB>text or JSON lines) is required for a classifier");
            }
            try (var c = org.rnn4j.models.classify.Classifier.load(dir)) {
                var r = org.rnn4j.models.data.LabelledFiles.read(data, null);
                if (!r.problems().isEmpty()) {
                    out.println("skipped " + r.problems().size() + " bad line(s), first: " + r.problems().getFirst());
                }
                var preds = c.predict(r.examples().stream().map(org.rnn4j.models.data.LabelledFiles.Example::text).toList());
                List<String> labels = c.labels();
                int[] p = new int[preds.size()];
                int[] g = new int[preds.size()];
                int unknown = 0;
                for (int i = 0; i < p.length; i++) {
                    p[i] = labels.indexOf(preds.get(i).label());
                    g[i] = labels.indexOf(r.examples().get(i).label());
                    if (g[i] < 0) {
                        unknown++;
                        g[i] = (p[i] + 1) % labels.size();   // a label the model never saw counts as wrong
                    }
                }
                out.printf(Locale.ROOT, "examples: %d%s%n", p.length, unknown > 0 ? " (" + unknown + " with unseen labels)" : "");
                out.printf(Locale.ROOT, "accuracy: %.2f%%%n", 100 * Metrics.accuracy(p, g));
                out.printf(Locale.ROOT, "macro F1: %.4f%n", Metrics.f1(p, g, labels.size()).macroF1());
            }
            return Main.OK;
        }
        try (ModelFolder.Loaded model = ModelFolder.load(dir)) {
            List<DateData.Pair> pairs;
            if (data != null) {
                PairFiles.Read r = PairFiles.read(data.toString().startsWith(org.rnn4j.models.data.DataPaths.CACHE)
                        ? org.rnn4j.models.data.DataPaths.resolve(Path.of("."), data.toString()) : data);
                if (!r.problems().isEmpty()) {
                    out.println("skipped " + r.problems().size() + " bad line(s), first: " + r.problems().getFirst());
                }
                pairs = r.pairs();
            } else if ("dates".equals(model.config().data().dataset())) {
                pairs = DateData.generate(1000, 424242);
            } else {
                throw new UsageException("--data FILE is required for a model not trained on a built-in dataset");
            }
            List<String> outputs = model.predict(pairs.stream().map(DateData.Pair::source).toList());
            List<int[]> hyp = new ArrayList<>();
            List<int[]> ref = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                hyp.add(model.targetVocab().encode(model.tokenizer().split(outputs.get(i))));
                ref.add(model.targetVocab().encode(model.tokenizer().split(pairs.get(i).target())));
            }
            out.printf(Locale.ROOT, "examples: %d%n", pairs.size());
            out.printf(Locale.ROOT, "exact match: %.2f%%%n", 100 * Metrics.exactMatch(hyp, ref));
            out.printf(Locale.ROOT, "token accuracy: %.2f%%%n", 100 * Metrics.tokenAccuracy(hyp, ref));
            out.printf(Locale.ROOT, "error rate (edit distance / reference tokens, e.g. PER): %.2f%%%n",
                    100 * Metrics.errorRate(hyp, ref));
            out.printf(Locale.ROOT, "sequence error rate (any error, e.g. G2P WER): %.2f%%%n",
                    100 * Metrics.sequenceErrorRate(hyp, ref));
            out.printf(Locale.ROOT, "BLEU: %.2f%n", Metrics.bleu(hyp, ref));
        }
        return Main.OK;
    }
}
