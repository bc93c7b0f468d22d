package org.rnn4j.models.train;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.rnn4j.core.autograd.Pointwise;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.device.Collective;
import org.rnn4j.core.device.Device;
import org.rnn4j.core.kernel.Elementwise;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.nn.ParameterIndex;
import org.rnn4j.core.tensor.Workspace;

/**
 * Data parallelism over the devices of one process: the trainable's model on the first device,
 * a {@link Shardable.Replica} on each other one. Each global batch is cut into one shard per
 * device (sizes by the devices' shares) and each shard into {@code micro} micro-batches; every
 * device runs forward and backward on its pieces at the same time, each piece's loss weighted
 * by its share of the batch's loss terms, so the sum of the devices' gradients is the gradient
 * of the whole batch's loss — sharding does not change the optimisation. When every model was
 * built in a flat allocator (the families' are), each device's gradients already are one buffer
 * in one layout ({@link ParameterIndex#gradients()}): they are added into the first device's in
 * device order (the same bits on every rerun), in place, and all-reduced over the process group
 * ({@link Collective}; a group of one in a single process). Models built otherwise are gathered
 * into flat buffers first and scattered back. The trainer then steps the optimizer once and
 * {@link #broadcast} copies the new values to the replicas.
 *
 * <p>A failure on any device fails the step before anything is updated: every gradient is
 * cleared and the error names the device.
 */
final class DataParallel<B> implements AutoCloseable {
    private final Shardable<B> shards;
    private final List<Device> devices;
    private final List<List<Parameter>> params = new ArrayList<>();
    private final List<Shardable.Replica<B>> replicas = new ArrayList<>();
    private final List<Workspace> workspaces = new ArrayList<>();
    private final Trainable<B> master;
    private final ParameterIndex index;
    private double[] shares;
    private final int micro;
    private final Collective collective;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment[] flat;
    private final MemorySegment values;
    /** Each device's gradients as one buffer (its model built flat, all in the same layout), or null. */
    private final MemorySegment[] regions;

    /**
     * @param master  the trainable (its model trains on {@code devices.get(0)}); must be {@link Shardable}
     * @param masterWs the workspace of the first device's steps (the trainer's)
     * @param shares  each device's share of a batch (positive; normalised here)
     * @param micro   micro-batches per shard (gradient accumulation), >= 1
     */
    DataParallel(Trainable<B> master, Workspace masterWs, List<Device> devices, double[] shares, int micro,
                 Collective collective) {
        if (!(master instanceof Shardable<?>)) {
            String what = master.getClass().getName().substring(master.getClass().getName().lastIndexOf('.') + 1);
            throw new IllegalArgumentException(what + " cannot be sharded over devices: it offers no replicas (it is not a"
                    + " train.Shardable); train it on one device (cpu:N)");
        }
        if (shares.length != devices.size()) {
            throw new IllegalArgumentException(shares.length + " shares for " + devices.size() + " devices");
        }
        @SuppressWarnings("unchecked")
        Shardable<B> s = (Shardable<B>) master;
        if (micro > 1 && !s.accumulates()) {
            throw new IllegalArgumentException("microBatches " + micro + ": this model carries its state across steps"
                    + " example by example, so a shard cannot be split into micro-batches; use microBatches 1");
        }
        this.shards = s;
        this.master = master;
        this.devices = List.copyOf(devices);
        this.micro = micro;
        this.collective = collective;
        shares(shares);
        this.index = ParameterIndex.of(master.parameters());
        params.add(master.parameters());
        replicas.add(null);
        workspaces.add(masterWs);
        try {
            for (int d = 1; d < devices.size(); d++) {
                Shardable.Replica<B> r = s.replica(d);
                replicas.add(r);
                if (!index.matches(r.parameters())) {
                    throw new IllegalStateException("replica " + d + " has other parameters than the model");
                }
                params.add(r.parameters());
                workspaces.add(new Workspace("training step on " + devices.get(d).name(), master.workspaceBytes()));
            }
            MemorySegment[] r = new MemorySegment[devices.size()];
            for (int d = 0; r != null && d < r.length; d++) {
                ParameterIndex di = d == 0 ? index : ParameterIndex.of(params.get(d));
                r = di.gradients() != null && di.sameLayout(index) ? r : null;
                if (r != null) {
                    r[d] = di.gradients();
                }
            }
            regions = r;
            flat = new MemorySegment[regions != null ? 0 : devices.size()];
            for (int d = 0; d < flat.length; d++) {
                flat[d] = arena.allocate(Math.max(1, index.count()) * Float.BYTES, 64);
            }
            values = arena.allocate(Math.max(1, index.count()) * Float.BYTES, 64);
            broadcast();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Sets each device's share of a batch (positive; normalised here). */
    void shares(double[] s) {
        if (s.length != devices.size()) {
            throw new IllegalArgumentException(s.length + " shares for " + devices.size() + " devices");
        }
        double total = 0;
        for (double v : s) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("device shares must be finite and > 0, got " + java.util.Arrays.toString(s));
            }
            total += v;
        }
        double[] out = new double[s.length];
        for (int d = 0; d < s.length; d++) {
            out[d] = s[d] / total;
        }
        this.shares = out;
    }

