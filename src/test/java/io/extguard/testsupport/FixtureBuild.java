package io.extguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the {@code extguard_fixture} extension (src/test/c/extguard_fixture) with PGXS, once per
 * JVM and version, in {@code <fixture root>/fixture-build/<version>/} (see {@link FixtureDirs}).
 *
 * <p>Each version is built from a fresh copy of the sources in its own directory, so src/ stays
 * clean, the two library builds never share object files, and no stale object survives a
 * change of branch (a full build takes a fraction of a second). {@code make install DESTDIR=...}
 * then stages the "image", exactly the files a server package of that version would install,
 * in this JVM's run directory, where builds by other JVMs cannot change it.
 */
final class FixtureBuild {

    /** Staged files of one version: the library and the control file and SQL scripts. */
    record Image(FixtureVersion version, Path libraryDir, Path extensionDir) {

        List<Path> libraryFiles() {
            return filesIn(libraryDir);
        }

        List<Path> extensionFiles() {
            return filesIn(extensionDir);
        }
    }

    private static final Map<FixtureVersion, Image> BUILT = new EnumMap<>(FixtureVersion.class);

    private FixtureBuild() {
    }

    static synchronized Image image(FixtureVersion version) {
        return BUILT.computeIfAbsent(version, FixtureBuild::build);
    }

    static Path sourceDir() {
        return FixtureDirs.projectDir().resolve("src/test/c/extguard_fixture");
    }

    private static Image build(FixtureVersion version) {
        SystemPostgres postgres = SystemPostgres.get();
        Path buildDir = FixtureDirs.fixtureBuildDir().resolve(version.version());
        Path stagingDir = FixtureDirs.fixtureImagesDir().resolve(version.version());
        // parallel surefire forks share fixture-build/; serialize their builds
        try (FileChannel lockFile = FileChannel.open(FixtureDirs.fixtureBuildDir().resolve(".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lock(lockFile)) {
            FileTree.deleteRecursively(buildDir);
            FileTree.deleteRecursively(stagingDir);
            copySources(buildDir);
            make(buildDir, postgres, version);
            make(buildDir, postgres, version, "install", "DESTDIR=" + stagingDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build the fixture extension in " + buildDir, e);
        }
        return new Image(version,
                underStaging(stagingDir, postgres.pkgLibDir()),
                underStaging(stagingDir, postgres.shareDir().resolve("extension")));
    }

    /*
     * File locks belong to the JVM, so a second class loader of this class (Quarkus tests load
     * their own) gets OverlappingFileLockException instead of waiting; then poll.
     */
    private static FileLock lock(FileChannel lockFile) throws IOException {
        long deadline = System.nanoTime() + Processes.DEFAULT_TIMEOUT.toNanos();
        while (true) {
            try {
                return lockFile.lock();
            } catch (OverlappingFileLockException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(100);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the fixture build lock", e);
        }
    }

    /* Only sources: objects built in src/ by hand must not end up in an image. */
    private static void copySources(Path buildDir) {
        Path sources = sourceDir();
        if (!Files.isRegularFile(sources.resolve("Makefile"))) {
            throw new IllegalStateException("Fixture extension sources not found in " + sources);
        }
        FileTree.copyTree(sources, buildDir, relative -> relative.toString().isEmpty() || isSource(relative));
    }

    private static boolean isSource(Path relative) {
        String name = relative.getFileName().toString();
        return name.equals("Makefile") || name.endsWith(".c") || name.endsWith(".h")
                || name.endsWith(".sql") || name.endsWith(".control");
    }

    private static void make(Path buildDir, SystemPostgres postgres, FixtureVersion version, String... goals) {
        List<String> command = new ArrayList<>(List.of("make", "-C", buildDir.toString(),
                "PG_CONFIG=" + postgres.pgConfig(),
                "FIXTURE_LIB_VERSION=" + version.version(),
                // no LLVM bitcode: the fixture's servers run with jit = off, and clang is not needed
                "with_llvm=no"));
        command.addAll(List.of(goals));
        Processes.Result result = Processes.execute(buildDir, command, Processes.DEFAULT_TIMEOUT);
        if (!result.succeeded()) {
            throw new IllegalStateException("Building the fixture extension failed (needs make, gcc and "
                    + "PostgreSQL's server headers, e.g. Debian's postgresql-server-dev-15):\n"
                    + String.join(" ", command) + "\n" + result.output());
        }
    }

    private static Path underStaging(Path stagingDir, Path absoluteDir) {
        return stagingDir.resolve(absoluteDir.toString().substring(1));
    }

    private static List<Path> filesIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }
}
