package org.rnn4j.models.data.sets;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Aligned verse pairs from two SWORD zText modules with the same versification (e.g. the KJV and
 * the Reina-Valera 1909, both {@code Versification=KJV}): one {@code source<TAB>target} line per
 * verse slot where both sides have text after markup is stripped. Book and chapter heading slots
 * carry only titles and milestones, so they come out empty and are skipped too.
 */
public final class BibleParallel {
    private BibleParallel() {}

    /**
     * Writes the pairs to {@code out} (UTF-8) and returns how many were written.
     *
     * @throws IOException if the two modules have different numbers of verse slots
     */
    public static int write(Path sourceModuleDir, Path targetModuleDir, Path out) throws IOException {
        SwordZText src = SwordZText.open(sourceModuleDir);
        SwordZText tgt = SwordZText.open(targetModuleDir);
        if (src.size() != tgt.size() || src.oldTestamentSize() != tgt.oldTestamentSize()) {
            throw new IOException("verse indexes do not line up: " + sourceModuleDir + " has " + src.oldTestamentSize()
                    + "+" + (src.size() - src.oldTestamentSize()) + " slots, " + targetModuleDir + " has "
                    + tgt.oldTestamentSize() + "+" + (tgt.size() - tgt.oldTestamentSize())
                    + " (different versifications?)");
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        int pairs = 0;
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < src.size(); i++) {
                String a = clean(src.plainVerse(i));
                if (a.isEmpty()) {
                    continue;
                }
                String b = clean(tgt.plainVerse(i));
                if (b.isEmpty()) {
                    continue;
                }
                w.write(a);
                w.write('\t');
                w.write(b);
                w.write('\n');
                pairs++;
            }
        }
        return pairs;
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ').strip();
    }
}
