package org.rnn4j.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines on stderr, so the result table on stdout stays clean. */
final class Progress {
    private Progress() {
    }

    static void line(String what) {
        System.err.println("[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + what);
    }
}
