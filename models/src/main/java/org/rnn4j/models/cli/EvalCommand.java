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
                --data, a model trained on the built-in dates dataset is measured on 1000 fresh
                generated dates.""";
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
        try (ModelFolder.Loaded model = ModelFolder.load(dir)) {
            List<DateData.Pair> pairs;
            if (data != null) {
                PairFiles.Read r = PairFiles.read(data);
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
            out.printf(Locale.ROOT, "error rate (edit distance / reference tokens): %.2f%%%n",
                    100 * Metrics.errorRate(hyp, ref));
            out.printf(Locale.ROOT, "BLEU: %.2f%n", Metrics.bleu(hyp, ref));
        }
        return Main.OK;
    }
}
