package org.rnn4j.models.cli;

import org.rnn4j.models.family.UsageException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rnn4j command-line tool. Exit codes: 0 ok, 1 failure, 2 usage.
 *
 * <p>Errors are one line plus a hint; a stack trace only with {@code --debug}. The launcher
 * script handles {@code test} and {@code bench} itself (they need Maven and the bench module).
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private final Map<String, Command> commands = new LinkedHashMap<>();

    public Main() {
        for (Command c : List.of(new DemoCommand(), new TrainCommand(), new EvalCommand(), new PredictCommand(),
                new DevicesCommand(), new DataCommand())) {
            commands.put(c.name(), c);
        }
    }

    public static void main(String[] args) {
        System.exit(new Main().run(List.of(args), System.out, System.err));
    }

    /** Runs one command line and returns its exit code. */
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        List<String> args = new ArrayList<>(argv);
        boolean debug = args.remove("--debug");
        if (args.isEmpty() || args.getFirst().equals("--help") || args.getFirst().equals("-h")
                || args.getFirst().equals("help")) {
            if (args.size() > 1 && commands.containsKey(args.get(1))) {
                out.println(commands.get(args.get(1)).help());
            } else {
                out.println(usage());
            }
            return args.isEmpty() ? USAGE : OK;
        }
        String name = args.removeFirst();
        Command command = commands.get(name);
        if (command == null) {
            err.println("rnn4j: unknown command '" + name + "'");
            err.println("hint: run 'rnn4j --help' for the list of commands");
            return USAGE;
        }
        if (args.contains("--help") || args.contains("-h")) {
            out.println(command.help());
            return OK;
        }
        try {
            return command.run(args, out, err);
        } catch (UsageException e) {
            err.println("rnn4j " + name + ": " + e.getMessage());
            err.println("hint: run 'rnn4j " + name + " --help'");
            return USAGE;
        } catch (Exception | OutOfMemoryError e) {
            err.println("rnn4j " + name + ": " + Errors.explain(e));
            if (debug) {
                e.printStackTrace(err);
            } else {
                err.println("hint: run again with --debug for the stack trace");
            }
            return FAILURE;
        }
    }

    String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: rnn4j COMMAND [ARGS...] [--debug]\n\nCommands:\n");
        for (Command c : commands.values()) {
            sb.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        }
        sb.append(String.format("  %-10s %s%n", "bench", "run the JMH benchmarks (see 'rnn4j bench --help')"));
        sb.append(String.format("  %-10s %s%n", "test", "run the whole test suite (--gpu, --network add tagged tests)"));
        sb.append("Run 'rnn4j COMMAND --help' for a command's options.");
        return sb.toString();
    }
}
