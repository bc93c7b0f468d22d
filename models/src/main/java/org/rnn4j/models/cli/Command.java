package org.rnn4j.models.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of the rnn4j CLI. */
interface Command {

    /** The word that selects it on the command line. */
    String name();

    /** One line for the command list. */
    String summary();

    /** Full help text, printed by {@code rnn4j NAME --help}. */
    String help();

    /**
     * Runs with the arguments after the command word.
     *
     * @return the exit code: {@link Main#OK}, {@link Main#FAILURE} or {@link Main#USAGE}
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
