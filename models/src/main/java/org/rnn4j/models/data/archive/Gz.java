package org.rnn4j.models.data.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens a file, decompressing it when it starts with the gzip magic bytes. */
public final class Gz {
    private Gz() {
    }

    static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    public static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
        raw.reset();
        if (!gz) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw new IOException(file + ": corrupt gzip header (" + e.getMessage() + ")", e);
        }
    }
}