    /**
     * Each device's throughput on {@code batch}, in examples per second: each device running
     * forward and backward of the same shard (the batch's first 1/D) alone, one after another (so
     * they do not slow each other down). Nothing is updated: the gradients are cleared after.
     */
    double[] throughput(B batch) {
        int n = shards.size(batch);
        // Every device on the same shard (a batch may have fewer examples than there are devices).
        B shard = shards.slice(batch, 0, Math.max(1, Math.min(n, (n + devices.size() - 1) / devices.size())));
        double[] out = new double[devices.size()];
        try {
            for (int d = 0; d < devices.size(); d++) {
                int dev = d;
                long t0 = System.nanoTime();
                devices.get(d).submit(() -> {
                    Tape tape = new Tape(workspaces.get(dev));
                    tape.backward(dev == 0 ? master.loss(tape, shard) : replicas.get(dev).loss(tape, shard));
                    return null;
                }).get();
                out[d] = shards.size(shard) / ((System.nanoTime() - t0) / 1e9);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("measuring the devices failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the devices", e);
        } finally {
            for (int d = 0; d < devices.size(); d++) {
                params.get(d).forEach(Parameter::zeroGrad);
                workspaces.get(d).reset();
            }
        }
        return out;
    }

    /** The number of examples of a batch of {@code n} that each device takes: by share, largest remainders first. */
    static int[] split(int n, double[] shares) {
        int[] out = new int[shares.length];
        double[] rest = new double[shares.length];
        int given = 0;
        for (int d = 0; d < shares.length; d++) {
            double exact = n * shares[d];
            out[d] = (int) Math.floor(exact);
            rest[d] = exact - out[d];
            given += out[d];
        }
        while (given < n) {
            int best = 0;
            for (int d = 1; d < shares.length; d++) {
                if (rest[d] > rest[best]) {
                    best = d;
                }
            }
            out[best]++;
            rest[best] = -1;
            given++;
        }
        return out;
    }

    /** The device pieces of {@code batch}: per device, its micro-batches (empty ones left out). */
    private List<List<B>> pieces(B batch) {
        int n = shards.size(batch);
        int[] counts = split(n, shares);
        List<List<B>> out = new ArrayList<>();
        int from = 0;
        for (int count : counts) {
            List<B> mine = new ArrayList<>();
            int[] parts = split(count, uniform(Math.min(micro, Math.max(1, count))));
            int f = from;
            for (int p : parts) {
                if (p > 0) {
                    mine.add(shards.slice(batch, f, f + p));
                }
                f += p;
            }
            out.add(mine);
            from += count;
        }
        return out;
    }

    private static double[] uniform(int k) {
        double[] u = new double[k];
        java.util.Arrays.fill(u, 1.0 / k);
        return u;
    }

    /**
     * Forward and backward of {@code batch} over every device; on return the model's gradients
     * hold the gradient of the whole batch's loss, which is returned. {@code step} (0-based) is
     * for error messages.
     */
    double gradients(B batch, long step) {
        List<List<B>> pieces = pieces(batch);
        double[][] weights = new double[pieces.size()][];
        double total = 0;
        for (int d = 0; d < pieces.size(); d++) {
            weights[d] = pieces.get(d).stream().mapToDouble(shards::weight).toArray();
            for (double v : weights[d]) {
                total += v;
            }
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("a batch whose loss has no terms (weight " + total + ")");
        }
        double w = total;
        List<Future<Double>> running = new ArrayList<>();
        for (int d = 0; d < devices.size(); d++) {
            int dev = d;
            List<B> mine = pieces.get(d);
            double[] mineWeights = weights[d];
            running.add(devices.get(d).submit(() -> {
                double loss = 0;
                for (int k = 0; k < mine.size(); k++) {
                    B p = mine.get(k);
                    double share = mineWeights[k] / w;
                    Tape tape = new Tape(workspaces.get(dev));
                    Var l = dev == 0 ? master.loss(tape, p) : replicas.get(dev).loss(tape, p);
                    float lv = l.value().get(0);
                    loss += share * lv;
                    if (Float.isFinite(lv)) {
                        tape.backward(Pointwise.scale(l, (float) share));
                    }
                    if (mine.size() > 1) {
                        // The piece's gradients are in the parameters now: its activations can go, so a
                        // step in micro-batches needs the memory of one piece, not of the whole shard.
                        workspaces.get(dev).reset();
                    }
                }
                return loss;
            }));
        }
        double loss = 0;
        RuntimeException failure = null;
        boolean interrupted = false;
        for (int d = 0; d < running.size(); d++) {
            try {
                loss += running.get(d).get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    Throwable c = e.getCause();
                    failure = new IllegalStateException("device " + devices.get(d).name() + " failed in step " + (step + 1)
                            + ": " + c.getClass().getSimpleName() + ": " + c.getMessage() + " (no parameter was updated)", c);
                }
            } catch (InterruptedException e) {
                // Keep waiting: the devices still use the buffers this method resets next.
                interrupted = true;
                d--;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        long n = index.count();
        if (regions != null) {
            // Every model's gradients are one buffer in the same layout: add them in device order, in place.
            if (failure == null) {
                for (int d = 1; d < devices.size(); d++) {
                    Elementwise.add(n, regions[0], 0, regions[d], 0, regions[0], 0);
                }
            }
            for (int d = failure == null ? 1 : 0; d < devices.size(); d++) {
                regions[d].asSlice(0, n * Float.BYTES).fill((byte) 0);
                workspaces.get(d).reset();
            }
            if (failure != null) {
                throw failure;
            }
            collective.allReduceSum(regions[0], n);
            return loss;
        }
        for (int d = 1; d < devices.size(); d++) {
            index.gatherGrads(params.get(d), flat[d]);
            params.get(d).forEach(Parameter::zeroGrad);
            workspaces.get(d).reset();
        }
        if (failure != null) {
            params.getFirst().forEach(Parameter::zeroGrad);
            workspaces.getFirst().reset();
            throw failure;
        }
        index.gatherGrads(params.getFirst(), flat[0]);
        for (int d = 1; d < devices.size(); d++) {
            Elementwise.add(n, flat[0], 0, flat[d], 0, flat[0], 0);
        }
        collective.allReduceSum(flat[0], n);
        index.scatterGrads(flat[0], params.getFirst());
        return loss;
    }

    /**
     * Off-heap bytes beyond the first device's workspace: the other devices' workspace peaks, the
     * replicas' parameters and gradients, and the flat buffers.
     */
    long extraBytes() {
        long floats = index.count();
        long bytes = (flat.length + 1) * floats * Float.BYTES + (devices.size() - 1) * 2 * floats * Float.BYTES;
        // (flat is empty when every model's gradients are one buffer: the reduction needs no copies)
        for (int d = 1; d < workspaces.size(); d++) {
            bytes += workspaces.get(d).peakBytes();
        }
        return bytes;
    }

    /** Copies the model's values (after the optimizer step) into every replica. */
    void broadcast() {
        index.gatherValues(params.getFirst(), values);
        for (int d = 1; d < params.size(); d++) {
            index.scatterValues(values, params.get(d));
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        List<Runnable> steps = new ArrayList<>();
        for (int d = 1; d < replicas.size(); d++) {
            Shardable.Replica<B> r = replicas.get(d);
            if (r != null) {
                steps.add(r::close);
            }
        }
        for (int d = 1; d < workspaces.size(); d++) {
            steps.add(workspaces.get(d)::close);
        }
        devices.forEach(dev -> steps.add(dev::close));
        steps.add(arena::close);
        for (Runnable step : steps) {   // each one, whatever the others do
            try {
                step.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
