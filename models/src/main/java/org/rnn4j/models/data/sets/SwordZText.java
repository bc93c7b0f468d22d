package org.rnn4j.models.data.sets;

import org.rnn4j.models.data.CorruptArchiveException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A SWORD "zText" Bible module (driver {@code zText}, {@code CompressType=ZIP}), as read by
 * SWORD's {@code zVerse}. Each testament ({@code ot}, {@code nt}) has three files:
 * <ul>
 *   <li>{@code .bzs}: block index, 12 bytes per block: offset u32, compressed size u32,
 *       uncompressed size u32 (little-endian);</li>
 *   <li>{@code .bzv}: verse index, 10 bytes per verse slot: block u32, offset u32 (in the
 *       uncompressed block), size u16;</li>
 *   <li>{@code .bzz}: the blocks, each a zlib stream.</li>
 * </ul>
 * Verse slots follow the module's versification (slot 0 empty, 1 the testament heading, then per
 * book a heading slot, per chapter a heading slot and the verses), so two modules with the same
 * versification line up slot by slot. Slot indexes here run over the OT and then the NT.
 */
public final class SwordZText {
    private final Testament[] testaments;
    private final Path dir;

    private SwordZText(Path dir, Testament[] testaments) {
        this.dir = dir;
        this.testaments = testaments;
    }

    /** Opens the module in {@code moduleDir} (holding {@code ot.bz*} and/or {@code nt.bz*}). */
    public static SwordZText open(Path moduleDir) throws IOException {
        Testament ot = Testament.load(moduleDir, "ot");
        Testament nt = Testament.load(moduleDir, "nt");
        if (ot == null && nt == null) {
            throw new IOException(moduleDir + ": no SWORD zText module here (no ot.bzs/ot.bzv/ot.bzz or nt.bz* files)");
        }
        return new SwordZText(moduleDir, new Testament[] {ot == null ? Testament.EMPTY : ot, nt == null ? Testament.EMPTY : nt});
    }

    /** Number of verse slots in the Old Testament part. */
    public int oldTestamentSize() {
        return testaments[0].slots();
    }

    /** Number of verse slots (OT then NT). */
    public int size() {
        return testaments[0].slots() + testaments[1].slots();
    }

