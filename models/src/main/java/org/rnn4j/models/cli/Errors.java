package org.rnn4j.models.cli;

import org.rnn4j.models.text.Snippet;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * The edge between the JDK's errors and the user: each I/O or memory failure becomes one line
 * that names the file (and what went wrong with it) and, where there is one, what to do. The
 * readers name their own files, lines and byte offsets; this catches what reaches the command
 * line unexplained.
 */
final class Errors {
    private Errors() {
    }

    /** One line for {@code e}. */
    static String explain(Throwable e) {
        return switch (e) {
            case NoSuchFileException f -> f.getFile() + ": " + (f.getReason() != null ? f.getReason()
                    : "no such file or directory");
            case AccessDeniedException f -> f.getFile() + ": permission denied (check the file's and its folder's"
                    + " permissions)";
            case FileSystemException f -> fileSystem(f);
            case CharacterCodingException c -> "text that is not UTF-8 (" + c + "); save it as UTF-8";
            case OutOfMemoryError m -> outOfMemory(m);
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }

    private static String fileSystem(FileSystemException f) {
        String reason = f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        String where = f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "");
        String hint = switch (reason) {
            case "No space left on device" -> " (free some space and run again with --resume; the last checkpoint is"
                    + " intact)";
            case "Read-only file system" -> " (write to another folder with --out)";
            case "Is a directory", "No such device" -> " (a folder where a file was expected)";
            case "Not a directory" -> " (a file where a folder was expected)";
            default -> "";
        };
        return where + ": " + reason + hint;
    }

    private static String outOfMemory(OutOfMemoryError m) {
        String why = m.getMessage() == null ? "" : m.getMessage();
        if (why.contains("-Drnn4j.maxNativeBytes")) {
            // rnn4j's tensors live outside the JVM's heap; the refusal came before anything was allocated.
            return "out of memory: " + why + "; make the model smaller (hidden, layers, embedding) or lower"
                    + " training.batchSize";
        }
        return String.format(Locale.ROOT, "out of memory (%s): the JVM's heap limit is %d MiB; raise it with"
                        + " JAVA_TOOL_OPTIONS=-Xmx<size>, or make the model or the batch smaller",
                why.isEmpty() ? "no detail" : Snippet.of(why), Runtime.getRuntime().maxMemory() >> 20);
    }
}
