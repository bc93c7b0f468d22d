package org.rnn4j.models.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import org.rnn4j.core.io.AtomicFiles;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
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
    public enum Mode {
        FRESH, RESUME, OVERWRITE;

        /** The mode of a run asked to resume or to overwrite (neither: fresh). */
        public static Mode of(boolean resume, boolean overwrite) {
            return resume ? RESUME : overwrite ? OVERWRITE : FRESH;
        }
    }

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
        out = out.toAbsolutePath().normalize();
        if (out.getParent() == null) {
            throw new IOException(out + " cannot be a run folder (it has no parent folder)");
        }
        Path old = sibling(out, ".old");
        if (Files.isDirectory(old) && !Files.exists(out)) {
            // An --overwrite run stopped between its two renames: the previous folder goes back first.
            AtomicFiles.move(old, out);
        }
        boolean used = isUsed(out);
        if (used) {
            Lock.take(out).close();   // a folder another run is using is refused as such, whatever the mode
        }
        Path staging = sibling(out, ".new");
        boolean stagedRun = Files.isDirectory(staging.resolve("checkpoints").resolve("last"));
        if (mode == Mode.RESUME && stagedRun && Files.isDirectory(out.resolve("checkpoints").resolve("last"))
                && !Files.isRegularFile(out.resolve("config.json"))) {
            throw new IOException("both " + out + " and " + staging + " hold an unfinished run; resume one by naming it"
                    + " (--out " + staging + " --resume), or delete the one you do not want");
        }
        if (mode == Mode.RESUME && stagedRun) {
            // An interrupted --overwrite run: go on with it; it replaces out when it is done.
            Lock held = Lock.take(out);
            try {
                return new RunFolder(out, staging, Lock.take(staging), held);
            } catch (IOException | RuntimeException e) {
                held.close();
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
            Lock lock = Lock.take(out);
            if (Files.exists(staging)) {
                deleteTree(staging, Lock.take(staging));   // a replacement run for a folder that is gone
            }
            return new RunFolder(out, out, lock, null);
        }
        if (mode == Mode.FRESH) {
            throw new IOException(out + " already holds " + describe(out) + "; a new run will not write over it:"
                    + " pick another --out, add --resume to continue its run, or --overwrite to replace it (the old"
                    + " files stay until the new run has written its model folder)");
        }
        Lock held = Lock.take(out);   // no other run may be using the folder being replaced
        try {
            if (Files.exists(staging)) {
                deleteTree(staging, Lock.take(staging));   // what an interrupted --overwrite left
            }
            Files.createDirectories(staging);
            if (!Files.getFileStore(staging).equals(Files.getFileStore(out))) {
                throw new IOException(out + " and " + staging + " are on different file stores (is " + out
                        + " a mount point?); --overwrite needs to rename one into the other: pick another --out");
            }
            return new RunFolder(out, staging, Lock.take(staging), held);
        } catch (IOException | RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /**
     * The checks {@link #open} makes, read-only: nothing is created, moved or deleted and no lock
     * file is made. A command line calls it before reading the data, so that a folder the run may
     * not use is refused at once; {@link #open} checks again when the run starts.
     */
    public static void check(Path out, Mode mode) throws IOException {
        out = out.toAbsolutePath().normalize();
        if (out.getParent() == null) {
            throw new IOException(out + " cannot be a run folder (it has no parent folder)");
        }
        boolean used = isUsed(out);
        Path staging = sibling(out, ".new");
        Lock.probe(out);
        Lock.probe(staging);
        boolean stagedRun = Files.isDirectory(staging.resolve("checkpoints").resolve("last"));
        boolean ownRun = Files.isDirectory(out.resolve("checkpoints").resolve("last"));
        if (mode == Mode.RESUME) {
            if (stagedRun && ownRun && !Files.isRegularFile(out.resolve("config.json"))) {
                throw new IOException("both " + out + " and " + staging + " hold an unfinished run; resume one by naming"
                        + " it (--out " + staging + " --resume), or delete the one you do not want");
            }
            if (!stagedRun && !ownRun) {
                throw new IOException(out + ": nothing to resume (no checkpoints/last); drop --resume to start a run"
                        + (used ? " (add --overwrite: the folder is not empty)" : ""));
            }
        } else if (mode == Mode.FRESH && used) {
            throw new IOException(out + " already holds " + describe(out) + "; a new run will not write over it:"
                    + " pick another --out, add --resume to continue its run, or --overwrite to replace it (the old"
                    + " files stay until the new run has written its model folder)");
        }
    }

    /** Where this run writes (the target folder, or for --overwrite the folder beside it that replaces it). */
    public Path dir() {
        return dir;
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
        Path old = sibling(target, ".old");
        if (Files.exists(old)) {
            deleteTree(old, null);
        }
        AtomicFiles.move(target, old);
        try {
            AtomicFiles.move(dir, target);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.move(old, target);   // put the previous folder back; the new one stays in dir
            throw new IOException("could not move the new run " + dir + " into " + target + " (" + e.getMessage()
                    + "); " + target + " is as it was", e);
        }
        deleteTree(old, null);
    }

    /**
     * A resumed run's metrics log made consistent with its checkpoint: the first
     * {@code keepRecords} records are kept (when the checkpoint does not say, -1: the records of
     * steps up to {@code step}), and what follows them — lines written after the checkpoint by a
     * run killed before it saved the next one, or a line cut off mid-write — is cut off the end of
     * the file, in place (a log already open for appending stays valid). Returns the records kept.
     */
    public long trimMetrics(long keepRecords, long step) throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        List<Map<String, Object>> records = MetricsLog.read(file);
        byte[] bytes = Files.readAllBytes(file);
        long cut = -1;
        int kept = 0;
        int lineStart = 0;
        for (int i = 0; i <= bytes.length && cut < 0; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (!new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8).isBlank()) {
                    boolean torn = i == bytes.length || kept >= records.size();
                    boolean after = !torn && (keepRecords >= 0 ? kept >= keepRecords
                            : records.get(kept).get("step") instanceof Number n && n.longValue() > step);
                    if (torn || after) {
                        cut = lineStart;
                    } else {
                        kept++;
                    }
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
        return kept;
    }

    @Override
    public void close() {
        lock.close();
        if (targetLock != null) {
            targetLock.close();
        }
    }

    /** The hidden folder beside {@code dir} named after it: {@code .NAME.new} (a replacement run), {@code .NAME.old}. */
    private static Path sibling(Path dir, String suffix) {
        return dir.resolveSibling("." + dir.getFileName() + suffix);
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

    private static void deleteTree(Path root, Lock held) throws IOException {
        if (held != null) {
            held.close();
        }
        AtomicFiles.deleteTree(root);
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
                    l = tryLock(ch, dir, file);
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
                HELD.add(key);
                return write(new Lock(key, ch, l));
            }
        }

        /** Locks {@code ch} without waiting, or fails naming the holder the lock file records. */
        private static FileLock tryLock(FileChannel ch, Path dir, Path file) throws IOException {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                throw inUse(dir, Files.readString(file, StandardCharsets.UTF_8).strip(), file);
            }
            return l;
        }

        /** Fails if another run holds {@code dir}'s lock; creates nothing (no folder, no lock file). */
        static void probe(Path dir) throws IOException {
            Path file = dir.resolve(LOCK);
            if (!Files.isRegularFile(file)) {
                return;
            }
            synchronized (HELD) {
                if (HELD.contains(dir.toRealPath())) {
                    throw inUse(dir, me() + ", this process", file);
                }
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    tryLock(ch, dir, file).release();
                }
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
