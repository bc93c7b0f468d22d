package org.rnn4j.models.data.sets;

import org.rnn4j.models.data.archive.DebArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Data sets made from Debian packages: fetch the pinned {@code .deb} files with
 * {@code apt-get download}, check their sha256, unpack them and convert them to a training file.
 * Layout under the cache folder ({@code -Drnn4j.data}, else {@code $RNN4J_DATA}, else {@code ~/.cache/rnn4j}):
 * {@code debian/<file>.deb}, {@code debian/<package>_<version>/} (unpacked files) and
 * {@code <dataset>/<output>}. A finished output file is reused as is; a {@code .deb} already in
 * {@code debian/} is used without a download (after its checksum is checked), which is how to work
 * offline.
 */
public final class DebianData {
    /** Time allowed for one {@code apt-get download}. */
    public static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(5);

    /**
     * A pinned Debian package: name, exact version, sha256 of the .deb, the file name apt-get
     * gives it (an epoch's ':' becomes {@code %3a}) and its path in the Debian archive's pool.
     */
    public record Package(String name, String version, String sha256, String fileName, String poolPath) {
        /** The archive address of the .deb, for fetching it by hand. */
        public String url() {
            return "https://deb.debian.org/debian/" + poolPath;
        }
    }

    /** Turns the unpacked packages (one folder each, in order) into the output file; returns a count for the log. */
    @FunctionalInterface
    public interface Converter {
        int convert(List<Path> unpacked, Path out) throws IOException;
    }

    /** A data set: its name, packages, output file name, which package files to unpack, and the converter. */
    public record Dataset(String name, List<Package> packages, String output, String unpackPrefix, Converter converter) {}

    /** Fetches one package ({@code name=version}) into a folder. */
    @FunctionalInterface
    public interface Downloader {
        void download(Package pkg, Path dir) throws IOException;
    }

    public static final Package FORTUNES = new Package("fortunes", "1:1.99.1-7.3",
            "41d0551dc0ff52f875a2ecef7c39da2f672ab468c37e170119f7e0245a9d63c5",
            "fortunes_1%3a1.99.1-7.3_all.deb", "pool/main/f/fortune-mod/fortunes_1.99.1-7.3_all.deb");
    public static final Package SWORD_KJV = new Package("sword-text-kjv", "14.3-1",
            "9f463f28ce665f6f528fc723179722bced880a4c5485f7a41bf742838315de57",
            "sword-text-kjv_14.3-1_all.deb", "pool/main/s/sword-text-kjv/sword-text-kjv_14.3-1_all.deb");
    public static final Package SWORD_SPARV = new Package("sword-text-sparv", "2.60-1",
            "5c87f9b2bc97457e8a872f5bae7ea7ce59cb3de1dcee73e4d4740451863694cf",
            "sword-text-sparv_2.60-1_all.deb", "pool/main/s/sword-text-sparv/sword-text-sparv_2.60-1_all.deb");

    private static final Map<String, Dataset> DATASETS = new LinkedHashMap<>();

    static {
        add(new Dataset("fortunes", List.of(FORTUNES), "fortunes.txt", "usr/share/games/fortunes/",
                (dirs, out) -> {
                    List<String> f = Fortunes.read(dirs.get(0).resolve("usr/share/games/fortunes"));
                    Fortunes.write(f, out);
                    return f.size();
                }));
        add(new Dataset("bible-en-es", List.of(SWORD_KJV, SWORD_SPARV), "bible-en-es.tsv", "usr/share/sword/modules/texts/ztext/",
                (dirs, out) -> BibleParallel.write(
                        dirs.get(0).resolve("usr/share/sword/modules/texts/ztext/engKJV2006eb"),
                        dirs.get(1).resolve("usr/share/sword/modules/texts/ztext/spaRV1909eb"), out)));
    }

    private static void add(Dataset d) {
        DATASETS.put(d.name(), d);
    }

    private DebianData() {}

    /** The built-in data set names ({@code fortunes}, {@code bible-en-es}). */
    public static List<String> names() {
        return List.copyOf(DATASETS.keySet());
    }

    /** The built-in data set called {@code name}. */
    public static Dataset dataset(String name) {
        Dataset d = DATASETS.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown Debian data set '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return d;
    }

    /** The one data cache of every data set: {@code -Drnn4j.data}, else {@code $RNN4J_DATA}, else {@code ~/.cache/rnn4j}. */
    public static Path defaultCache() {
        return org.rnn4j.models.data.DataPaths.cacheRoot();
    }

