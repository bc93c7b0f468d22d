package org.rnn4j.models.data.sets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Small MNIST look-alikes for tests: 28x28 images of random pixels whose first pixel is the image
 * index + 1 (so a test can tell which image ended up where), labels {@code index % 10}, and a data
 * cache folder holding them as IDX files for the code that reads {@code cache:mnist/...}.
 */
public final class FakeMnist {
    private FakeMnist() {
    }

    /** {@code count} (<= 255) images; pixel (0, 0) of image i is i + 1, the rest random in [0, 255]. */
    public static Mnist.Images images(int count, long seed) {
        if (count > 255) {
            throw new IllegalArgumentException("at most 255 fake images");
        }
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[count * 28 * 28];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < 28 * 28; k++) {
                px[i * 28 * 28 + k] = (byte) (k == 0 ? i + 1 : r.nextInt(256));
            }
        }
        return new Mnist.Images(count, 28, 28, px);
    }

    public static int[] labels(int count) {
        int[] l = new int[count];
        for (int i = 0; i < count; i++) {
            l[i] = i % 10;
        }
        return l;
    }

    /** Writes {@code root/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte}. */
    public static void writeCache(Path root, int trainCount, int testCount) throws IOException {
        Path dir = Files.createDirectories(root.resolve("mnist"));
        write(dir, "train", images(trainCount, 1), labels(trainCount));
        write(dir, "t10k", images(testCount, 2), labels(testCount));
    }

    private static void write(Path dir, String set, Mnist.Images im, int[] labels) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + im.pixels().length);
        b.putInt(Mnist.IMAGES_MAGIC).putInt(im.count()).putInt(im.rows()).putInt(im.cols()).put(im.pixels());
        Files.write(dir.resolve(set + "-images-idx3-ubyte"), b.array());
        ByteBuffer l = ByteBuffer.allocate(8 + labels.length);
        l.putInt(Mnist.LABELS_MAGIC).putInt(labels.length);
        for (int v : labels) {
            l.put((byte) v);
        }
        Files.write(dir.resolve(set + "-labels-idx1-ubyte"), l.array());
    }
}
