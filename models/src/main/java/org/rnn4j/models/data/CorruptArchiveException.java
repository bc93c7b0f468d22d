package org.rnn4j.models.data;

import java.io.IOException;

/** An archive or data file whose bytes do not follow its format; the message names the file and the offset. */
public final class CorruptArchiveException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptArchiveException(String message) {
        super(message);
    }

    public CorruptArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