    /** Fetches, checks, unpacks and converts the data set {@code name}; returns its output file. */
    public static Path get(String name, Path cache) throws IOException {
        return get(dataset(name), cache, DebianData::aptGetDownload);
    }

    /** As {@link #get(String, Path)} for any data set and download method (tests use local fixtures). */
    public static Path get(Dataset d, Path cache, Downloader downloader) throws IOException {
        Path out = cache.resolve(d.name()).resolve(d.output());
        if (Files.isRegularFile(out)) {
            return out;
        }
        Path debs = cache.resolve("debian");
        Files.createDirectories(debs);
        List<Path> unpacked = new ArrayList<>();
        for (Package p : d.packages()) {
            Path deb = fetch(p, debs, downloader);
            unpacked.add(unpack(p, deb, debs, d.unpackPrefix()));
        }
        Files.createDirectories(out.getParent());
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        d.converter().convert(unpacked, tmp);
        org.rnn4j.core.io.AtomicFiles.move(tmp, out);
        return out;
    }

    /** The checked .deb for {@code p} in {@code debs}, downloading it if absent. */
    static Path fetch(Package p, Path debs, Downloader downloader) throws IOException {
        Path deb = debs.resolve(p.fileName());
        Path poolName = debs.resolve(p.poolPath().substring(p.poolPath().lastIndexOf('/') + 1));
        if (!Files.isRegularFile(deb) && Files.isRegularFile(poolName)) {
            deb = poolName; // fetched by hand from the archive
        }
        if (!Files.isRegularFile(deb)) {
            downloader.download(p, debs);
            if (!Files.isRegularFile(deb)) {
                throw new IOException("download of " + p.name() + "=" + p.version() + " did not produce " + deb);
            }
        }
        verify(p, deb);
        return deb;
    }

    /** Checks the .deb's sha256 against the pinned one: a one-line error naming both on mismatch. */
    public static void verify(Package p, Path deb) throws IOException {
        org.rnn4j.models.data.Checksums.verifySha256(deb, p.sha256(), p.name() + " " + p.version(),
                "delete the file and fetch it again");
    }

    private static Path unpack(Package p, Path deb, Path debs, String prefix) throws IOException {
        Path dir = debs.resolve(p.name() + "_" + p.version().replace(':', '_'));
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path tmp = debs.resolve(dir.getFileName() + ".part");
        org.rnn4j.core.io.AtomicFiles.deleteTree(tmp);
        DebArchive.extract(deb, n -> n.startsWith(prefix), tmp);
        org.rnn4j.core.io.AtomicFiles.move(tmp, dir);
        return dir;
    }

    /** Runs {@code apt-get download name=version} in {@code dir}, with {@link #DOWNLOAD_TIMEOUT}. */
    public static void aptGetDownload(Package p, Path dir) throws IOException {
        runDownload(List.of("apt-get", "download", p.name() + "=" + p.version()), p, dir, DOWNLOAD_TIMEOUT);
    }

    /** Runs a download command (e.g. apt-get) in {@code dir}; errors say what to install or fetch by hand. */
    static void runDownload(List<String> command, Package p, Path dir, Duration timeout) throws IOException {
        Path log = Files.createTempFile(dir, "apt-get", ".log");
        String byHand = "or fetch " + p.url() + " by hand into " + dir + " (sha256 " + p.sha256() + ")";
        try {
            Process proc;
            try {
                proc = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new IOException("cannot run '" + command.get(0) + "' (" + e.getMessage() + "): rnn4j fetches "
                        + p.name() + " with `apt-get download`; install apt (Debian/Ubuntu) " + byHand, e);
            }
            boolean finished;
            try {
                finished = proc.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                proc.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + p.name(), e);
            }
            if (!finished) {
                proc.destroyForcibly();
                throw new IOException("`" + String.join(" ", command) + "` did not finish within " + timeout.toSeconds()
                        + " s: is the Debian archive reachable? " + byHand);
            }
            if (proc.exitValue() != 0) {
                throw new IOException("`" + String.join(" ", command) + "` failed (exit " + proc.exitValue() + "): "
                        + lastLine(log) + ". The archive may be unreachable or the package lists stale (run "
                        + "`apt-get update`; the pinned version is from Debian 12 bookworm), " + byHand);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("E:")) {
                return lines.get(i);
            }
        }
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }
}
