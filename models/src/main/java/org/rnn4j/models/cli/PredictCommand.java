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
                --json            print JSON lines {"input": ..., "output": ...[, "nbest": [...]]}""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Path dir = null;
        boolean json = false;
        int beam = 0;
        int nBest = 1;
        boolean sample = false;
        float temperature = 1f;
        int topK = 0;
        long seed = 1;
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--model" -> dir = Path.of(Args.value(args, ++i, a));
                case "--json" -> json = true;
                case "--beam" -> beam = Args.positiveInt(args, ++i, a);
                case "--nbest" -> nBest = Args.positiveInt(args, ++i, a);
                case "--sample" -> sample = true;
                case "--temperature" -> temperature = (float) Args.positiveDouble(args, ++i, a);
                case "--top-k" -> topK = Args.positiveInt(args, ++i, a);
                case "--seed" -> seed = Args.positiveInt(args, ++i, a);
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
        if (nBest > Math.max(beam, 1)) {
            throw new UsageException("--nbest " + nBest + " needs --beam K with K >= " + nBest);
        }
        if (sample && beam > 0) {
            throw new UsageException("--beam and --sample exclude each other");
        }
        if (inputs.isEmpty()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                inputs.add(line);
            }
        }
        if (ModelFolders.family(dir).equals("vec2seq")) {
            try (var v = org.rnn4j.models.vec2seq.Vec2SeqRun.load(dir)) {
                if (v.imageInputs()) {
                    throw new UsageException(dir + " reads images of digit strings, whose inputs are pixels, not text:"
                            + " measure it with 'rnn4j eval --model " + dir + "' or use"
                            + " org.rnn4j.models.vec2seq.Vec2SeqRun.predict from Java");
                }
                List<float[]> feats = new ArrayList<>();
                for (String in : inputs) {
                    feats.add(org.rnn4j.models.vec2seq.Vec2SeqRun.parseFeatures(in));
                }
                List<String> res = v.predict(feats);
                for (int i = 0; i < inputs.size(); i++) {
                    out.println(json ? "{\"input\":" + quote(inputs.get(i)) + ",\"output\":" + quote(res.get(i)) + "}"
                            : res.get(i));
                }
            }
            return Main.OK;
        }
        if (ModelFolders.family(dir).equals("video")) {
            throw new UsageException(dir + " holds a video classifier, whose inputs are frames, not text: measure it"
                    + " with 'rnn4j eval --model " + dir + "' or use org.rnn4j.models.video.VideoRun from Java");
        }
        if (ModelFolders.family(dir).equals("lm")) {
            try (var lm = org.rnn4j.models.lm.LmRun.load(dir)) {
                var g = lm.config().generation();
                float t = sample ? temperature : g.temperature();
                int k = topK > 0 ? topK : g.topK();
                for (String prompt : inputs) {
                    String text = lm.generate(prompt, g.length(), t, k, seed);
                    out.println(json ? "{\"input\":" + quote(prompt) + ",\"output\":" + quote(text) + "}" : prompt + text);
                }
            }
            return Main.OK;
        }
        if (ModelFolders.family(dir).equals("seq2vec")) {
            try (var c = org.rnn4j.models.classify.Classifier.load(dir)) {
                var preds = c.predict(inputs);
                for (int i = 0; i < inputs.size(); i++) {
                    if (json) {
                        out.println("{\"input\":" + quote(inputs.get(i)) + ",\"label\":" + quote(preds.get(i).label())
                                + ",\"probability\":" + String.format(java.util.Locale.ROOT, "%.6f",
                                preds.get(i).probability()) + "}");
                    } else {
                        out.printf(java.util.Locale.ROOT, "%s\t%.4f%n", preds.get(i).label(), preds.get(i).probability());
                    }
                }
            }
            return Main.OK;
        }
        try (ModelFolder.Loaded model = ModelFolder.load(dir)) {
            if (beam > 0 || sample) {
                List<List<ModelFolder.Loaded.Scored>> res = model.decode(inputs, beam, nBest, temperature, topK, seed);
                for (int i = 0; i < inputs.size(); i++) {
                    List<ModelFolder.Loaded.Scored> hs = res.get(i);
                    if (json) {
                        StringBuilder nb = new StringBuilder("[");
                        for (int k = 0; k < hs.size(); k++) {
                            nb.append(k > 0 ? "," : "").append("{\"output\":").append(quote(hs.get(k).text()))
                                    .append(",\"score\":").append(String.format(java.util.Locale.ROOT, "%.6f", hs.get(k).score()))
                                    .append('}');
                        }
                        out.println("{\"input\":" + quote(inputs.get(i)) + ",\"output\":" + quote(hs.getFirst().text())
                                + ",\"nbest\":" + nb + "]}");
                    } else if (nBest > 1) {
                        for (ModelFolder.Loaded.Scored h : hs) {
                            out.printf(java.util.Locale.ROOT, "%s\t%.4f%n", h.text(), h.score());
                        }
                        out.println();
                    } else {
                        out.println(hs.getFirst().text());
                    }
                }
                return Main.OK;
            }
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
