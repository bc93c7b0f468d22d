package org.rnn4j.models.vec2seq;

import static org.rnn4j.models.config.Checks.atLeast;

/**
 * Sizes of the CNN that turns an image into the feature vector of a {@link Vec2Seq} decoder:
 * conv(kernel, {@code conv1} filters, same padding) → relu → maxpool 2 → conv(kernel,
 * {@code conv2} filters) → relu → maxpool 2 → flatten → linear → relu, giving {@code features}
 * values. Flattening (not global pooling) keeps where things are in the image, which reading a
 * string of digits left to right needs. Validated on construction; messages name the field.
 *
 * @param channels input channels (1 for grey)
 * @param height   image height in pixels (>= 4: two 2x2 pools)
 * @param width    image width in pixels (>= 4)
 * @param conv1    filters of the first convolution
 * @param conv2    filters of the second convolution
 * @param kernel   square kernel of both convolutions, odd (padding kernel / 2 keeps the size)
 * @param features width of the image embedding (the decoder's feature vector)
 */
public record ImageEncoderSpec(int channels, int height, int width, int conv1, int conv2, int kernel, int features) {

    public ImageEncoderSpec {
        atLeast("channels", channels, 1);
        atLeast("height", height, 4);
        atLeast("width", width, 4);
        atLeast("conv1", conv1, 1);
        atLeast("conv2", conv2, 1);
        atLeast("kernel", kernel, 1);
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel must be odd (same padding), got " + kernel);
        }
        atLeast("features", features, 1);
    }

    /** Values of one input image: channels * height * width. */
    public int pixels() {
        return channels * height * width;
    }

    /** Width of the flattened feature map that the linear layer sees: conv2 * (height/4) * (width/4). */
    public int flatWidth() {
        return conv2 * (height / 2 / 2) * (width / 2 / 2);
    }

    /** Floats in the encoder's parameters (two convolutions, the linear layer), from the sizes alone. */
    public long parameterCount() {
        return org.rnn4j.models.config.Counts.conv(channels, conv1, kernel) + org.rnn4j.models.config.Counts.conv(conv1,
                conv2, kernel) + org.rnn4j.models.config.Counts.linear(flatWidth(), features, true);
    }
}
