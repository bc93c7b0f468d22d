package org.rnn4j.models.data.sets;

import org.rnn4j.models.data.archive.Gz;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * MNIST in IDX format (gzip or not): images (magic 0x00000803, count, rows, cols, then one unsigned
 * byte per pixel, row-major) and labels (magic 0x00000801, count, then one byte 0-9 each). Errors
 * name the file and the byte offset (in the uncompressed stream).
 */
public final class Mnist {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

    /** {@code count} images of {@code rows x cols} pixels (0-255 stored as unsigned bytes), image after image. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        /** Pixel value 0-255. */
        public int pixel(int image, int row, int col) {
            return pixels[(image * rows + row) * cols + col] & 0xff;
        }

        /** One image scaled to [0, 1], row-major. */
        public float[] image(int image) {
            int n = rows * cols;
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = (pixels[image * n + i] & 0xff) / 255f;
            }
            return f;
        }
    }

    /** Images and their labels, index-aligned. */
    public record Digits(Images images, int[] labels) {
        /**
         * Checks that these are 28x28 MNIST digits with one label each and that [from, to) is a
         * non-empty range of them; the message names what is wrong.
         */
        public void checkRange(int from, int to) {
            if (images.rows() != 28 || images.cols() != 28) {
                throw new IllegalArgumentException("MNIST digits are 28x28, these images are " + images.rows() + "x"
                        + images.cols());
            }
            if (labels.length != images.count()) {
                throw new IllegalArgumentException(images.count() + " images but " + labels.length + " labels");
            }
            if (from < 0 || to > images.count() || from >= to) {
                throw new IllegalArgumentException("image range [" + from + ", " + to + ") is empty or outside the "
                        + images.count() + " images");
            }
        }
    }

    private Mnist() {
    }

    /**
     * The {@code train} or {@code t10k} images and labels from the data cache
     * ({@code rnn4j data get mnist}); a missing file says which command fetches it.
     */
    public static Digits fromCache(String set) throws IOException {
        Path dir = Path.of(".");
        Images images = readImages(org.rnn4j.models.data.DataPaths.resolve(dir, "cache:mnist/" + set
                + "-images-idx3-ubyte"));
        int[] labels = readLabels(org.rnn4j.models.data.DataPaths.resolve(dir, "cache:mnist/" + set
                + "-labels-idx1-ubyte"));
        return new Digits(images, labels);
    }

    public static Images readImages(Path file) throws IOException {
        byte[] b = readAll(file);
        header(file, b, IMAGES_MAGIC, "images", 16);
        int count = dim(file, b, 4, "image count");
        int rows = dim(file, b, 8, "row count");
        int cols = dim(file, b, 12, "column count");
        long expected = 16L + (long) count * rows * cols;
        checkLength(file, b, expected, count + " images of " + rows + "x" + cols);
        byte[] pixels = new byte[b.length - 16];
        System.arraycopy(b, 16, pixels, 0, pixels.length);
        return new Images(count, rows, cols, pixels);
    }

    /** Labels as ints; each must be 0-9. */
    public static int[] readLabels(Path file) throws IOException {
        byte[] b = readAll(file);
        header(file, b, LABELS_MAGIC, "labels", 8);
        int count = dim(file, b, 4, "label count");
        checkLength(file, b, 8L + count, count + " labels");
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int v = b[8 + i] & 0xff;
            if (v > 9) {
                throw new IOException(file + ": byte offset " + (8 + i) + ": label " + v + " is not a digit 0-9");
            }
            labels[i] = v;
        }
        return labels;
    }

    private static byte[] readAll(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "IDX file not found");
        }
        try (InputStream in = Gz.open(file)) {
            return in.readAllBytes();
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new IOException(file + ": corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
        }
    }

    private static void header(Path file, byte[] b, int magic, String what, int headerSize) throws IOException {
        if (b.length < 4) {
            throw new IOException(file + ": byte offset " + b.length + ": file ends inside the IDX magic number");
        }
        int m = readInt(b, 0);
        if (m != magic) {
            String hint = m == IMAGES_MAGIC ? " (this is an images file)" : m == LABELS_MAGIC ? " (this is a labels file)"
                    : (b[0] == 0x1f && (b[1] & 0xff) == 0x8b) ? " (still gzip-compressed?)" : "";
            throw new IOException(file + ": byte offset 0: magic number 0x" + String.format("%08x", m)
                    + ", expected 0x" + String.format("%08x", magic) + " for IDX " + what + hint);
        }
        if (b.length < headerSize) {
            throw new IOException(file + ": byte offset " + b.length + ": file ends inside the " + headerSize
                    + "-byte IDX header");
        }
    }

    private static int dim(Path file, byte[] b, int at, String what) throws IOException {
        int v = readInt(b, at);
        if (v <= 0) {
            throw new IOException(file + ": byte offset " + at + ": " + what + " " + v + " must be positive");
        }
        return v;
    }

    private static void checkLength(Path file, byte[] b, long expected, String what) throws IOException {
        if (b.length < expected) {
            throw new IOException(file + ": byte offset " + b.length + ": truncated; " + what + " need " + expected
                    + " bytes in all, the file has " + b.length);
        }
        if (b.length > expected) {
            throw new IOException(file + ": byte offset " + expected + ": " + (b.length - expected)
                    + " unexpected trailing bytes after " + what);
        }
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
