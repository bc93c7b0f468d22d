package org.rnn4j.core.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.kernel.Parallel;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.nn.ParameterIndex;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Shape;

class DevicesTest {

    /** The names of the threads a kernel fan-out of {@code tasks} runs on. */
    private static Set<String> threadsOfAFanOut(int tasks) {
        Set<String> names = Collections.synchronizedSet(new HashSet<>());
        Parallel.run(tasks, t -> {
            names.add(Thread.currentThread().getName());
            try {
                Thread.sleep(20);   // keeps each task busy so the pool spreads them
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return names;
    }

    @Test
    void eachCpuDeviceRunsItsKernelsOnItsOwnThreads() throws Exception {
        int defaultThreads = Parallel.defaultThreads();
        try (CpuDevice a = new CpuDevice(0, 3); CpuDevice b = new CpuDevice(1, 1)) {
            Future<Set<String>> fa = a.submit(() -> threadsOfAFanOut(3));
            Future<Set<String>> fb = b.submit(() -> threadsOfAFanOut(3));
            Future<Integer> ta = a.submit(Parallel::threads);
            Future<Integer> tb = b.submit(Parallel::threads);
            Set<String> onA = fa.get();
            Set<String> onB = fb.get();
            assertTrue(onA.stream().allMatch(n -> n.startsWith("rnn4j-cpu:0")), "device a's kernels: " + onA);
            assertTrue(onA.size() >= 2, "3 threads share device a's fan-out: " + onA);
            assertEquals(Set.of("rnn4j-cpu:1-lead"), onB, "a 1-thread device runs its kernels on its lead thread");
            assertEquals(3, ta.get());
            assertEquals(1, tb.get());
        }
        assertEquals(defaultThreads, Parallel.threads(), "devices leave the default group alone");
        assertTrue(threadsOfAFanOut(2).stream().noneMatch(n -> n.startsWith("rnn4j-cpu:")));
    }

    @Test
    void aClosedDeviceRefusesWork() {
        CpuDevice d = new CpuDevice(0, 2);
        d.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.submit(() -> 1));
        assertEquals("device cpu:0 is closed", e.getMessage());
    }

    @Test
    void workThatFailsOnADeviceComesBackThroughItsFuture() throws Exception {
        try (CpuDevice d = new CpuDevice(0, 1)) {
            Future<Object> f = d.submit(() -> {
                throw new IllegalArgumentException("bad shard");
            });
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertEquals("bad shard", e.getCause().getMessage());
            assertEquals(2, d.submit(() -> 2).get(), "the device keeps working");
        }
    }

    @Test
    void specsNameDevicesAndThreads() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(new DeviceManager.Spec("cpu:3", "cpu", 1, 0, 3), DeviceManager.parse("cpu:3"));
        assertEquals(new DeviceManager.Spec("cpu:2x1", "cpu", 2, 0, 1), DeviceManager.parse("cpu:2x1"));
        assertEquals(new DeviceManager.Spec("auto", "cpu", 1, 0, cores), DeviceManager.parse("auto"));
        assertEquals(new DeviceManager.Spec("cpu", "cpu", 1, 0, cores), DeviceManager.parse("cpu"));
        assertTrue(DeviceManager.parse("cpu:3x2").parallel());
        DeviceManager.Spec uneven = DeviceManager.parse("cpu:2+1");
        assertEquals(java.util.List.of(2, 1), uneven.perDevice());
        assertEquals(2, uneven.devices());
        assertTrue(!uneven.uniform() && DeviceManager.parse("cpu:2x2").uniform());
        assertEquals("device 'cpu:2+': each T in cpu:T1+T2+... (threads of a device) must be a positive integer, got ''",
                bad("cpu:2+"));
    }

    @Test
    void badSpecsAreOneLineNamingTheProblemAndWhatExists() {
        assertEquals("device 'cpu:0': N in cpu:N (threads) must be a positive integer, got '0'", bad("cpu:0"));
        assertEquals("device 'cpu:0x2': D in cpu:DxT (devices) must be a positive integer, got '0'", bad("cpu:0x2"));
        assertEquals("device 'cpu:2x': T in cpu:DxT (threads per device) must be a positive integer, got ''",
                bad("cpu:2x"));
        String unknown = bad("tpu");
        assertTrue(unknown.startsWith("unknown device 'tpu' (allowed: auto, cpu, cpu:N, cpu:DxT, cpu:T1+T2, cuda, cuda:K; present:"
                + " cpu ("), unknown);
        String cuda = bad("cuda:7");
        assertTrue(cuda.startsWith("device 'cuda:7' is not available: ") && cuda.contains("present: cpu ("), cuda);
        assertTrue(DeviceManager.describe().getFirst().startsWith("cpu: CPU: "));
    }

    private static String bad(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> DeviceManager.parse(spec)).getMessage();
    }

