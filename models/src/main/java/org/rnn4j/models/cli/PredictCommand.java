package org.rnn4j.models.cli;

import org.rnn4j.models.family.Families;
import org.rnn4j.models.family.PredictOptions;

import org.rnn4j.models.family.UsageException;
import java.util.Set;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
                Usage: rnn4j predict --model DIR [--beam K [--nbest N]] [--sample [--temperature T]
                                     [--top-k K] [--seed S]] [--json] [INPUT ...]

                Runs the model saved in DIR (for example runs/demo after 'rnn4j demo') on each
                INPUT argument, or on each line of standard input when no INPUT is given, and
                prints one result per line (greedy decoding unless --beam or --sample).

                --model DIR       the model folder
                --beam K          beam search of width K (length-normalised scores)
                --nbest N         print the N best hypotheses of the beam (N <= K), with scores
                --sample          sample instead of decoding greedily
                --temperature T   sampling temperature (default 1.0)
                --top-k K         sample among the K most likely tokens (default 0 = all)
                --seed S          sampling seed (default 1)
                --json            print JSON lines: {"input": ..., "output": ...[, "nbest": [...]]} for
                                  sequence outputs, {"input": ..., "label": ..., "probability": ...}
                                  for a classifier ({"input": ..., "output": [values]} for regression)

                An option the model does not use is an error: beam search and sampling are for
                sequence outputs (seq2seq; a language model samples), and --temperature, --top-k
                and --seed need --sample (a language model takes them without it).""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Args o = Args.parse(args, Set.of("--model", "--beam", "--nbest", "--temperature", "--top-k", "--seed"),
                Set.of("--json", "--sample"), Integer.MAX_VALUE);
        Path dir = o.path("--model", null);
        boolean json = o.has("--json");
        int beam = o.positiveInt("--beam", 0);
        int nBest = o.positiveInt("--nbest", 1);
        boolean sample = o.has("--sample");
        Double temperature = o.positiveDouble("--temperature", null);
        int topK = o.nonNegativeInt("--top-k", 0);
        long seed = o.positiveInt("--seed", 1);
        List<String> inputs = new ArrayList<>(o.positional());
        if (dir == null) {
            throw new UsageException("--model DIR is required");
        }
        if (nBest > Math.max(beam, 1)) {
            throw new UsageException("--nbest " + nBest + " needs --beam K with K >= " + nBest);
        }
        if (sample && beam > 0) {
            throw new UsageException("--beam and --sample exclude each other");
        }
        Set<String> given = new java.util.HashSet<>();
        for (String opt : List.of("--beam", "--nbest", "--sample", "--temperature", "--top-k", "--seed")) {
            if (o.has(opt)) {
                given.add(opt);
            }
        }
        PredictOptions options = new PredictOptions(beam, nBest, sample, temperature == null ? null
                : temperature.floatValue(), topK, seed, json, given);
        var family = Families.ofFolder(dir);
        if (!inputs.isEmpty()) {
            family.predict(dir, options, inputs, out);
            return Main.OK;
        }
        // Standard input, answered as it comes: whatever lines are there (up to 256) at a time, without
        // waiting for the end of the input (with --sample, at the end: see below). Strict UTF-8: bytes that are not UTF-8 are an error naming
        // the line, never silently replaced.
        java.io.InputStream in = new java.io.BufferedInputStream(System.in);
        List<String> chunk = new ArrayList<>();
        int lineNo = 0;
        long offset = 0;
        while (true) {
            String line = null;
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            int b = in.read();
            while (b != -1 && b != '\n') {
                bytes.write(b);
                b = in.read();
            }
            if (b != -1 || bytes.size() > 0) {
                lineNo++;
                byte[] raw = bytes.toByteArray();
                try {
                    line = org.rnn4j.models.data.Utf8.decode(raw, "standard input", lineNo, offset);
                } catch (java.io.IOException e) {
                    throw new UsageException(e.getMessage());
                }
                offset += raw.length + 1;
                chunk.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            }
            // Sampling draws from one stream per call: its lines are answered in one call, so that the
            // same input and seed give the same samples however the lines arrive.
            if (!chunk.isEmpty() && (line == null || (!sample && (chunk.size() >= 256 || in.available() == 0)))) {
                family.predict(dir, options, chunk, out);
                out.flush();
                chunk.clear();
            }
            if (line == null) {
                return Main.OK;
            }
        }
    }
}
