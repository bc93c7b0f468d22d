package org.rnn4j.core.device;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * What devices are present and how a device spec names them. The CPU is always present; other
 * kinds come from {@link DeviceProvider}s found through {@link ServiceLoader}, each absent kind
 * with a one-line reason. Specs:
 * <ul>
 *   <li>{@code auto} and {@code cpu}: one CPU device with every core;</li>
 *   <li>{@code cpu:N}: one CPU device with N threads;</li>
 *   <li>{@code cpu:DxT}: D CPU devices of T threads each (data parallelism inside one process);</li>
 *   <li>{@code cpu:T1+T2+...}: CPU devices of T1, T2, ... threads (uneven devices: the trainer
 *       measures their throughput and sizes their shards by it);</li>
 *   <li>{@code cuda} (every GPU) and {@code cuda:K} (GPU number K): through the CUDA provider.</li>
 * </ul>
 */
public final class DeviceManager {
    private DeviceManager() {
    }

    /**
     * A parsed device spec: {@code devices} devices of {@code kind}, from {@code first}; for CPU
     * devices, {@code perDevice} holds each one's threads and {@code threads} the most of them.
     */
    public record Spec(String text, String kind, int devices, int first, int threads, List<Integer> perDevice) {
        public Spec {
            perDevice = List.copyOf(perDevice);
        }

        /** {@code devices} devices of {@code threads} threads each. */
        public Spec(String text, String kind, int devices, int first, int threads) {
            this(text, kind, devices, first, threads, java.util.Collections.nCopies(devices, threads));
        }

        /** More than one device: training shards each batch. */
        public boolean parallel() {
            return devices > 1;
        }

        /** True when every device has the same threads (equal devices get equal shards). */
        public boolean uniform() {
            return perDevice.stream().distinct().count() <= 1;
        }
    }

    /** The providers of other device kinds that this JVM's module path offers. */
    public static List<DeviceProvider> providers() {
        List<DeviceProvider> out = new ArrayList<>();
        for (DeviceProvider p : ServiceLoader.load(DeviceProvider.class)) {
            out.add(p);
        }
        return out;
    }

    /** One line per kind: the CPU, then each provider's devices or why it has none. */
    public static List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("cpu: " + CpuInfo.detect().describe());
        List<DeviceProvider> ps = providers();
        for (DeviceProvider p : ps) {
            String why = p.unavailableReason();
            lines.add(p.kind() + ": " + (why == null ? p.count() + " device(s)" : "not available: " + why));
        }
        if (ps.stream().noneMatch(p -> p.kind().equals("cuda"))) {
            lines.add("cuda: not available: no CUDA provider on the module path (the rnn4j-bindings jar)");
        }
        return lines;
    }

    /** Parses {@code spec}; a bad one is an {@link IllegalArgumentException} that names it and lists what exists. */
    public static Spec parse(String spec) {
        String s = spec == null ? "" : spec.trim();
        int cores = Runtime.getRuntime().availableProcessors();
        if (s.equals("auto") || s.equals("cpu")) {
            return new Spec(s, "cpu", 1, 0, cores);
        }
        if (s.startsWith("cpu:")) {
            String rest = s.substring(4);
            if (rest.contains("+")) {
                List<Integer> each = new ArrayList<>();
                for (String part : rest.split("\\+", -1)) {
                    each.add(positive(part, s, "each T in cpu:T1+T2+... (threads of a device)"));
                }
                return new Spec(s, "cpu", each.size(), 0, each.stream().mapToInt(Integer::intValue).max().orElseThrow(),
                        each);
            }
            int x = rest.indexOf('x');
            if (x < 0) {
                return new Spec(s, "cpu", 1, 0, positive(rest, s, "N in cpu:N (threads)"));
            }
            int d = positive(rest.substring(0, x), s, "D in cpu:DxT (devices)");
            int t = positive(rest.substring(x + 1), s, "T in cpu:DxT (threads per device)");
            return new Spec(s, "cpu", d, 0, t);
        }
        if (s.equals("cuda") || s.startsWith("cuda:")) {
            DeviceProvider p = provider("cuda");
            String why = p == null ? "no CUDA provider on the module path (the rnn4j-bindings jar)" : p.unavailableReason();
            if (why != null) {
                throw new IllegalArgumentException("device '" + s + "' is not available: " + why + " (present: "
                        + present() + ")");
            }
            if (s.equals("cuda")) {
                return new Spec(s, "cuda", p.count(), 0, 0);
            }
            int k = nonNegative(s.substring(5), s);
            if (k >= p.count()) {
                throw new IllegalArgumentException("device '" + s + "' does not exist: " + p.count()
                        + " CUDA device(s) here (present: " + present() + ")");
            }
            return new Spec(s, "cuda", 1, k, 0);
        }
        throw new IllegalArgumentException("unknown device '" + s + "' (allowed: auto, cpu, cpu:N, cpu:DxT, cpu:T1+T2,"
                + " cuda, cuda:K; present: " + present() + ")");
    }

    /** Opens the devices a spec names; the caller closes them. */
    public static List<Device> open(Spec spec) {
        List<Device> out = new ArrayList<>();
        try {
            for (int i = 0; i < spec.devices(); i++) {
                out.add(spec.kind().equals("cpu") ? new CpuDevice(i, spec.perDevice().get(i))
                        : provider(spec.kind()).open(spec.first() + i));
            }
            return out;
        } catch (RuntimeException e) {
            out.forEach(Device::close);
            throw e;
        }
    }

    private static DeviceProvider provider(String kind) {
        return providers().stream().filter(p -> p.kind().equals(kind)).findFirst().orElse(null);
    }

    /** What exists here, for error messages: "cpu (2 cores)" and any available provider. */
    static String present() {
        StringBuilder sb = new StringBuilder("cpu (" + Runtime.getRuntime().availableProcessors() + " cores)");
        for (DeviceProvider p : providers()) {
            if (p.unavailableReason() == null && p.count() > 0) {
                sb.append(", ").append(p.kind()).append(':').append(0).append('-').append(p.count() - 1);
            }
        }
        return sb.toString();
    }

    private static int positive(String v, String spec, String what) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("device '" + spec + "': " + what + " must be a positive integer, got '" + v
                + "'");
    }

    private static int nonNegative(String v, String spec) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("device '" + spec + "': K in cuda:K must be a device number >= 0, got '"
                + v + "'");
    }
}
