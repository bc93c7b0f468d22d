package org.rnn4j.models.data.sets;

import org.rnn4j.models.data.archive.Gz;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Carnegie Mellon Pronouncing Dictionary ({@code dict.txt}: {@code WORD  PH1 PH2 ...}, alternate
 * pronunciations as {@code WORD(1)}, comments starting {@code ;;;}), and the fixed train/test split
 * file ({@code word<TAB>split}, gzip or not). Words are lowercased; the file is read as ISO-8859-1
 * (it has a few Latin-1 bytes).
 */
public final class CmuDict {
    /** Words to their first pronunciation (phonemes with stress digits), in file order, plus problems (file:line: what). */
    public record Dict(Map<String, List<String>> words, int alternatesSkipped, List<String> problems) {
    }

    /** The split names of the shared split file. */
    public static final Set<String> SPLITS = Set.of("train", "test", "test5k");

    private static final Pattern PHONEME = Pattern.compile("[A-Z]+[012]?");
    private static final Pattern ALTERNATE = Pattern.compile(".+\\(\\d+\\)");
    private static final Pattern LETTERS = Pattern.compile("[a-z]+");

    private CmuDict() {
    }

    public static Dict read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "CMUdict file not found");
        }
        Map<String, List<String>> words = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int alternates = 0;
        try (BufferedReader r = reader(file, StandardCharsets.ISO_8859_1)) {
            int lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank() || line.startsWith(";;;")) {
                    continue;
                }
                String where = file + ":" + lineNo + ": ";
                String[] parts = line.strip().split("\\s+");
                if (parts.length < 2) {
                    problems.add(where + "expected WORD  PHONEMES, found no phonemes");
                    continue;
                }
                String word = parts[0];
                if (ALTERNATE.matcher(word).matches()) {
                    alternates++;
                    continue;
                }
                List<String> phones = new ArrayList<>(parts.length - 1);
                String bad = null;
                for (int i = 1; i < parts.length; i++) {
                    if (!PHONEME.matcher(parts[i]).matches()) {
                        bad = parts[i];
                        break;
                    }
                    phones.add(parts[i]);
                }
                if (bad != null) {
                    problems.add(where + "'" + bad + "' is not a phoneme (expected like AA1 or K)");
                    continue;
                }
                String key = word.toLowerCase(Locale.ROOT);
                if (words.putIfAbsent(key, List.copyOf(phones)) != null) {
                    problems.add(where + "duplicate word '" + word + "' (the first one is kept)");
                }
            }
        }
        if (words.isEmpty()) {
            throw new IOException(file + ": no usable line (expected WORD  PH1 PH2 ... per line)"
                    + (problems.isEmpty() ? "" : "; first problem: " + problems.getFirst()));
        }
        return new Dict(words, alternates, problems);
    }

    /**
     * Reads the split file ({@code word<TAB>split}, split one of train, test, test5k; lines starting
     * with {@code #} are comments; gzip detected by its magic bytes). Bad lines are errors naming the line.
     */
    public static Map<String, String> split(Path splitTsvGz) throws IOException {
        if (!Files.isRegularFile(splitTsvGz)) {
            throw new NoSuchFileException(splitTsvGz.toString(), null, "CMUdict split file not found");
        }
        Map<String, String> out = new LinkedHashMap<>();
        try (BufferedReader r = reader(splitTsvGz, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", -1);
                String where = splitTsvGz + ":" + lineNo + ": ";
                if (parts.length != 2 || parts[0].isBlank()) {
                    throw new IOException(where + "expected word<TAB>split");
                }
                if (!SPLITS.contains(parts[1])) {
                    throw new IOException(where + "unknown split '" + parts[1] + "' (allowed: train, test, test5k)");
                }
                if (out.put(parts[0], parts[1]) != null) {
                    throw new IOException(where + "word '" + parts[0] + "' listed twice");
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException(splitTsvGz + ": no word<TAB>split line");
        }
        return out;
    }

    /** Counts of what {@link #writeSplits} wrote. */
    public record Written(int train, int test, int test5k, int missing) {
    }

    /**
     * Writes {@code cmudict-train.tsv}, {@code cmudict-test.tsv} (test plus test5k: the full test
     * split) and {@code cmudict-test5k.tsv} into {@code dir}: {@code g r a p h e m e s<TAB>PH1 PH2}.
     * With {@code split} null, only words of letters a-z are used and every 20th goes to test
     * (test5k then stays empty). Split words missing from the dictionary are counted, not fatal.
     */
    public static Written writeSplits(Dict dict, Map<String, String> split, Path dir) throws IOException {
        Files.createDirectories(dir);
        int train = 0;
        int test = 0;
        int test5k = 0;
        int missing = 0;
        try (BufferedWriter tr = Files.newBufferedWriter(dir.resolve("cmudict-train.tsv"), StandardCharsets.UTF_8);
                BufferedWriter te = Files.newBufferedWriter(dir.resolve("cmudict-test.tsv"), StandardCharsets.UTF_8);
                BufferedWriter t5 = Files.newBufferedWriter(dir.resolve("cmudict-test5k.tsv"),
                        StandardCharsets.UTF_8)) {
            if (split != null) {
                for (Map.Entry<String, String> e : split.entrySet()) {
                    List<String> phones = dict.words().get(e.getKey());
                    if (phones == null) {
                        missing++;
                        continue;
                    }
                    String row = row(e.getKey(), phones);
                    switch (e.getValue()) {
                        case "train" -> {
                            tr.write(row);
                            train++;
                        }
                        case "test" -> {
                            te.write(row);
                            test++;
                        }
                        default -> {
                            te.write(row);
                            t5.write(row);
                            test++;
                            test5k++;
                        }
                    }
                }
            } else {
                int i = 0;
                for (Map.Entry<String, List<String>> e : dict.words().entrySet()) {
                    if (!LETTERS.matcher(e.getKey()).matches()) {
                        continue;
                    }
                    if (i++ % 20 == 19) {
                        te.write(row(e.getKey(), e.getValue()));
                        test++;
                    } else {
                        tr.write(row(e.getKey(), e.getValue()));
                        train++;
                    }
                }
            }
        }
        return new Written(train, test, test5k, missing);
    }

    private static String row(String word, List<String> phones) {
        StringBuilder sb = new StringBuilder(word.length() * 2 + phones.size() * 4);
        for (int i = 0; i < word.length(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(word.charAt(i));
        }
        return sb.append('\t').append(String.join(" ", phones)).append('\n').toString();
    }

    private static BufferedReader reader(Path file, Charset cs) throws IOException {
        InputStream in = Gz.open(file);
        return new BufferedReader(new InputStreamReader(in, cs), 1 << 16);
    }
}
