package org.rnn4j.models.data.sets;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fortune files (the {@code fortunes} package, {@code /usr/share/games/fortunes}): plain text,
 * one fortune after another, each ended by a line holding only {@code %}. The {@code .dat}
 * files beside them are strfile indexes and are ignored, as are {@code .u8} symbolic links.
 */
public final class Fortunes {
    private Fortunes() {}

    /** Reads all fortune files under {@code dir} (recursively, in name order) and returns the fortunes. */
    public static List<String> read(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(Fortunes::isFortuneFile)
                    .sorted()
                    .toList();
        }
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            out.addAll(parse(decode(Files.readAllBytes(f))));
        }
        return out;
    }

    static boolean isFortuneFile(Path p) {
        String n = p.getFileName().toString();
        return !(n.endsWith(".dat") || n.endsWith(".gz") || n.endsWith(".u8") || n.startsWith("."));
    }

    /** Splits one fortune file's text at lines holding only {@code %}; blank fortunes are dropped. */
    public static List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.equals("%")) {
                add(out, cur);
                cur.setLength(0);
            } else {
                cur.append(line).append('\n');
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }

    /** UTF-8, falling back to ISO-8859-1 for the odd legacy file. */
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Writes a character-model corpus: each fortune followed by a line holding only {@code %}
     * (the fortune-file format itself, so the model learns where a fortune ends).
     */
    public static void write(List<String> fortunes, Path out) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (String f : fortunes) {
                w.write(f);
                w.write("\n%\n");
            }
        }
    }
}
