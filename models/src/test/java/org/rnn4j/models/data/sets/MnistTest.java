package org.rnn4j.models.data.sets;

import org.rnn4j.models.data.archive.TestTgz;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {
    @TempDir
    Path tmp;

    static byte[] images(int n) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * 784);
        b.putInt(0x803).putInt(n).putInt(28).putInt(28);
        for (int i = 0; i < n * 784; i++) {
            b.put((byte) (i * 7 + i / 784));
        }
        return b.array();
    }

    static byte[] labels(int... l) {
        ByteBuffer b = ByteBuffer.allocate(8 + l.length);
        b.putInt(0x801).putInt(l.length);
        for (int v : l) {
            b.put((byte) v);
        }
        return b.array();
    }

    @Test
    void readsImagesAndLabelsPlainAndGzip() throws IOException {
        Path img = Files.write(tmp.resolve("img"), images(3));
        Path imgGz = Files.write(tmp.resolve("img.gz"), TestTgz.gzip(images(3)));
        Path lab = Files.write(tmp.resolve("lab"), labels(5, 0, 9));
        for (Path p : new Path[] {img, imgGz}) {
            Mnist.Images im = Mnist.readImages(p);
            assertEquals(3, im.count());
            assertEquals(28, im.rows());
            assertEquals(28, im.cols());
            int i = 2 * 784 + 5 * 28 + 6;
            assertEquals((i * 7 + 2) & 0xff, im.pixel(2, 5, 6));
            assertEquals(784, im.image(1).length);
        }
        assertArrayEquals(new int[] {5, 0, 9}, Mnist.readLabels(lab));
    }

    @Test
    void wrongMagicTruncationAndTrailingBytesNameFileAndOffset() throws IOException {
        Path lab = Files.write(tmp.resolve("lab"), labels(1, 2));
        IOException e = assertThrows(IOException.class, () -> Mnist.readImages(lab));
        assertTrue(e.getMessage().contains("lab: byte offset 0: magic number 0x00000801, expected 0x00000803")
                && e.getMessage().contains("labels file"), e.getMessage());

        Path cut = Files.write(tmp.resolve("cut"), Arrays.copyOf(images(2), 16 + 784 + 100));
        e = assertThrows(IOException.class, () -> Mnist.readImages(cut));
        assertTrue(e.getMessage().contains("cut: byte offset 900: truncated") && e.getMessage().contains("1584"),
                e.getMessage());

        Path header = Files.write(tmp.resolve("hdr"), Arrays.copyOf(images(1), 10));
        e = assertThrows(IOException.class, () -> Mnist.readImages(header));
        assertTrue(e.getMessage().contains("hdr: byte offset 10: file ends inside the 16-byte IDX header"), e.getMessage());

        Path extra = Files.write(tmp.resolve("extra"), Arrays.copyOf(labels(1, 2), 12));
        e = assertThrows(IOException.class, () -> Mnist.readLabels(extra));
        assertTrue(e.getMessage().contains("extra: byte offset 10: 2 unexpected trailing bytes"), e.getMessage());

        Path badLabel = Files.write(tmp.resolve("badlabel"), labels(1, 12));
        e = assertThrows(IOException.class, () -> Mnist.readLabels(badLabel));
        assertTrue(e.getMessage().contains("byte offset 9: label 12"), e.getMessage());

        byte[] gz = TestTgz.gzip(images(2));
        Path cutGz = Files.write(tmp.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 20));
        e = assertThrows(IOException.class, () -> Mnist.readImages(cutGz));
        assertTrue(e.getMessage().contains("cut.gz: corrupt or truncated gzip"), e.getMessage());
    }
}
