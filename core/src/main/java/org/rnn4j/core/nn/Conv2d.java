package org.rnn4j.core.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.core.autograd.ConvOps;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.Init;
import org.rnn4j.core.tensor.Shape;

/**
 * 2-D convolution as PyTorch's {@code nn.Conv2d} with a square kernel, stride and zero padding:
 * x (N, C, H, W) → (N, O, OH, OW). Parameters {@code weight} (O, C, K, K) and {@code bias} (O),
 * both initialised U(−1/√fan_in, 1/√fan_in) with fan_in = C·K·K (PyTorch's default). See
 * {@link ConvOps#conv2d} for the im2col + GEMM implementation.
 */
public final class Conv2d implements Module, AutoCloseable {
    private final Parameter weight;
    private final Parameter bias;
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias,
                  Allocator alloc, long seed) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d needs channels, kernel and stride >= 1 and padding >= 0, got in "
                    + inChannels + ", out " + outChannels + ", kernel " + kernel + ", stride " + stride + ", padding "
                    + padding);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        SplittableRandom r = new SplittableRandom(seed);
        float bound = (float) (1 / Math.sqrt((double) inChannels * kernel * kernel));
        this.weight = new Parameter("weight", Shape.of(outChannels, inChannels, kernel, kernel), alloc);
        Init.uniform(weight.value(), -bound, bound, r.nextLong());
        this.bias = bias ? new Parameter("bias", Shape.of(outChannels), alloc) : null;
        if (bias) {
            Init.uniform(this.bias.value(), -bound, bound, r.nextLong());
        }
    }

    /** x (N, inChannels, H, W) → (N, outChannels, OH, OW). */
    public Var forward(Tape tape, Var x) {
        if (x.value().rank() != 4 || x.dim(1) != inChannels) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + " -> " + outChannels + ", kernel " + kernel
                    + "): input " + x.shape() + " should be (N, " + inChannels + ", H, W)");
        }
        return ConvOps.conv2d(x, tape.param(weight), bias == null ? null : tape.param(bias), stride, padding);
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        ps.add(weight);
        if (bias != null) {
            ps.add(bias);
        }
        return ps;
    }

    @Override
    public void close() {
        parameters().forEach(Parameter::close);
    }
}
