package org.rnn4j.models.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class SplitsTest {

    @Test
    void aSplitHoldsOutAtLeastOneExampleAndLeavesSomeToTrainOn() throws IOException {
        assertEquals(1, Splits.validationCount(4, 0.1, "examples"), "round(0.4) was 0: a score over no examples");
        assertEquals(10, Splits.validationCount(100, 0.1, "examples"));
        assertEquals(0, Splits.validationCount(1, 0, "examples"), "no split, no validation");
    }

    @Test
    void tooLittleDataSaysHowMuchIsNeeded() {
        IOException e = assertThrows(IOException.class, () -> Splits.validationCount(1, 0.2, "examples"));
        assertEquals("1 examples are too few for data.validationSplit 0.2: it holds out 1 and leaves nothing to train"
                + " on; give at least 2 examples (one to validate on, one to train on), or set data.validationSplit to 0",
                e.getMessage());
        assertEquals(1, assertDoesNotThrow(() -> Splits.validationCount(2, 0.5, "examples")));
    }
}
