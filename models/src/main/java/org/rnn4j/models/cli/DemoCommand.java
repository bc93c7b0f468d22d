package org.rnn4j.models.cli;

import org.rnn4j.models.family.UsageException;
import java.util.Set;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.rnn4j.core.device.CpuInfo;
import org.rnn4j.core.kernel.Parallel;
import org.rnn4j.models.seq2seq.DateDemo;
import org.rnn4j.models.seq2seq.ModelFolder;
import org.rnn4j.models.train.Progress;

/** {@code rnn4j demo}: the embedded default model, trained and used in under a minute. */
final class DemoCommand implements Command {

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "train the embedded date-format translator and show what it learned";
    }

    @Override
    public String help() {
        return """
                Usage: rnn4j demo [--out DIR] [--steps N] [--seconds S] [--threads N] [--devices SPEC]

                Trains a character-level encoder-decoder with attention (bidirectional LSTM
                encoder, LSTM decoder, Luong attention) that rewrites dates written in many
                formats ("April 22, 2019", "22.04.2019", "Monday 22 April 2019", ...) as ISO
                8601 ("2019-04-22"), on generated data (seeded; nothing is downloaded). Then it
                prints sample translations and the exact-match rate on 1000 held-out dates, and
                saves the model folder (default runs/demo) for 'rnn4j predict --model DIR'.

                --out DIR     where to save the model folder (default runs/demo)
                --steps N     at most N optimizer steps (default 3000)
                --seconds S   at most S seconds of training (default 40)
                --threads N   kernel threads (default: all cores)
                --devices SPEC  cpu:N (one device of N threads) or cpu:DxT (D devices of T
                              threads, each batch sharded over them)""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Args o = Args.parse(args, Set.of("--out", "--steps", "--seconds", "--threads", "--devices"), Set.of(), 0);
        String devices = o.devices("--devices");
        Path dir = o.path("--out", Path.of("runs", "demo"));
        DateDemo.Settings s = DateDemo.Settings.defaults();
        int steps = o.positiveInt("--steps", s.maxSteps());
        double seconds = o.positiveDouble("--seconds", s.maxSeconds());
        if (o.has("--threads")) {
            Parallel.setThreads(o.positiveInt("--threads", null));
        }
        out.println(CpuInfo.detect().describe() + "; " + (devices != null ? "devices " + devices
                : Parallel.threads() + " kernel thread(s)"));
        out.println("training a date-format translator (seq2seq with attention) on generated data...");
        refuseForeignModel(dir);
        try (DateDemo demo = new DateDemo(s.withSteps(steps, seconds)).devices(devices)) {
            DateDemo.Result r = demo.run(out, Progress.forStdout());
            out.println();
            out.printf(Locale.ROOT, "%-32s %-12s %-12s %s%n", "input", "output", "expected", "right");
            for (String[] row : r.samples()) {
                out.printf(Locale.ROOT, "%-32s %-12s %-12s %s%n", row[0], row[1], row[2], row[3]);
            }
            out.println();
            out.printf(Locale.ROOT, "trained %d steps in %.1f s, last loss %.4f%n", r.steps(), r.trainSeconds(),
                    r.lastLoss());
            ModelFolder.save(dir, demo, r);
            out.println("model saved to " + dir + "  (try: ./rnn4j predict --model " + dir + " \"3 March 1999\")");
            out.printf(Locale.ROOT, "held-out exact match: %.1f%% (N=%d)%n", r.exactMatch(), r.heldOut());
        }
        return Main.OK;
    }

    /**
     * The demo replaces the demo model it saved before, and nothing else: a folder holding other
     * files (another model, a run) is refused before training starts.
     */
    static void refuseForeignModel(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        Path cfg = dir.resolve("config.json");
        boolean demo = false;
        if (java.nio.file.Files.isRegularFile(cfg)) {
            try {
                var json = org.rnn4j.models.train.RunFiles.readJson(cfg);
                demo = json.path("family").asString("").equals("seq2seq")
                        && json.path("data").path("dataset").asString("").equals("dates")
                        && !java.nio.file.Files.exists(dir.resolve("checkpoints"));
            } catch (java.io.IOException | RuntimeException e) {
                demo = false;
            }
        }
        boolean empty;
        try (var list = java.nio.file.Files.list(dir)) {
            empty = list.findAny().isEmpty();
        }
        if (!demo && !empty) {
            throw new java.io.IOException(dir + " holds something other than a demo model; the demo will not write over"
                    + " it: give another folder with --out");
        }
    }
}
