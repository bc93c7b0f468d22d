package org.rnn4j.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file that cannot be read or written as asked: a malformed or truncated file (the
 * message names the file, the problem and, for header errors, the byte offset from the start of
 * the file), a tensor whose dtype cannot be read as float, or a file that does not fit the model
 * it is loaded into (missing or unexpected tensors, shape mismatches; the message names the tensor
 * and both shapes).
 *
 * <p>It is an {@link IOException}, checked: opening and writing files throws {@code IOException}
 * anyway, and a bad checkpoint is a condition a caller should handle, not a bug. Caller errors
 * that have nothing to do with the file's contents (asking for a name the file does not have,
 * null arguments, using a closed file) are unchecked {@link IllegalArgumentException} /
 * {@link IllegalStateException}.
 */
public class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public SafetensorsException(Path file, String message) {
        super(message);
        this.file = file;
    }

    public SafetensorsException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file concerned (null if there is none, or after deserialization: the message still names it). */
    public Path file() {
        return file;
    }
}
