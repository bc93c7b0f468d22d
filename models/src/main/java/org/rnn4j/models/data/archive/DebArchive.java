package org.rnn4j.models.data.archive;

import org.rnn4j.models.data.CorruptArchiveException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Debian binary packages ({@code .deb}): an ar archive holding {@code debian-binary} ("2.0"),
 * {@code control.tar.*} and {@code data.tar.*}. This reads the files of {@code data.tar.xz}
 * (also {@code .gz} or uncompressed {@code data.tar}) without dpkg.
 */
public final class DebArchive {
    private DebArchive() {}

    /**
     * Extracts the regular files of the package's data archive whose names (without the leading
     * {@code ./}, e.g. {@code usr/share/games/fortunes/art}) pass {@code want} into {@code dir}.
     *
     * @return the files written
     */
    public static List<Path> extract(Path deb, Predicate<String> want, Path dir) throws IOException {
        List<ArArchive.Entry> entries = ArArchive.entries(deb);
        if (entries.isEmpty() || !entries.get(0).name().equals("debian-binary")) {
            throw new CorruptArchiveException(deb + ": not a Debian package (first ar member is not debian-binary)");
        }
        try (InputStream in = ArArchive.open(deb, entries.get(0))) {
            String version = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
            if (!version.startsWith("2.")) {
                throw new CorruptArchiveException(deb + ": unsupported .deb format version '" + version + "'");
            }
        }
        ArArchive.Entry data = null;
        for (ArArchive.Entry e : entries) {
            if (e.name().startsWith("data.tar")) {
                data = e;
                break;
            }
        }
        if (data == null) {
            throw new CorruptArchiveException(deb + ": no data.tar member in the package");
        }
        String source = deb.getFileName() + "!" + data.name();
        try (InputStream raw = new BufferedInputStream(ArArchive.open(deb, data), 1 << 16);
             InputStream in = decompressor(raw, data.name(), deb)) {
            return org.rnn4j.models.data.archive.Tar.extract(in, source, want, dir);
        } catch (CorruptArchiveException e) {
            throw e;
        } catch (org.tukaani.xz.XZIOException | java.util.zip.ZipException | java.io.EOFException e) {
            throw new CorruptArchiveException(source + " (member at offset " + data.dataOffset()
                    + " of " + deb + "): corrupt compressed data: " + e.getMessage(), e);
        }
    }

    private static InputStream decompressor(InputStream raw, String name, Path deb) throws IOException {
        return switch (name) {
            case "data.tar.xz" -> new XZInputStream(raw);
            case "data.tar.gz" -> new GZIPInputStream(raw);
            case "data.tar" -> raw;
            default -> throw new IOException(deb + ": unsupported data member '" + name
                    + "' (rnn4j reads data.tar.xz, data.tar.gz and data.tar)");
        };
    }
}
