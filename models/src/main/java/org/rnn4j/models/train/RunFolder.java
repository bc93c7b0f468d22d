package org.rnn4j.models.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rnn4j.models.metrics.MetricsLog;

/**
 * The folder a training run owns (see docs/reliability.md): a fresh run takes only an empty or
 * new folder; {@code --resume} takes the folder of the run it continues; {@code --overwrite}
 * trains beside the old folder and replaces it only once the new model folder is complete. While
 * the run lasts it holds an exclusive lock on {@code .rnn4j.lock} in the folder (a second run on
 * the same folder is refused with a line naming the holder).
 */
public final class RunFolder implements AutoCloseable {
    /** The lock file in a run folder. */
    public static final String LOCK = ".rnn4j.lock";

    /** How a run takes its folder. */
    public enum Mode { FRESH, RESUME, OVERWRITE }

    private final Path target;
    private final Path dir;
    private final Lock lock;
    private final Lock targetLock;

    private RunFolder(Path target, Path dir, Lock lock, Lock targetLock) {
        this.target = target;
        this.dir = dir;
        this.lock = lock;
        this.targetLock = targetLock;
    }

    /** Takes {@code out} for a run; the errors say what is there and which flag would proceed. */
    public static RunFolder open(Path out, Mode mode) throws IOException {
        boolean used = isUsed(out);
        if (used) {
            Lock.take(out).close();   // a folder another run is using is refused as such, whatever the mode
        }
        Path staging = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".new");
        if (mode == Mode.RESUME && Files.isDirectory(staging.resolve("checkpoints").resolve("last"))) {
            // An interrupted --overwrite run: go on with it; it replaces out when it is done.
            Lock old = Lock.take(out);
            try {
                return new RunFolder(out, staging, Lock.take(staging), old);
            } catch (IOException | RuntimeException e) {
                old.close();
                throw e;
            }
        }
        if (mode == Mode.RESUME) {
            if (!Files.isDirectory(out.resolve("checkpoints").resolve("last"))) {
                throw new IOException(out + ": nothing to resume (no checkpoints/last); drop --resume to start a run"
                        + (used ? " (add --overwrite: the folder is not empty)" : ""));
            }
            return new RunFolder(out, out, Lock.take(out), null);
        }
        if (!used) {
            Files.createDirectories(out);
            return new RunFolder(out, out, Lock.take(out), null);
        }
        if (mode == Mode.FRESH) {
            throw new IOException(out + " already holds " + describe(out) + "; a new run will not write over it:"
                    + " pick another --out, add --resume to continue its run, or --overwrite to replace it (the old"
                    + " files stay until the new run has written its model folder)");
        }
        Lock old = Lock.take(out);   // no other run may be using the folder being replaced
        try {
            if (Files.exists(staging)) {
                deleteTree(staging, Lock.take(staging));   // what an interrupted --overwrite left
            }
            Files.createDirectories(staging);
            return new RunFolder(out, staging, Lock.take(staging), old);
        } catch (IOException | RuntimeException e) {
            old.close();
            throw e;
        }
    }

    /** Where this run writes (the target folder, or for --overwrite the folder beside it that replaces it). */
    public Path dir() {
        return dir;
    }

    /** The folder the run is for ({@code --out}). */
    public Path target() {
        return target;
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    /**
     * Ends an --overwrite run that wrote its model folder: the new folder takes the old one's
     * name and the old one is deleted. A no-op for the other modes.
     */
    public void commit() throws IOException {
        if (dir.equals(target)) {
            return;
        }
        Path old = target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".old");
        if (Files.exists(old)) {
            deleteTree(old, null);
        }
        move(target, old);
        move(dir, target);
        deleteTree(old, null);
    }

    /**
     * A resumed run's metrics log made consistent with its checkpoint: the records of steps after
     * {@code step} (written after the checkpoint it resumes from, by a run killed before it saved
     * the next one) are cut off the end of the file, so that no validation appears twice. The file
     * is cut in place (the same file, so a log already open for appending stays valid).
     */
    public void trimMetrics(long step) throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        if (!Files.isRegularFile(file)) {
            return;
        }
        List<Map<String, Object>> records = MetricsLog.read(file);
        byte[] bytes = Files.readAllBytes(file);
        long cut = -1;
        int record = 0;
        int lineStart = 0;
        for (int i = 0; i <= bytes.length && cut < 0; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                boolean blank = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8).isBlank();
                if (!blank && record < records.size()) {
                    if (records.get(record).get("step") instanceof Number n && n.longValue() > step) {
                        cut = lineStart;
                    }
                    record++;
                }
                lineStart = i + 1;
            }
        }
        if (cut >= 0) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
                ch.force(true);
            }
        }
    }

    @Override
    public void close() {
        lock.close();
        if (targetLock != null) {
            targetLock.close();
        }
    }

    /** True if {@code dir} exists and holds anything but a lock file. */
    static boolean isUsed(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return false;
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is a file, not a folder (--out names the run folder)");
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().equals(LOCK)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(Path dir) {
        Path cfg = dir.resolve("config.json");
        if (Files.isRegularFile(cfg)) {
            try {
                String family = RunFiles.readJson(cfg).path("family").asString("");
                return "a model folder" + (family.isEmpty() ? "" : " (family " + family + ")");
            } catch (IOException | RuntimeException e) {
                return "a model folder";
            }
        }
        if (Files.isDirectory(dir.resolve("checkpoints"))) {
            return "an unfinished run (checkpoints, no model folder yet)";
        }
        return "other files";
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path root, Lock held) throws IOException {
        if (held != null) {
            held.close();
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * An exclusive lock on a folder's lock file, which names its holder. Folders this process
     * holds are also kept in {@link #HELD}: a second run in the same process is refused without
     * opening the lock file again (closing any descriptor of a file drops the process's POSIX
     * locks on it).
     */
    static final class Lock implements AutoCloseable {
        private static final java.util.Set<Path> HELD = new java.util.HashSet<>();
        private final Path key;
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(Path key, FileChannel channel, FileLock lock) {
            this.key = key;
            this.channel = channel;
            this.lock = lock;
        }

        private static String me() {
            return "pid " + ProcessHandle.current().pid() + " on " + host();
        }

        static Lock take(Path dir) throws IOException {
            Files.createDirectories(dir);
            Path key = dir.toRealPath();
            Path file = dir.resolve(LOCK);
            synchronized (HELD) {
                if (HELD.contains(key)) {
                    throw inUse(dir, me() + ", this process", file);
                }
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l == null) {
                    ch.close();
                    throw inUse(dir, Files.readString(file, StandardCharsets.UTF_8).strip(), file);
                }
                HELD.add(key);
                return write(new Lock(key, ch, l));
            }
        }

        private static IOException inUse(Path dir, String holder, Path file) {
            return new IOException(dir + " is in use by another training run (" + (holder.isEmpty() ? "holder unknown"
                    : holder) + "; lock " + file + "): wait for it to end, or pick another --out");
        }

        private static Lock write(Lock lk) throws IOException {
            FileChannel ch = lk.channel;
            String holder = me() + " since " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return lk;
        }

        /** The host name without a name-service lookup (which may hang on a machine with no network). */
        private static String host() {
            String h = System.getenv("HOSTNAME");
            if (h != null && !h.isBlank()) {
                return h.strip();
            }
            try {
                return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                return "this host";
            }
        }

        @Override
        public void close() {
            synchronized (HELD) {
                if (!HELD.remove(key)) {
                    return;   // closed before
                }
                try {
                    lock.release();
                    channel.close();
                } catch (IOException e) {
                    // the lock goes with the channel; nothing else to undo
                }
            }
        }
    }
}
