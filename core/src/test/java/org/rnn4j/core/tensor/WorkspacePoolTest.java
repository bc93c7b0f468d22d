package org.rnn4j.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class WorkspacePoolTest {

    @Test
    void aReturnedWorkspaceIsReusedAndTwoLeasesNeverShareOne() {
        try (WorkspacePool pool = new WorkspacePool("test", 1 << 12)) {
            Workspace first;
            try (WorkspacePool.Lease a = pool.borrow(); WorkspacePool.Lease b = pool.borrow()) {
                first = a.workspace();
                assertNotSame(a.workspace(), b.workspace());
                a.workspace().allocate(Shape.of(4, 4)).fill(1f);
            }
            assertEquals(2, pool.idle());
            try (WorkspacePool.Lease c = pool.borrow()) {
                assertSame(first.getClass(), c.workspace().getClass());
                assertEquals(0f, c.workspace().allocate(Shape.of(4, 4)).get(0), "given back reset");
            }
        }
    }

    @Test
    void closingThePoolClosesWorkspacesAsTheyComeBack() throws Exception {
        WorkspacePool pool = new WorkspacePool("test", 1 << 12);
        WorkspacePool.Lease held = pool.borrow();
        Tensor t = held.workspace().allocate(Shape.of(2));
        pool.close();
        assertThrows(IllegalStateException.class, pool::borrow);
        t.set(0, 3f);   // still usable: the lease has not come back
        held.close();
        assertFalse(t.isUsable(), "closed when it came back to a closed pool");
        assertThrows(IllegalStateException.class, held::workspace);
        assertEquals(0, pool.idle());
    }

    @Test
    void manyThreadsBorrowAtOnce() throws Exception {
        try (WorkspacePool pool = new WorkspacePool("test", 1 << 12)) {
            int threads = 8;
            CountDownLatch all = new CountDownLatch(threads);
            Thread[] ts = new Thread[threads];
            float[] seen = new float[threads];
            for (int i = 0; i < threads; i++) {
                int id = i;
                ts[i] = new Thread(() -> {
                    try (WorkspacePool.Lease l = pool.borrow()) {
                        Tensor x = l.workspace().allocate(Shape.of(16)).fill(id);
                        all.countDown();
                        all.await();   // every thread holds its lease at the same time
                        seen[id] = x.get(15);
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                });
                ts[i].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            for (int i = 0; i < threads; i++) {
                assertEquals(i, seen[i], "thread " + i + " saw its own workspace");
            }
            assertEquals(threads, pool.idle());
        }
    }
}
