package org.rnn4j.models.cli;

import org.rnn4j.models.family.ConfigRun;
import org.rnn4j.models.family.Families;
import org.rnn4j.models.family.ModelFamily;
import org.rnn4j.models.train.Trainer;

import org.rnn4j.models.family.UsageException;
import java.util.Set;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.rnn4j.models.train.Progress;

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
                                   [--devices SPEC] [--resume | --overwrite]

                Trains the model the config describes (its "family"):
                %s
                Writes the run folder: model folder files (config.json, vocabularies,
                model.safetensors with the best weights, metrics.json), checkpoints/best and
                checkpoints/last, metrics.jsonl and curve.svg.

                --out DIR        run folder (default runs/<config file name>)
                --epochs N       override training.epochs
                --max-steps N    stop after N optimizer steps (still writes a complete model folder)
                --threads N      kernel threads (default: training.threads, else all cores)
                --devices SPEC   auto or cpu (one device, every core), cpu:N (one device of N
                                 threads), cpu:DxT (D devices of T threads; each batch is
                                 sharded over them), cuda:K (with the CUDA backend)
                --resume         continue from DIR/checkpoints/last (where it stopped, mid-epoch too)
                --overwrite      replace what DIR holds; the old files stay until the new run has
                                 written its model folder (without it a non-empty DIR is refused)

                A run holds a lock on DIR while it trains (a second run on DIR is refused).
                Ctrl-C (SIGINT) or SIGTERM: the step finishes, checkpoints/last is saved and the
                run exits with 130 / 143 and the --resume command; a second signal exits at once.""".formatted(families());
    }

    private static String families() {
        StringBuilder sb = new StringBuilder();
        for (ModelFamily f : Families.all()) {
            sb.append(String.format(java.util.Locale.ROOT, "  %-10s %s%n", "\"" + f.name() + "\"", f.description()));
        }
        return sb.toString().stripTrailing();
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Args o = Args.parse(args, Set.of("--out", "--epochs", "--max-steps", "--threads", "--devices"),
                Set.of("--resume", "--overwrite"), 1);
        if (o.positional().isEmpty()) {
            throw new UsageException("a CONFIG.json is required");
        }
        Path config = Path.of(o.positional().getFirst());
        Path dir = o.path("--out", null);
        Integer epochs = o.positiveInt("--epochs", null);
        Integer maxSteps = o.positiveInt("--max-steps", null);
        Integer threads = o.positiveInt("--threads", null);
        String devices = o.devices("--devices");
        boolean resume = o.has("--resume");
        boolean overwrite = o.has("--overwrite");
        if (resume && overwrite) {
            throw new UsageException("--resume and --overwrite exclude each other (--resume continues the run in --out,"
                    + " --overwrite replaces it)");
        }
        if (dir == null) {
            String name = config.getFileName().toString().replaceFirst("\\.json$", "");
            dir = Path.of("runs", name);
        }
        ModelFamily family = Families.ofConfig(config);
        out.println("training " + family.name() + " from " + config + " into " + dir);
        Trainer.Result s;
        try (StopSignals signals = StopSignals.install(err)) {
            s = ConfigRun.train(config, dir, new ConfigRun.Overrides(epochs, maxSteps, threads, resume, overwrite, devices), out,
                    Progress.forStdout(), List.of(signals));
            if (s.interrupted()) {
                StringBuilder again = new StringBuilder("./rnn4j train " + config + " --out " + dir + " --resume");
                if (epochs != null) {
                    again.append(" --epochs ").append(epochs);
                }
                if (maxSteps != null) {
                    again.append(" --max-steps ").append(maxSteps);
                }
                if (threads != null) {
                    again.append(" --threads ").append(threads);
                }
                if (devices != null) {
                    again.append(" --devices ").append(devices);
                }
                out.printf(Locale.ROOT, "interrupted by %s at step %d; checkpoints/last saved. Resume with:%n  %s%n",
                        s.stoppedBecause(), s.steps(), again);
                return signals.exitCode();
            }
            if (signals.received() != null) {
                // The signal came after the last step: the run finished and wrote its model folder.
                printDone(out, s, dir, family);
                out.println("(SIG" + signals.received() + " arrived as the run was finishing; the model folder is"
                        + " complete)");
                return signals.exitCode();
            }
        }
        printDone(out, s, dir, family);
        return Main.OK;
    }

    private static void printDone(PrintStream out, Trainer.Result s, Path dir, ModelFamily family) {
        out.printf(Locale.ROOT, "done: %d epoch(s), %d steps in %.1f s (%.1f s training); best validation %s %.4f%n",
                s.epochs(), s.steps(), s.wallSeconds(), s.trainSeconds(), s.metric(), s.bestMetric());
        out.println("model folder: " + dir + "  (try: " + family.tryNext(dir) + ")");
    }
}
