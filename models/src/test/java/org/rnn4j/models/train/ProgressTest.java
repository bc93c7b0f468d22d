package org.rnn4j.models.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress line's rate counts only the work of this process, also after a resume. */
class ProgressTest {

    private static String line(Progress p, ByteArrayOutputStream buf, long done, long total) {
        buf.reset();
        p.update(done, total, "step", true);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aResumedRunDoesNotCountTheEarlierStepsInItsRate() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        Progress fresh = new Progress(out, false, 60);
        Progress resumed = new Progress(out, false, 60);
        resumed.resumeFrom(1_000_000);
        Thread.sleep(50);
        // Nothing done yet by the resumed process: rate 0 and no ETA, not 1,000,000 units over 50 ms.
        String r = line(resumed, buf, 1_000_000, 2_000_000);
        assertTrue(r.contains("| 0 seq/s |") && r.endsWith("ETA 0:00\n"), r);
        // The same count on a fresh run is all this process's work: at least 100,000 per second (unless this took 10 s).
        String f = line(fresh, buf, 1_000_000, 2_000_000);
        long rate = Long.parseLong(f.split("\\| ")[1].split(" ")[0]);
        assertTrue(rate > 100_000, f);
    }
}
