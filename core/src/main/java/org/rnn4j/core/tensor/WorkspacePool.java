package org.rnn4j.core.tensor;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Workspaces for inference calls that may come from several threads at once: each call borrows
 * one (a free one, or a new one), uses it alone, and gives it back reset. A model keeps one pool
 * instead of one shared workspace, so its predict methods are safe from many threads and still
 * reuse memory between calls. Closing the pool closes the free workspaces; one still borrowed is
 * closed when it comes back.
 *
 * <pre>{@code
 * try (WorkspacePool.Lease lease = pool.borrow()) {
 *     Tape tape = new Tape(lease.workspace());
 *     ...
 * }
 * }</pre>
 */
public final class WorkspacePool implements AutoCloseable {
    private final String name;
    private final long initialBytes;
    private final Deque<Workspace> free = new ArrayDeque<>();
    private boolean closed;

    public WorkspacePool(String name, long initialBytes) {
        this.name = name;
        this.initialBytes = initialBytes;
    }

    /** A workspace for one caller until the lease is closed. */
    public Lease borrow() {
        Workspace ws;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("workspace pool '" + name + "' is closed");
            }
            ws = free.pollFirst();
        }
        return new Lease(ws != null ? ws : new Workspace(name, initialBytes));
    }

    private void giveBack(Workspace ws) {
        ws.reset();
        synchronized (this) {
            if (!closed) {
                free.addFirst(ws);
                return;
            }
        }
        ws.close();
    }

    /** Workspaces waiting to be borrowed (for tests). */
    public synchronized int idle() {
        return free.size();
    }

    @Override
    public void close() {
        Deque<Workspace> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(free);
            free.clear();
        }
        toClose.forEach(Workspace::close);
    }

    /** One borrowed workspace; closing gives it back (reset). */
    public final class Lease implements AutoCloseable {
        private Workspace ws;

        private Lease(Workspace ws) {
            this.ws = ws;
        }

        public Workspace workspace() {
            if (ws == null) {
                throw new IllegalStateException("this lease of workspace pool '" + name + "' was given back");
            }
            return ws;
        }

        @Override
        public void close() {
            if (ws != null) {
                Workspace w = ws;
                ws = null;
                giveBack(w);
            }
        }
    }
}
