package org.rnn4j.core.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Collective} among threads of one process: {@link #group} makes the members, one per
 * thread (a device's lead thread, a test's thread). An all-reduce adds the members' buffers in
 * rank order — member r sums the r-th slice of every buffer, so the work is split — and then
 * every member copies the sum back. A member that does not arrive within the timeout, or calls
 * {@link #abort}, breaks the group: every waiting member gets an {@link IllegalStateException}
 * instead of hanging.
 */
public final class LocalCollective implements Collective {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** What the members share. */
    private static final class Shared {
        final int size;
        final Barrier barrier;
        final long timeoutMillis;
        final MemorySegment[] posted;
        final long[] counts;
        MemorySegment scratch = MemorySegment.NULL;
        Arena arena;

        Shared(int size, long timeoutMillis) {
            this.size = size;
            this.barrier = new Barrier(size);
            this.timeoutMillis = timeoutMillis;
            this.posted = new MemorySegment[size];
            this.counts = new long[size];
        }
    }

    /**
     * A reusable barrier whose abort is seen under the same lock as the waiting, so that a member
     * can never start waiting on a group that another member has already given up.
     */
    private static final class Barrier {
        private final int parties;
        private int arrived;
        private long generation;
        private boolean aborted;

        Barrier(int parties) {
            this.parties = parties;
        }

        /** Returns once all parties arrived; false if the group was or became aborted; throws on timeout. */
        synchronized boolean await(long timeoutMillis) throws InterruptedException, TimeoutException {
            if (aborted) {
                return false;
            }
            long gen = generation;
            if (++arrived == parties) {
                arrived = 0;
                generation++;
                notifyAll();
                return true;
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (gen == generation) {
                if (aborted) {
                    return false;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    abort();
                    throw new TimeoutException();
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        synchronized void abort() {
            aborted = true;
            notifyAll();
        }
    }

    private final Shared shared;
    private final int rank;

    private LocalCollective(Shared shared, int rank) {
        this.shared = shared;
        this.rank = rank;
    }

    /** {@code size} members (>= 1) that wait at most {@code timeoutMillis} for each other. */
    public static List<LocalCollective> group(int size, long timeoutMillis) {
        if (size < 1) {
            throw new IllegalArgumentException("a group needs at least 1 member, got " + size);
        }
        Shared s = new Shared(size, timeoutMillis);
        List<LocalCollective> members = new ArrayList<>(size);
        for (int r = 0; r < size; r++) {
            members.add(new LocalCollective(s, r));
        }
        return List.copyOf(members);
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return shared.size;
    }

    private void await(String op) {
        boolean met;
        try {
            met = shared.barrier.await(shared.timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shared.barrier.abort();
            throw new IllegalStateException("member " + rank + " was interrupted in " + op, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(op + " abandoned: a member did not arrive within " + shared.timeoutMillis
                    + " ms (member " + rank + " of " + shared.size + ")", e);
        }
        if (!met) {
            throw new IllegalStateException(op + " abandoned: the group was aborted (member " + rank + " of "
                    + shared.size + ")");
        }
    }

    /** Posts this member's buffer and checks every member gave the same count. */
    private void post(MemorySegment buf, long count, String op) {
        if (count < 0 || buf.byteSize() < count * Float.BYTES) {
            shared.barrier.abort();
            throw new IllegalArgumentException(op + ": buffer of " + buf.byteSize() + " bytes holds fewer than "
                    + count + " floats (member " + rank + ")");
        }
        shared.posted[rank] = buf;
        shared.counts[rank] = count;
        await(op);
        for (int r = 0; r < shared.size; r++) {
            if (shared.counts[r] != count) {
                throw new IllegalArgumentException(op + ": member " + r + " gave " + shared.counts[r]
                        + " floats, member " + rank + " gave " + count);
            }
        }
    }

    @Override
    public void allReduceSum(MemorySegment buf, long count) {
        int n = shared.size;
        if (n == 1) {
            return;
        }
        post(buf, count, "all-reduce");
        if (rank == 0) {
            synchronized (shared) {
                if (shared.scratch.byteSize() < count * Float.BYTES) {
                    if (shared.arena != null) {
                        shared.arena.close();
                    }
                    shared.arena = Arena.ofShared();
                    shared.scratch = shared.arena.allocate(Math.max(1, count) * Float.BYTES, 64);
                }
            }
        }
        await("all-reduce");
        MemorySegment sum = shared.scratch;
        long per = (count + n - 1) / n;
        long from = Math.min(count, rank * per);
        long to = Math.min(count, from + per);
        for (long i = from; i < to; i++) {
            long off = i * Float.BYTES;
            float acc = shared.posted[0].get(F, off);
            for (int r = 1; r < n; r++) {
                acc += shared.posted[r].get(F, off);
            }
            sum.set(F, off, acc);
        }
        await("all-reduce");
        MemorySegment.copy(sum, 0, buf, 0, count * Float.BYTES);
        await("all-reduce");
    }

    @Override
    public void broadcast(MemorySegment buf, long count, int root) {
        if (root < 0 || root >= shared.size) {
            throw new IllegalArgumentException("root " + root + " is not a member of a group of " + shared.size);
        }
        if (shared.size == 1) {
            return;
        }
        post(buf, count, "broadcast");
        if (rank != root) {
            MemorySegment.copy(shared.posted[root], 0, buf, 0, count * Float.BYTES);
        }
        await("broadcast");
    }

    @Override
    public void barrier() {
        await("barrier");
    }

    /** Breaks the group: every member waiting now or later fails at once (a member's work failed). */
    public void abort() {
        shared.barrier.abort();
    }

    @Override
    public void close() {
        synchronized (shared) {
            if (rank == 0 && shared.arena != null) {
                shared.arena.close();
                shared.arena = null;
                shared.scratch = MemorySegment.NULL;
            }
        }
    }
}
