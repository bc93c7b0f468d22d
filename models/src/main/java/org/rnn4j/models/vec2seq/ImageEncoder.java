package org.rnn4j.models.vec2seq;

import java.util.SplittableRandom;
import org.rnn4j.core.autograd.ConvOps;
import org.rnn4j.core.autograd.Pointwise;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.nn.Conv2d;
import org.rnn4j.core.nn.Linear;
import org.rnn4j.core.nn.MaxPool2d;
import org.rnn4j.core.nn.NamedModule;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.Allocator;

/**
 * The image embedding of an image → sequence model (see {@link ImageEncoderSpec}):
 * (N, C, H, W) → conv → relu → pool → conv → relu → pool → flatten → linear → relu → (N, features).
 * Each convolution is one im2col + GEMM over the whole batch. Parameter names as in a PyTorch
 * state_dict: {@code conv1.weight}, {@code conv1.bias}, {@code conv2.*}, {@code linear.*}.
 */
public final class ImageEncoder extends NamedModule<ImageEncoderSpec> implements AutoCloseable {
    private final Conv2d conv1;
    private final Conv2d conv2;
    private final MaxPool2d pool = new MaxPool2d(2);
    private final Linear linear;

    public ImageEncoder(ImageEncoderSpec spec, Allocator alloc, long seed) {
        super(spec);
        SplittableRandom r = new SplittableRandom(seed);
        int pad = spec.kernel() / 2;
        conv1 = new Conv2d(spec.channels(), spec.conv1(), spec.kernel(), 1, pad, true, alloc, r.nextLong());
        conv2 = new Conv2d(spec.conv1(), spec.conv2(), spec.kernel(), 1, pad, true, alloc, r.nextLong());
        linear = new Linear(spec.flatWidth(), spec.features(), true, alloc, r.nextLong());
        add("conv1.", conv1);
        add("conv2.", conv2);
        add("linear.", linear);
    }

    /** Image embeddings (N, features) of images (N, C, H, W). */
    public Var forward(Tape tape, Var images) {
        Var x = pool.forward(tape, Pointwise.relu(conv1.forward(tape, images)));
        x = pool.forward(tape, Pointwise.relu(conv2.forward(tape, x)));
        return Pointwise.relu(linear.forward(tape, ConvOps.flatten(x)));
    }

    @Override
    public void close() {
        conv1.close();
        conv2.close();
        linear.close();
    }
}
