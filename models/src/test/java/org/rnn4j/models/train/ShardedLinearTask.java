package org.rnn4j.models.train;

import java.util.Arrays;
import java.util.List;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.nn.Linear;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.NativeAllocator;

/**
 * {@link LinearTask} that shards over devices; a replica can be told to fail at one step (to
 * test what a failing device does to a run).
 */
public class ShardedLinearTask extends LinearTask implements Shardable<float[][]> {
    private final int failOnDevice;
    private final long failAtCall;

    /** {@code failOnDevice} > 0: that replica throws on its {@code failAtCall}-th loss (1-based). */
    public ShardedLinearTask(int examples, int batchSize, long seed, int failOnDevice, long failAtCall) {
        super(examples, batchSize, seed);
        this.failOnDevice = failOnDevice;
        this.failAtCall = failAtCall;
    }

    @Override
    public int size(float[][] batch) {
        return batch.length;
    }

    @Override
    public float[][] slice(float[][] batch, int from, int to) {
        return Arrays.copyOfRange(batch, from, to);
    }

    @Override
    public double weight(float[][] shard) {
        return shard.length;
    }

    @Override
    public void save(java.nio.file.Path dir, java.util.Map<String, Object> metrics) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir);
        RunFiles.writeWeights(dir.resolve("model.safetensors"), namedParameters(), "linear");
    }

    @Override
    public Replica<float[][]> replica(int index) {
        NativeAllocator mem = new NativeAllocator("replica " + index);
        Linear copy = new Linear(IN, 1, true, mem, 999 + index);
        return new Replica<>() {
            private long calls;

            @Override
            public List<Parameter> parameters() {
                return copy.parameters();
            }

            @Override
            public Var loss(Tape tape, float[][] shard) {
                if (index == failOnDevice && ++calls == failAtCall) {
                    throw new ArithmeticException("replica " + index + " failed on purpose");
                }
                return lossOf(copy, tape, shard);
            }

            @Override
            public void close() {
                copy.close();
                mem.close();
            }
        };
    }
}
