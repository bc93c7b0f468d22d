package org.rnn4j.models.cli;

import org.rnn4j.models.family.Families;

import org.rnn4j.models.family.UsageException;
import java.util.Set;
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
        Args o = Args.parse(args, Set.of("--model", "--data"), Set.of(), 0);
        Path dir = o.path("--model", null);
        Path data = o.path("--data", null);
        if (dir == null) {
            throw new UsageException("--model DIR is required");
        }
        Families.ofFolder(dir).evaluate(dir, data, out);
        return Main.OK;
    }
}
