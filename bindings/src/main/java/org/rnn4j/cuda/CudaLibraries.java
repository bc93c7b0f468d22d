package org.rnn4j.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the native libraries the CUDA backend needs — the driver ({@code libcuda}), the runtime
 * ({@code libcudart}) and cuDNN — without loading anything at class-initialisation time.
 *
 * <p>Each library is tried by its sonames through the dynamic loader (so {@code LD_LIBRARY_PATH}
 * and the ld cache apply), then in the usual CUDA install folders. The result says, in one line,
 * what was found and, if the backend cannot run, why.
 */
public final class CudaLibraries {

    /** One native library the backend needs, with the file names to try in order. */
    public record Library(String role, List<String> sonames) {
        public Library {
            if (sonames.isEmpty()) {
                throw new IllegalArgumentException("library '" + role + "' needs at least one soname");
            }
            sonames = List.copyOf(sonames);
        }
    }

    /** What became of one library: the path or name that loaded, or empty. */
    public record Found(Library library, Optional<String> loadedAs) {
        public boolean present() {
            return loadedAs.isPresent();
        }
    }

    /** The outcome of a discovery. */
    public record Report(List<Found> libraries) {
        public boolean usable() {
            return libraries.stream().allMatch(Found::present);
        }

        /** One line: "CUDA: libraries found (...)" or "CUDA: not usable: ... not found". */
        public String summary() {
            if (usable()) {
                List<String> names = libraries.stream().map(f -> f.loadedAs().orElseThrow()).toList();
                return "CUDA: libraries found (" + String.join(", ", names) + ")";
            }
            List<String> missing = new ArrayList<>();
            for (Found f : libraries) {
                if (!f.present()) {
                    missing.add(f.library().role() + " (" + f.library().sonames().getFirst() + ")");
                }
            }
            return "CUDA: not usable: " + String.join(", ", missing) + " not found";
        }
    }

    public static final Library DRIVER = new Library("driver", List.of("libcuda.so.1", "libcuda.so"));
    public static final Library RUNTIME = new Library("runtime",
            List.of("libcudart.so.13", "libcudart.so.12", "libcudart.so"));
    public static final Library CUDNN = new Library("cuDNN", List.of("libcudnn.so.9", "libcudnn.so"));

    /** Folders tried after the dynamic loader's own search. */
    static final List<Path> INSTALL_DIRS = List.of(
            Path.of("/usr/local/cuda/lib64"), Path.of("/usr/local/cuda/lib"),
            Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/usr/lib64"));

    private CudaLibraries() {
    }

    /** Discovers driver, runtime and cuDNN. */
    public static Report discover() {
        return discover(List.of(DRIVER, RUNTIME, CUDNN));
    }

    /** Discovers the given libraries; each is opened and closed again at once. */
    public static Report discover(List<Library> libraries) {
        List<Found> found = new ArrayList<>();
        for (Library lib : libraries) {
            found.add(new Found(lib, locate(lib)));
        }
        return new Report(List.copyOf(found));
    }

    private static Optional<String> locate(Library lib) {
        for (String soname : lib.sonames()) {
            if (opens(soname)) {
                return Optional.of(soname);
            }
        }
        for (Path dir : INSTALL_DIRS) {
            for (String soname : lib.sonames()) {
                Path candidate = dir.resolve(soname);
                if (Files.isRegularFile(candidate) && opens(candidate.toString())) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean opens(String nameOrPath) {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(nameOrPath, arena);
            return true;
        } catch (IllegalArgumentException notFound) {
            return false;
        }
    }
}
