package org.rnn4j.models.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The checksum every fetched file is checked against (npm tarballs and Debian packages alike). */
public final class Checksums {
    private Checksums() {
    }

    /** Hex sha256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Checks {@code file} against its pinned sha256 (case-insensitive): a mismatch is a one-line
     * error naming the file, {@code what} it should be, both values and {@code advice}.
     */
    public static void verifySha256(Path file, String expected, String what, String advice) throws IOException {
        String got = sha256(file);
        if (!got.equalsIgnoreCase(expected)) {
            throw new IOException("sha256 mismatch for " + file + (what.isEmpty() ? "" : " (" + what + ")") + ": expected "
                    + expected + ", got " + got + "; " + advice);
        }
    }
}
