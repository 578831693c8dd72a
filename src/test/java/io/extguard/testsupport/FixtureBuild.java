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
 * Builds the {@code extguard_fixture} extension (src/test/c/extguard_fixture) and the {@code citus}
 * stand-in (src/test/c/citus_stand_in) with PGXS, once per JVM and version, in
 * {@code <fixture root>/fixture-build/<version>/} and {@code .../citus-<version>/} (see
 * {@link FixtureDirs}).
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

    /** Staged files of one version of the {@code citus} stand-in (see {@link CitusVersion}). */
    record CitusImage(CitusVersion version, Path libraryDir, Path extensionDir) {

        List<Path> libraryFiles() {
            return filesIn(libraryDir);
        }

        List<Path> extensionFiles() {
            return filesIn(extensionDir);
        }
    }

    /** Staged files of one version of the {@code timescaledb} stand-in (see {@link TimescaleVersion}). */
    record TimescaleImage(TimescaleVersion version, Path libraryDir, Path extensionDir) {

        List<Path> libraryFiles() {
            return filesIn(libraryDir);
        }

        List<Path> extensionFiles() {
            return filesIn(extensionDir);
        }
    }

    /** What one build staged: the files for the pkglibdir and for share/extension. */
    private record Staged(Path libraryDir, Path extensionDir) {
    }

    /** One PGXS source tree, built once per version with {@code <versionVariable>=<version>}. */
    private record Sources(String description, Path dir, String versionVariable, String buildDirPrefix) {
    }

    private static final Sources FIXTURE = new Sources("the fixture extension",
            Path.of("src/test/c/extguard_fixture"), "FIXTURE_LIB_VERSION", "");
    private static final Sources CITUS_STAND_IN = new Sources("the citus stand-in",
            Path.of("src/test/c/citus_stand_in"), "CITUS_LIB_VERSION", "citus-");

    private static final Sources TIMESCALE_STAND_IN = new Sources("the timescaledb stand-in",
            Path.of("src/test/c/timescaledb_stand_in"), "TS_VERSION", "timescaledb-");

    private static final Map<FixtureVersion, Image> BUILT = new EnumMap<>(FixtureVersion.class);
    private static final Map<CitusVersion, CitusImage> BUILT_CITUS = new EnumMap<>(CitusVersion.class);
    private static final Map<TimescaleVersion, TimescaleImage> BUILT_TIMESCALE = new EnumMap<>(TimescaleVersion.class);

    private FixtureBuild() {
    }

    static synchronized Image image(FixtureVersion version) {
        return BUILT.computeIfAbsent(version, v -> {
            Staged staged = build(FIXTURE, v.version());
            return new Image(v, staged.libraryDir(), staged.extensionDir());
        });
    }

    static synchronized CitusImage citusImage(CitusVersion version) {
        return BUILT_CITUS.computeIfAbsent(version, v -> {
            Staged staged = build(CITUS_STAND_IN, v.libraryVersion());
            return new CitusImage(v, staged.libraryDir(), staged.extensionDir());
        });
    }

    static synchronized TimescaleImage timescaleImage(TimescaleVersion version) {
        return BUILT_TIMESCALE.computeIfAbsent(version, v -> {
            Staged staged = build(TIMESCALE_STAND_IN, v.version());
            return new TimescaleImage(v, staged.libraryDir(), staged.extensionDir());
        });
    }

    static Path sourceDir() {
        return sourceDir(FIXTURE);
    }

    private static Path sourceDir(Sources sources) {
        return FixtureDirs.projectDir().resolve(sources.dir());
    }

    private static Staged build(Sources sources, String version) {
        SystemPostgres postgres = SystemPostgres.get();
        String name = sources.buildDirPrefix() + version;
        Path buildDir = FixtureDirs.fixtureBuildDir().resolve(name);
        Path stagingDir = FixtureDirs.fixtureImagesDir().resolve(name);
        // parallel surefire forks share fixture-build/; serialize their builds
        try (FileChannel lockFile = FileChannel.open(FixtureDirs.fixtureBuildDir().resolve(".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lock(lockFile)) {
            FileTree.deleteRecursively(buildDir);
            FileTree.deleteRecursively(stagingDir);
            copySources(sources, buildDir);
            String versionSetting = sources.versionVariable() + "=" + version;
            make(sources, buildDir, postgres, versionSetting);
            make(sources, buildDir, postgres, versionSetting, "install", "DESTDIR=" + stagingDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build " + sources.description() + " in " + buildDir, e);
        }
        return new Staged(
                underStaging(stagingDir, postgres.pkgLibDir()),
                underStaging(stagingDir, postgres.shareDir().resolve("extension")));
    }

    /*
     * File locks belong to the JVM, so a second class loader of this class (Quarkus tests load
     * their own) gets OverlappingFileLockException instead of waiting; then poll.
     */
    private static FileLock lock(FileChannel lockFile) {
        return org.awaitility.Awaitility.await("the fixture build lock").atMost(Processes.DEFAULT_TIMEOUT)
                .pollInterval(java.time.Duration.ofMillis(100)).ignoreException(OverlappingFileLockException.class)
                .until(lockFile::lock, java.util.Objects::nonNull);
    }

    /* Only sources: objects built in src/ by hand must not end up in an image. */
    private static void copySources(Sources sources, Path buildDir) {
        Path dir = sourceDir(sources);
        if (!Files.isRegularFile(dir.resolve("Makefile"))) {
            throw new IllegalStateException("Sources of " + sources.description() + " not found in " + dir);
        }
        FileTree.copyTree(dir, buildDir, relative -> relative.toString().isEmpty() || isSource(relative));
    }

    private static boolean isSource(Path relative) {
        String name = relative.getFileName().toString();
        return name.equals("Makefile") || name.endsWith(".c") || name.endsWith(".h")
                || name.endsWith(".sql") || name.endsWith(".control");
    }

    private static void make(Sources sources, Path buildDir, SystemPostgres postgres, String versionSetting,
            String... goals) {
        List<String> command = new ArrayList<>(List.of("make", "-C", buildDir.toString(),
                "PG_CONFIG=" + postgres.pgConfig(),
                versionSetting,
                // no LLVM bitcode: the fixture's servers run with jit = off, and clang is not needed
                "with_llvm=no"));
        command.addAll(List.of(goals));
        Processes.Result result = Processes.execute(buildDir, command, Processes.DEFAULT_TIMEOUT);
        if (!result.succeeded()) {
            throw new IllegalStateException("Building " + sources.description() + " failed (needs make, gcc and "
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
