package org.rnn4j.models.cli;

import org.rnn4j.models.family.Families;

import org.rnn4j.models.family.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

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
        Families.ofFolder(dir).evaluate(dir, data, out);
        return Main.OK;
    }
}