    @Test
    void allReduceAddsInRankOrderAndEveryMemberGetsTheSum() throws Exception {
        int n = 3;
        int count = 1003;   // not a multiple of the members
        List<LocalCollective> group = LocalCollective.group(n, 10_000);
        float[][] data = new float[n][count];
        SplittableRandom r = new SplittableRandom(5);
        for (float[] d : data) {
            for (int i = 0; i < count; i++) {
                d[i] = (float) (r.nextDouble() * 2 - 1) * (float) Math.pow(10, r.nextInt(8) - 4);
            }
        }
        List<CpuDevice> devices = new ArrayList<>();
        try (Arena arena = Arena.ofShared()) {
            List<MemorySegment> bufs = new ArrayList<>();
            List<Future<?>> done = new ArrayList<>();
            for (int m = 0; m < n; m++) {
                MemorySegment b = arena.allocate((long) count * Float.BYTES, 64);
                MemorySegment.copy(data[m], 0, b, ValueLayout.JAVA_FLOAT, 0, count);
                bufs.add(b);
                CpuDevice d = new CpuDevice(m, 1);
                devices.add(d);
                LocalCollective c = group.get(m);
                done.add(d.submit(() -> {
                    c.allReduceSum(b, count);
                    c.broadcast(b, count, 2);
                    c.barrier();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            for (int m = 0; m < n; m++) {
                for (int i = 0; i < count; i++) {
                    float expected = (data[0][i] + data[1][i]) + data[2][i];
                    assertEquals(Float.floatToIntBits(expected),
                            Float.floatToIntBits(bufs.get(m).getAtIndex(ValueLayout.JAVA_FLOAT, i)), "member " + m + " [" + i + "]");
                }
            }
        } finally {
            devices.forEach(CpuDevice::close);
            group.forEach(LocalCollective::close);
        }
    }

    @Test
    void anAbortedGroupFailsItsWaitingMembersInsteadOfHanging() throws Exception {
        List<LocalCollective> group = LocalCollective.group(2, 60_000);
        try (CpuDevice d = new CpuDevice(0, 1)) {
            Future<?> waiting = d.submit(() -> {
                group.get(0).barrier();
                return null;
            });
            Thread.sleep(100);
            group.get(1).abort();
            ExecutionException e = assertThrows(ExecutionException.class, waiting::get);
            assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
            assertTrue(e.getCause().getMessage().startsWith("barrier abandoned"), e.getCause().getMessage());
            assertThrows(IllegalStateException.class, () -> group.get(1).barrier(), "later calls fail at once");
        }
    }

    @Test
    void aMemberThatNeverArrivesEndsTheWaitAtTheTimeoutAndBreaksTheGroup() {
        List<LocalCollective> group = LocalCollective.group(2, 200);
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> group.get(0).barrier());
        assertTrue(e.getMessage().startsWith("barrier abandoned: a member did not arrive within 200 ms"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "no hang");
        IllegalStateException later = assertThrows(IllegalStateException.class, () -> group.get(1).barrier());
        assertTrue(later.getMessage().contains("the group was aborted"), later.getMessage());
    }

    @Test
    void theFlatIndexPlacesEachParameterOnceInTheModelsOrder() {
        try (NativeAllocator mem = new NativeAllocator("index test"); Arena arena = Arena.ofConfined();
             Parameter a = new Parameter("a", Shape.of(2, 3), mem); Parameter b = new Parameter("b", Shape.of(5), mem)) {
            for (int i = 0; i < 6; i++) {
                a.grad().set(i, i + 1);
                a.value().set(i, -i);
            }
            for (int i = 0; i < 5; i++) {
                b.grad().set(i, 10 + i);
            }
            ParameterIndex idx = ParameterIndex.of(List.of(a, b));
            assertEquals(11, idx.count());
            assertEquals(6, idx.entry("b").offset());
            MemorySegment flat = arena.allocate(11 * Float.BYTES);
            idx.gatherGrads(List.of(a, b), flat);
            assertEquals(6f, flat.getAtIndex(ValueLayout.JAVA_FLOAT, 5));
            assertEquals(14f, flat.getAtIndex(ValueLayout.JAVA_FLOAT, 10));
            flat.setAtIndex(ValueLayout.JAVA_FLOAT, 6, 99f);
            idx.scatterGrads(flat, List.of(a, b));
            assertEquals(99f, b.grad().get(0));
            idx.gatherValues(List.of(a, b), flat);
            assertEquals(-5f, flat.getAtIndex(ValueLayout.JAVA_FLOAT, 5));
            assertThrows(IllegalArgumentException.class, () -> idx.gatherGrads(List.of(b, a), flat));
            assertThrows(IllegalArgumentException.class, () -> ParameterIndex.of(List.of(a, a)));
        }
    }

    @Test
    void aModelBuiltFlatHasItsGradientsInOneBufferThatTheIndexDescribes() {
        java.util.function.Function<org.rnn4j.core.tensor.Allocator, org.rnn4j.core.nn.Linear> build =
                a -> new org.rnn4j.core.nn.Linear(5, 3, true, a, 7);
        NativeAllocator mem = NativeAllocator.flatFor("flat test", build);
        org.rnn4j.core.nn.Linear layer = build.apply(mem);
        try (NativeAllocator plain = new NativeAllocator("plain"); org.rnn4j.core.nn.Linear plainLayer = build.apply(plain)) {
            assertTrue(mem.isFlat());
            ParameterIndex idx = ParameterIndex.of(layer.parameters());
            assertTrue(idx.gradients() != null, "a flat model's index points at its gradient region");
            assertEquals(mem.gradientRegion(), idx.gradients());
            // The weight (15 floats) is padded to 64 bytes; the bias follows it.
            assertEquals(0, idx.entries().get(0).offset());
            assertEquals(16, idx.entries().get(1).offset());
            assertEquals(19, idx.count());
            idx.gradients().setAtIndex(ValueLayout.JAVA_FLOAT, 16, 2.5f);
            assertEquals(2.5f, layer.parameters().get(1).grad().get(0), "a gradient is a view into the region");
            assertArrayEquals(plainLayer.parameters().get(0).value().toArray(), layer.parameters().get(0).value().toArray(),
                    "the same seed makes the same weights, flat or not");
            assertEquals(null, ParameterIndex.of(plainLayer.parameters()).gradients(), "a plain model is gathered");
            try (NativeAllocator again = NativeAllocator.flatFor("again", build);
                 org.rnn4j.core.nn.Linear twin = build.apply(again)) {
                assertTrue(ParameterIndex.of(layer.parameters()).sameLayout(ParameterIndex.of(twin.parameters())),
                        "the same build, the same layout");
            }
        }
        layer.close();
        mem.close();
        assertThrows(IllegalStateException.class, () -> layer.parameters().get(0).value().get(0), "use after close throws");
    }

    @Test
    void aFlatAllocatorThatIsFullFallsBackToTensorsOfTheirOwn() {
        try (NativeAllocator mem = NativeAllocator.flat("small", 64, 64)) {
            var a = mem.allocate(Shape.of(16));
            var b = mem.allocate(Shape.of(4));
            var g = mem.allocateGradient(Shape.of(16));
            assertEquals(mem.valueRegion().address(), a.data().address());
            assertTrue(b.data().address() != mem.valueRegion().address() + 64, "no room left: a tensor of its own");
            assertEquals(mem.gradientRegion().address(), g.data().address());
            assertEquals(64, mem.gradientBytesUsed());
            b.set(3, 1f);
            assertEquals(1f, b.get(3));
            a.close();
            b.close();
            g.close();
            assertEquals(0, mem.liveTensors());
        }
    }
}
