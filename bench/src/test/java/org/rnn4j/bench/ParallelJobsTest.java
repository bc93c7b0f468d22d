package org.rnn4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnn4j.models.train.Trainer;

class ParallelJobsTest {

    @Test
    void theDateJobTrainsOnEveryMeasuredSpecAndSaysWhatMemoryItTook() throws Exception {
        long one;
        try (ParallelJobs.Job j = ParallelJobs.open("dates")) {
            Trainer.Result r = ParallelJobs.train(j, "cpu:1", 2);
            assertEquals(2, r.steps());
            one = r.stepBytes();
        }
        try (ParallelJobs.Job j = ParallelJobs.open("dates")) {
            Trainer.Result r = ParallelJobs.train(j, ParallelJobs.spec(2, 1), 2);
            assertEquals(2, r.steps());
            assertTrue(r.stepBytes() > one, "a second device adds its replica and workspace: " + r.stepBytes() + " vs " + one);
        }
        assertEquals("cpu:2", ParallelJobs.spec(1, 2));
        assertEquals("cpu:2x1", ParallelJobs.spec(2, 1));
        assertThrows(IllegalArgumentException.class, () -> ParallelJobs.open("S9"));
    }
}
