package org.rnn4j.models.video;

import static org.rnn4j.models.config.Checks.atLeast;
import org.rnn4j.models.config.Checks;

import org.rnn4j.core.nn.CellType;

/**
 * Sizes of a CNN + RNN video classifier. Every frame (channels x height x width, CHW) goes
 * through conv(kernel, {@code conv1} filters, same padding) → relu → maxpool 2 → conv(kernel,
 * {@code conv2} filters) → relu → [maxpool 2 → conv(kernel, {@code conv3} filters) → relu, when
 * conv3 > 0] → global average pool, giving {@link #frameFeatures()} features per frame;
 * a (bi)directional recurrent layer runs over each clip's frame features and its last state
 * feeds a linear classifier over {@code classes}. Validated on construction; messages name the
 * field.
 *
 * @param channels      channels of an input frame (1 for grey)
 * @param height        frame height in pixels (>= 2: the 2x2 max pool needs it)
 * @param width         frame width in pixels (>= 2)
 * @param conv1         filters of the first convolution
 * @param conv2         filters of the second convolution
 * @param conv3         filters of an optional third convolution (0: none); it widens what one
 *                      feature sees (18x18 pixels instead of 8x8 with 3x3 kernels), which
 *                      recognising a 28x28 digit needs
 * @param kernel        square kernel of both convolutions, odd (padding kernel / 2 keeps the size)
 * @param coordinates   append two coordinate channels (x, y in [-1, 1]) to every frame before the
 *                      first convolution (CoordConv), so that the position-blind global average
 *                      pool can still report where things are — what motion direction needs
 * @param cell          LSTM or GRU (or one of the simple RNN cells)
 * @param hidden        hidden size of the recurrent layer (per direction)
 * @param layers        stacked recurrent layers
 * @param bidirectional run the clips backwards too; the pooled state is [last forward | first reverse]
 * @param classes       number of classes (>= 2)
 * @param dropout       dropout between recurrent layers and on the pooled state, training only, in [0, 1)
 */
public record VideoSpec(int channels, int height, int width, int conv1, int conv2, int conv3, int kernel,
                        boolean coordinates,
                        CellType cell, int hidden, int layers, boolean bidirectional, int classes, float dropout) {

    public VideoSpec {
        atLeast("channels", channels, 1);
        atLeast("height", height, 2);
        atLeast("width", width, 2);
        atLeast("conv1", conv1, 1);
        atLeast("conv2", conv2, 1);
        atLeast("conv3", conv3, 0);
        if (conv3 > 0 && (height < 4 || width < 4)) {
            throw new IllegalArgumentException("a third convolution (conv3) needs frames of at least 4x4 (two 2x2 pools),"
                    + " got " + height + "x" + width);
        }
        atLeast("kernel", kernel, 1);
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel must be odd (same padding), got " + kernel);
        }
        if (cell == null) {
            throw new IllegalArgumentException("cell is required (LSTM, GRU, RNN_TANH or RNN_RELU)");
        }
        atLeast("hidden", hidden, 1);
        atLeast("layers", layers, 1);
        atLeast("classes", classes, 2);
        Checks.dropout("dropout", dropout);
    }

    /**
     * A small default: conv 8 and 16 filters of 3x3, coordinate channels, a 32-unit
     * unidirectional LSTM, no dropout.
     */
    public static VideoSpec of(int channels, int height, int width, int classes) {
        return new VideoSpec(channels, height, width, 8, 16, 0, 3, true, CellType.LSTM, 32, 1, false, classes, 0f);
    }

    public VideoSpec withCell(CellType c) {
        return new VideoSpec(channels, height, width, conv1, conv2, conv3, kernel, coordinates, c, hidden, layers,
                bidirectional, classes, dropout);
    }

    public VideoSpec withRecurrent(int hiddenSize, int numLayers, boolean bidi) {
        return new VideoSpec(channels, height, width, conv1, conv2, conv3, kernel, coordinates, cell, hiddenSize, numLayers,
                bidi, classes, dropout);
    }

    public VideoSpec withConv(int filters1, int filters2, int k) {
        return new VideoSpec(channels, height, width, filters1, filters2, conv3, k, coordinates, cell, hidden, layers,
                bidirectional, classes, dropout);
    }

    public VideoSpec withCoordinates(boolean on) {
        return new VideoSpec(channels, height, width, conv1, conv2, conv3, kernel, on, cell, hidden, layers, bidirectional,
                classes, dropout);
    }

    public VideoSpec withDropout(float p) {
        return new VideoSpec(channels, height, width, conv1, conv2, conv3, kernel, coordinates, cell, hidden, layers,
                bidirectional, classes, p);
    }

    /** A third convolution of this many filters (0: none). */
    public VideoSpec withConv3(int filters3) {
        return new VideoSpec(channels, height, width, conv1, conv2, filters3, kernel, coordinates, cell, hidden, layers,
                bidirectional, classes, dropout);
    }

    /** Features per frame that the recurrent layer sees: conv3 if present, else conv2. */
    public int frameFeatures() {
        return conv3 > 0 ? conv3 : conv2;
    }

    /** Pixels of one input frame: channels * height * width. */
    public int framePixels() {
        return channels * height * width;
    }

    /** Channels the first convolution sees (two more with coordinates). */
    public int convInput() {
        return channels + (coordinates ? 2 : 0);
    }

    /** Width of the pooled clip representation: directions * hidden. */
    public int pooledWidth() {
        return (bidirectional ? 2 : 1) * hidden;
    }

    /** Floats in the model's parameters (convolutions, recurrent stack, classifier), from the sizes alone. */
    public long parameterCount() {
        return org.rnn4j.models.config.Counts.conv(convInput(), conv1, kernel)
                + org.rnn4j.models.config.Counts.conv(conv1, conv2, kernel)
                + (conv3 > 0 ? org.rnn4j.models.config.Counts.conv(conv2, conv3, kernel) : 0)
                + org.rnn4j.models.config.Counts.recurrent(new org.rnn4j.core.nn.RecurrentSpec(cell, frameFeatures(), hidden,
                        layers, bidirectional, 0f, true, false, 0))
                + org.rnn4j.models.config.Counts.linear(pooledWidth(), classes, true);
    }
}
