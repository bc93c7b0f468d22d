package org.rnn4j.models.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.models.train.TrainListener;
import org.rnn4j.models.train.Trainer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM during {@code rnn4j train}: the first lets the current step finish, then the
 * run saves {@code checkpoints/last} and ends (exit 130 or 143, with the resume command printed);
 * a second exits at once. Installed for the run and put back after it.
 */
final class StopSignals implements TrainListener, AutoCloseable {
    private final PrintStream err;
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile String received;

    private StopSignals(PrintStream err) {
        this.err = err;
    }

    /** Handles INT and TERM until closed (a platform without one of them keeps its default). */
    static StopSignals install(PrintStream err) {
        StopSignals s = new StopSignals(err);
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal sig = new Signal(name);
                SignalHandler old = Signal.handle(sig, s::onSignal);
                s.signals.add(sig);
                s.previous.add(old);
            } catch (IllegalArgumentException e) {
                // not available here (or reserved by the JVM): the default stays
            }
        }
        return s;
    }

    private void onSignal(Signal sig) {
        if (received != null) {
            err.println("\nrnn4j train: second SIG" + sig.getName() + ": exiting now (checkpoints/last is the last one"
                    + " saved before)");
            err.flush();
            Runtime.getRuntime().halt(128 + sig.getNumber());
        }
        received = sig.getName();
        err.println("\nrnn4j train: SIG" + sig.getName() + ": finishing this step and saving checkpoints/last"
                + " (again to exit at once)");
        err.flush();
    }

    /** The signal received ("INT", "TERM"), or null. */
    String received() {
        return received;
    }

    /** The exit code for the signal received: 128 + its number (130 for INT, 143 for TERM). */
    int exitCode() {
        return "TERM".equals(received) ? 143 : 130;
    }

    @Override
    public void afterStep(Trainer.State s) {
        if (received != null) {
            s.interrupt("SIG" + received);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
