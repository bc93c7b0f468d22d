package org.rnn4j.core.device;

import java.lang.foreign.MemorySegment;

/**
 * The collective operations data parallelism needs across the members of a group (devices in
 * one process, or processes): every member calls the same operation with its own buffer of
 * {@code count} floats. The buffers are memory segments, so a device buffer (a GPU pointer
 * wrapped as a segment) serves as well as host memory, and the MPI and NCCL implementations plug
 * in behind the same calls. Sums are taken in rank order, so a rerun gives the same bits.
 */
public interface Collective extends AutoCloseable {

    /** This member's number, 0 to {@code size() - 1}. */
    int rank();

    /** Members in the group. */
    int size();

    /** Replaces every member's {@code buf[0, count)} by the sum over the members, added in rank order. */
    void allReduceSum(MemorySegment buf, long count);

    /** Copies member {@code root}'s {@code buf[0, count)} into every member's. */
    void broadcast(MemorySegment buf, long count, int root);

    /** Returns once every member has called it. */
    void barrier();

    @Override
    default void close() {
    }

    /** The group of one: every operation leaves the buffer as it is. */
    static Collective single() {
        return new Collective() {
            @Override
            public int rank() {
                return 0;
            }

            @Override
            public int size() {
                return 1;
            }

            @Override
            public void allReduceSum(MemorySegment buf, long count) {
            }

            @Override
            public void broadcast(MemorySegment buf, long count, int root) {
                if (root != 0) {
                    throw new IllegalArgumentException("root " + root + " is not a member of a group of 1");
                }
            }

            @Override
            public void barrier() {
            }
        };
    }
}
