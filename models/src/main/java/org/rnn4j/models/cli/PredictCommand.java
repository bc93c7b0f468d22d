package org.rnn4j.models.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.models.seq2seq.ModelFolder;

/** {@code rnn4j predict --model DIR [INPUT ...]}: runs a saved model on inputs. */
final class PredictCommand implements Command {

    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String summary() {
        return "run a saved model on inputs (arguments, or one per stdin line)";
    }

    @Override
    public String help() {
        return """
                Usage: rnn4j predict --model DIR [--json] [INPUT ...]

                Runs the model saved in DIR (for example runs/demo after 'rnn4j demo') on each
                INPUT argument, or on each line of standard input when no INPUT is given, and
                prints one result per line (greedy decoding).

                --model DIR   the model folder
                --json        print JSON lines {"input": ..., "output": ...}""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Path dir = null;
        boolean json = false;
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--model" -> dir = Path.of(Args.value(args, ++i, a));
                case "--json" -> json = true;
                default -> {
                    if (a.startsWith("--")) {
                        throw new UsageException("unknown option '" + a + "'");
                    }
                    inputs.add(a);
                }
            }
        }
        if (dir == null) {
            throw new UsageException("--model DIR is required");
        }
        if (inputs.isEmpty()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                inputs.add(line);
            }
        }
        try (ModelFolder.Loaded model = ModelFolder.load(dir)) {
            List<String> outputs = model.predict(inputs);
            for (int i = 0; i < inputs.size(); i++) {
                if (json) {
                    out.println("{\"input\":" + quote(inputs.get(i)) + ",\"output\":" + quote(outputs.get(i)) + "}");
                } else {
                    out.println(outputs.get(i));
                }
            }
        }
        return Main.OK;
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
