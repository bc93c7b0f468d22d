package org.rnn4j.core.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the F64 safetensors fixtures in {@code src/test/resources/golden} (made by
 * make_rnn_golden.py). A deliberately small reader for a known, well-formed test file; the
 * library's own safetensors reader, with its error handling, is a separate piece of work.
 */
final class GoldenFile {
    record Entry(int[] shape, double[] data) {
    }

    final Map<String, Entry> tensors = new HashMap<>();
    final Map<String, String> meta = new HashMap<>();

    private static final Pattern TENSOR = Pattern.compile(
            "\"([^\"]+)\"\\s*:\\s*\\{\\s*\"dtype\"\\s*:\\s*\"F64\"\\s*,\\s*\"shape\"\\s*:\\s*\\[([0-9,\\s]*)\\]\\s*,"
                    + "\\s*\"data_offsets\"\\s*:\\s*\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\]\\s*\\}");
    private static final Pattern META_BLOCK = Pattern.compile("\"__metadata__\"\\s*:\\s*\\{([^}]*)\\}");
    private static final Pattern META_ENTRY = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"([^\"]*)\"");

    static GoldenFile load(String name) {
        try (InputStream in = GoldenFile.class.getResourceAsStream("/golden/" + name + ".safetensors")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource golden/" + name + ".safetensors");
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static GoldenFile parse(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = (int) buf.getLong(0);
        String header = new String(bytes, 8, headerLen, StandardCharsets.UTF_8);
        int base = 8 + headerLen;
        GoldenFile f = new GoldenFile();
        Matcher m = TENSOR.matcher(header);
        while (m.find()) {
            String dims = m.group(2).trim();
            int[] shape = dims.isEmpty() ? new int[0]
                    : java.util.Arrays.stream(dims.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            int start = Integer.parseInt(m.group(3));
            int end = Integer.parseInt(m.group(4));
            double[] data = new double[(end - start) / 8];
            for (int i = 0; i < data.length; i++) {
                data[i] = buf.getDouble(base + start + 8 * i);
            }
            f.tensors.put(m.group(1), new Entry(shape, data));
        }
        Matcher mb = META_BLOCK.matcher(header);
        if (mb.find()) {
            Matcher me = META_ENTRY.matcher(mb.group(1));
            while (me.find()) {
                f.meta.put(me.group(1), me.group(2));
            }
        }
        return f;
    }

    Entry get(String name) {
        Entry e = tensors.get(name);
        if (e == null) {
            throw new IllegalStateException("fixture has no tensor '" + name + "'; it has " + tensors.keySet());
        }
        return e;
    }

    float[] floats(String name) {
        double[] d = get(name).data();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    int metaInt(String key) {
        return Integer.parseInt(meta.get(key));
    }
}
