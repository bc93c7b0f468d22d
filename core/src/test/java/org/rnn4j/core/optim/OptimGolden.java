package org.rnn4j.core.optim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads src/test/resources/optim/optim_golden.txt (made by make_optim_golden.py with PyTorch; the
 * script's docstring describes the line format). A small reader for a known, well-formed file.
 */
final class OptimGolden {
    /** One torch.optim run: hyper-parameters, initial values, and per step the gradients and results. */
    static final class Case {
        final String name;
        final String optimizer;
        final Map<String, String> hyper = new LinkedHashMap<>();
        final Map<String, float[]> init = new LinkedHashMap<>();
        /** [step - 1] -> param -> values. */
        final List<Map<String, float[]>> grads = new ArrayList<>();
        final List<Map<String, float[]>> after = new ArrayList<>();

        Case(String name, String optimizer) {
            this.name = name;
            this.optimizer = optimizer;
        }

        float f(String key) {
            String v = hyper.get(key);
            if (v == null) {
                throw new IllegalStateException("case " + name + " has no hyper-parameter " + key);
            }
            return Float.parseFloat(v);
        }

        boolean b(String key) {
            return Boolean.parseBoolean(hyper.get(key));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One torch.optim.lr_scheduler run: settings and the lr of each step. */
    static final class Schedule {
        final String kind;
        final Map<String, String> settings = new LinkedHashMap<>();
        final List<Double> lrs = new ArrayList<>();

        Schedule(String kind) {
            this.kind = kind;
        }

        @Override
        public String toString() {
            return kind;
        }
    }

    final Map<String, Case> cases = new LinkedHashMap<>();
    final Map<String, Schedule> schedules = new LinkedHashMap<>();

    private static OptimGolden cached;

    static synchronized OptimGolden load() {
        if (cached == null) {
            try (InputStream in = OptimGolden.class.getResourceAsStream("/optim/optim_golden.txt")) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource optim/optim_golden.txt");
                }
                cached = parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return cached;
    }

    private static OptimGolden parse(BufferedReader r) throws IOException {
        OptimGolden g = new OptimGolden();
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] t = line.split(" ");
            switch (t[0]) {
                case "case" -> {
                    Case c = new Case(t[1], t[2]);
                    keyValues(t, 3, c.hyper);
                    g.cases.put(c.name, c);
                }
                case "init" -> g.caseOf(t[1], no).init.put(t[2], floats(t, 3));
                case "grad" -> perStep(g.caseOf(t[1], no).grads, Integer.parseInt(t[3])).put(t[2], floats(t, 4));
                case "after" -> perStep(g.caseOf(t[1], no).after, Integer.parseInt(t[3])).put(t[2], floats(t, 4));
                case "sched" -> {
                    Schedule s = new Schedule(t[2]);
                    keyValues(t, 3, s.settings);
                    g.schedules.put(t[1], s);
                }
                case "lr" -> {
                    Schedule s = g.schedules.get(t[1]);
                    if (s == null || Integer.parseInt(t[2]) != s.lrs.size()) {
                        throw new IllegalStateException("optim_golden.txt line " + no + ": lr out of order");
                    }
                    s.lrs.add(Double.parseDouble(t[3]));
                }
                default -> throw new IllegalStateException("optim_golden.txt line " + no + ": unknown record " + t[0]);
            }
        }
        return g;
    }

    private Case caseOf(String name, int line) {
        Case c = cases.get(name);
        if (c == null) {
            throw new IllegalStateException("optim_golden.txt line " + line + ": no case line for " + name);
        }
        return c;
    }

    private static Map<String, float[]> perStep(List<Map<String, float[]>> steps, int step) {
        while (steps.size() < step) {
            steps.add(new LinkedHashMap<>());
        }
        return steps.get(step - 1);
    }

    private static void keyValues(String[] t, int from, Map<String, String> out) {
        for (int i = from; i < t.length; i++) {
            int eq = t[i].indexOf('=');
            out.put(t[i].substring(0, eq), t[i].substring(eq + 1));
        }
    }

    /** Each value is a float32 written as the repr of its exact float64: the cast back is exact. */
    private static float[] floats(String[] t, int from) {
        float[] a = new float[t.length - from];
        for (int i = 0; i < a.length; i++) {
            double d = Double.parseDouble(t[from + i]);
            a[i] = (float) d;
            if (a[i] != d) {
                throw new IllegalStateException("golden value " + t[from + i] + " is not a float32");
            }
        }
        return a;
    }
}