    /** The raw markup (OSIS/ThML/GBF) of a verse slot; empty for an empty slot. */
    public String verse(int index) throws IOException {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("verse slot " + index + " of " + size());
        }
        int ot = testaments[0].slots();
        return index < ot ? testaments[0].verse(index) : testaments[1].verse(index - ot);
    }

    /** The text of a verse slot as plain text (see {@link #plainText}). */
    public String plainVerse(int index) throws IOException {
        return plainText(verse(index));
    }

    /**
     * Markup to plain text: drops tags (OSIS {@code <w>}, {@code <transChange>}, ThML, GBF), drops
     * the content of notes, titles/headings and ThML scripture references, decodes XML entities and
     * collapses white space.
     */
    public static String plainText(String markup) {
        StringBuilder out = new StringBuilder(markup.length());
        int skipDepth = 0;
        int i = 0;
        int n = markup.length();
        while (i < n) {
            char c = markup.charAt(i);
            if (c == '<') {
                int end = markup.indexOf('>', i);
                if (end < 0) {
                    break; // unterminated tag: drop the rest
                }
                String tag = markup.substring(i + 1, end).strip();
                boolean closing = tag.startsWith("/");
                boolean selfClosing = tag.endsWith("/");
                String name = tagName(closing ? tag.substring(1) : tag);
                if (isSkipped(name) && !selfClosing) {
                    skipDepth += closing ? (skipDepth > 0 ? -1 : 0) : 1;
                }
                if (skipDepth == 0) {
                    out.append(' ');
                }
                i = end + 1;
            } else {
                if (skipDepth == 0) {
                    if (c == '&') {
                        int semi = markup.indexOf(';', i);
                        if (semi > i && semi - i <= 10) {
                            String ent = entity(markup.substring(i + 1, semi));
                            if (ent != null) {
                                out.append(ent);
                                i = semi + 1;
                                continue;
                            }
                        }
                    }
                    out.append(c);
                }
                i++;
            }
        }
        return collapse(out);
    }

    private static boolean isSkipped(String name) {
        return name.equals("note") || name.equals("title") || name.equals("scripRef") || name.equals("head");
    }

    private static String tagName(String tag) {
        int j = 0;
        while (j < tag.length() && !Character.isWhitespace(tag.charAt(j)) && tag.charAt(j) != '/') {
            j++;
        }
        return tag.substring(0, j);
    }

    private static String entity(String e) {
        return switch (e) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> " ";
            default -> {
                try {
                    if (e.startsWith("#x") || e.startsWith("#X")) {
                        yield Character.toString(Integer.parseInt(e.substring(2), 16));
                    } else if (e.startsWith("#")) {
                        yield Character.toString(Integer.parseInt(e.substring(1)));
                    }
                } catch (IllegalArgumentException ex) {
                    yield null;
                }
                yield null;
            }
        };
    }

    private static String collapse(CharSequence s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = b.length() > 0;
            } else {
                if (space) {
                    // no space before closing punctuation left behind by removed tags
                    if (",.;:!?)]".indexOf(c) < 0) {
                        b.append(' ');
                    }
                    space = false;
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "SwordZText[" + dir + ", " + size() + " slots]";
    }

    /** One testament's three files, with the last decompressed block cached. */
    private static final class Testament {
        static final Testament EMPTY = new Testament(null, "", new long[0], new long[0], new long[0], ByteBuffer.allocate(0), null);

        private final Path dir;
        private final String prefix;
        private final long[] blockOffset;
        private final long[] blockSize;
        private final long[] blockUsize;
        private final ByteBuffer bzv;
        private final Path bzz;
        private int cachedBlock = -1;
        private byte[] cached;
        private byte[] bzzBytes;

        private Testament(Path dir, String prefix, long[] off, long[] size, long[] usize, ByteBuffer bzv, Path bzz) {
            this.dir = dir;
            this.prefix = prefix;
            this.blockOffset = off;
            this.blockSize = size;
            this.blockUsize = usize;
            this.bzv = bzv;
            this.bzz = bzz;
        }

        static Testament load(Path dir, String prefix) throws IOException {
            Path bzs = dir.resolve(prefix + ".bzs");
            Path bzv = dir.resolve(prefix + ".bzv");
            Path bzz = dir.resolve(prefix + ".bzz");
            if (!Files.exists(bzs) && !Files.exists(bzv) && !Files.exists(bzz)) {
                return null;
            }
            for (Path p : new Path[] {bzs, bzv, bzz}) {
                if (!Files.isRegularFile(p)) {
                    throw new IOException(p + ": missing (a zText testament needs .bzs, .bzv and .bzz)");
                }
            }
            byte[] s = Files.readAllBytes(bzs);
            if (s.length % 12 != 0) {
                throw new CorruptArchiveException(bzs + ": size " + s.length + " is not a multiple of 12 (block entries)");
            }
            byte[] v = Files.readAllBytes(bzv);
            if (v.length % 10 != 0) {
                throw new CorruptArchiveException(bzv + ": size " + v.length + " is not a multiple of 10 (verse entries)");
            }
            long bzzLength = Files.size(bzz);
            ByteBuffer sb = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
            int blocks = s.length / 12;
            long[] off = new long[blocks];
            long[] size = new long[blocks];
            long[] usize = new long[blocks];
            for (int b = 0; b < blocks; b++) {
                off[b] = Integer.toUnsignedLong(sb.getInt(b * 12));
                size[b] = Integer.toUnsignedLong(sb.getInt(b * 12 + 4));
                usize[b] = Integer.toUnsignedLong(sb.getInt(b * 12 + 8));
                if (off[b] + size[b] > bzzLength) {
                    throw new CorruptArchiveException(bzs + ": block " + b + " (entry at offset " + (b * 12)
                            + ") points past the end of " + bzz.getFileName() + " (" + off[b] + "+" + size[b] + " > " + bzzLength + ")");
                }
            }
            return new Testament(dir, prefix, off, size, usize, ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN), bzz);
        }

        int slots() {
            return bzv.capacity() / 10;
        }

        String verse(int i) throws IOException {
            int at = i * 10;
            long block = Integer.toUnsignedLong(bzv.getInt(at));
            long offset = Integer.toUnsignedLong(bzv.getInt(at + 4));
            int size = Short.toUnsignedInt(bzv.getShort(at + 8));
            if (size == 0) {
                return "";
            }
            Path bzvPath = dir.resolve(prefix + ".bzv");
            if (block >= blockOffset.length) {
                throw new CorruptArchiveException(bzvPath + ": verse entry at offset " + at + " names block " + block
                        + " but there are " + blockOffset.length);
            }
            byte[] data = block((int) block);
            if (offset + size > data.length) {
                throw new CorruptArchiveException(bzvPath + ": verse entry at offset " + at + " (" + offset + "+" + size
                        + ") runs past the end of block " + block + " (" + data.length + " bytes)");
            }
            int len = size;
            while (len > 0 && data[(int) offset + len - 1] == 0) {
                len--;
            }
            return new String(data, (int) offset, len, StandardCharsets.UTF_8);
        }

        private byte[] block(int b) throws IOException {
            if (b == cachedBlock) {
                return cached;
            }
            if (bzzBytes == null) {
                bzzBytes = Files.readAllBytes(bzz);
            }
            long usize = blockUsize[b];
            if (usize > Integer.MAX_VALUE - 8) {
                throw new CorruptArchiveException(bzz + ": block " + b + " claims " + usize + " bytes");
            }
            byte[] out = new byte[(int) usize];
            Inflater inf = new Inflater();
            try {
                inf.setInput(bzzBytes, (int) blockOffset[b], (int) blockSize[b]);
                int got = 0;
                while (got < out.length) {
                    int n = inf.inflate(out, got, out.length - got);
                    if (n == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
                        break;
                    }
                    got += n;
                }
                if (got != out.length) {
                    throw new CorruptArchiveException(bzz + ": block " + b + " at offset " + blockOffset[b]
                            + " inflates to " + got + " bytes, the index says " + usize);
                }
            } catch (DataFormatException e) {
                throw new CorruptArchiveException(bzz + ": block " + b + " at offset " + blockOffset[b]
                        + " is not zlib data (only CompressType=ZIP modules are read): " + e.getMessage(), e);
            } finally {
                inf.end();
            }
            cachedBlock = b;
            cached = out;
            return out;
        }
    }
}
