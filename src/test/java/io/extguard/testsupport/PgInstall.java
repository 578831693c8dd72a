package io.extguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A private copy of the machine's PostgreSQL installation (binaries, libraries, share files).
 *
 * <p>Tests change extension files here, never in the system directories: swapping the files of a
 * copy is how a test simulates a package upgrade or a rebuilt server image. PostgreSQL is
 * relocatable; it finds its share and library directories relative to its own binary, so
 * servers started from the copy read the copy (verified when the copy is made).
 *
 * <p>{@link #shared()} is one read-only copy per JVM; {@link #create(String)} makes a copy that a
 * test owns and may modify. Close a created copy (after its servers) to delete it; anything left
 * is deleted when the JVM exits.
 */
public final class PgInstall implements AutoCloseable {

    private static final String FIXTURE_FILE_PREFIX = FixtureVersion.EXTENSION_NAME;

    private final Path root;
    private final Path binDir;
    private final Path libDir;
    private final Path shareDir;
    private final boolean shared;

    private static final class SharedHolder {
        static final PgInstall INSTANCE = copyOfSystem("shared", true);
    }

    private PgInstall(Path root, Path binDir, Path libDir, Path shareDir, boolean shared) {
        this.root = root;
        this.binDir = binDir;
        this.libDir = libDir;
        this.shareDir = shareDir;
        this.shared = shared;
    }

    /** The JVM-wide copy for tests that never change installation files; without the fixture. */
    public static PgInstall shared() {
        return SharedHolder.INSTANCE;
    }

    /**
     * An unpacked build of another PostgreSQL version ({@link PgVersions}): bin/, lib/postgresql/ and
     * share/postgresql/ under {@code root}. Read-only, like {@link #shared()}.
     */
    static PgInstall unpacked(Path root) {
        return new PgInstall(root, root.resolve("bin"), root.resolve("lib/postgresql"),
                root.resolve("share/postgresql"), true);
    }

    /** Whether this installation has the program (the version matrix's builds lack pg_basebackup and psql). */
    public boolean has(String program) {
        return Files.isExecutable(program(program));
    }

    /** A fresh copy owned by the caller, who may install the fixture or change extension files. */
    public static PgInstall create(String name) {
        return copyOfSystem(name, false);
    }

    public Path root() {
        return root;
    }

    public Path binDir() {
        return binDir;
    }

    /** The copy's pkglibdir ({@code $libdir} for extensions). */
    public Path libDir() {
        return libDir;
    }

    public Path shareDir() {
        return shareDir;
    }

    /** Where the copy's extension control files and SQL scripts live. */
    public Path extensionDir() {
        return shareDir.resolve("extension");
    }

    /**
     * Installs the given image of {@code extguard_fixture}, replacing all of its files from a
     * previous image: library, control file and scripts, as a rebuilt server image would. Running
     * servers keep the library they already loaded; new backends load the new one.
     */
    public synchronized void installFixture(FixtureVersion version) {
        requireModifiable();
        FixtureBuild.Image image = FixtureBuild.image(version);
        removeFixtureFiles();
        for (Path library : image.libraryFiles()) {
            FileTree.replaceAtomically(libDir.resolve(library.getFileName().toString()), read(library),
                    FileTree.EXECUTABLE);
        }
        for (Path file : image.extensionFiles()) {
            FileTree.replaceAtomically(extensionDir().resolve(file.getFileName().toString()), read(file),
                    FileTree.READABLE);
        }
    }

    /**
     * Installs the given image of the {@code citus} stand-in (see {@link CitusVersion}), replacing
     * all of its files from a previous image (library {@code citus.so}, control file and scripts),
     * as a rebuilt server image would. Servers of this copy need
     * {@link CitusVersion#SHARED_PRELOAD_LIBRARIES}; install an image before their first start, and
     * restart them after swapping one: the postmaster loaded the library at start, and its
     * backends keep that one.
     *
     * <p>New files are written (atomically, by rename) before stale ones are removed, so the
     * extension directory never lacks a control file in between.
     */
    public synchronized void installCitusStandIn(CitusVersion version) {
        requireModifiable();
        FixtureBuild.CitusImage image = FixtureBuild.citusImage(version);
        Set<String> written = new java.util.HashSet<>();
        for (Path library : image.libraryFiles()) {
            FileTree.replaceAtomically(libDir.resolve(library.getFileName().toString()), read(library),
                    FileTree.EXECUTABLE);
        }
        for (Path file : image.extensionFiles()) {
            String name = file.getFileName().toString();
            FileTree.replaceAtomically(extensionDir().resolve(name), read(file), FileTree.READABLE);
            written.add(name);
        }
        deleteMatching(extensionDir(), name -> isCitusExtensionFile(name) && !written.contains(name));
    }

    /* citus.control and citus--*.sql, not citus_columnar or other citus_* extensions */
    private static boolean isCitusExtensionFile(String name) {
        return name.equals(CitusVersion.EXTENSION_NAME + ".control")
                || name.startsWith(CitusVersion.EXTENSION_NAME + "--");
    }

    /**
     * Installs the given image of the {@code timescaledb} stand-in (see {@link TimescaleVersion}):
     * the loader, the versioned library, the control file and the scripts, replacing the control
     * file and scripts of a previous image. Servers of this copy need
     * {@link TimescaleVersion#SHARED_PRELOAD_LIBRARIES}; restart them after swapping an image, so the
     * postmaster preloads the new loader.
     *
     * @param keepOtherLibraries whether the versioned libraries of other releases stay, as in images
     *                           that ship several (most official ones), or go, as in images with one
     */
    public synchronized void installTimescaleStandIn(TimescaleVersion version, boolean keepOtherLibraries) {
        requireModifiable();
        FixtureBuild.TimescaleImage image = FixtureBuild.timescaleImage(version);
        Set<String> written = new java.util.HashSet<>();
        for (Path library : image.libraryFiles()) {
            String name = library.getFileName().toString();
            FileTree.replaceAtomically(libDir.resolve(name), read(library), FileTree.EXECUTABLE);
            written.add(name);
        }
        for (Path file : image.extensionFiles()) {
            String name = file.getFileName().toString();
            FileTree.replaceAtomically(extensionDir().resolve(name), read(file), FileTree.READABLE);
            written.add(name);
        }
        String prefix = TimescaleVersion.EXTENSION_NAME;
        deleteMatching(extensionDir(), name -> (name.equals(prefix + ".control") || name.startsWith(prefix + "--"))
                && !written.contains(name));
        if (!keepOtherLibraries) {
            deleteMatching(libDir, name -> name.startsWith(prefix + "-") && !written.contains(name));
        }
    }

    /** Removes a file from the copy's library directory, as an image that no longer ships it. */
    public synchronized void removeLibraryFile(String fileName) {
        requireModifiable();
        try {
            Files.deleteIfExists(libDir.resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + fileName, e);
        }
    }

    /** Adds or replaces a file in the extension directory (control file, SQL script). */
    public synchronized void putExtensionFile(String fileName, String content) {
        requireModifiable();
        FileTree.replaceAtomically(extensionFile(fileName), content.getBytes(StandardCharsets.UTF_8),
                FileTree.READABLE);
    }

    /** Removes a file from the extension directory; a missing file is fine. */
    public synchronized void removeExtensionFile(String fileName) {
        requireModifiable();
        try {
            Files.deleteIfExists(extensionFile(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + fileName, e);
        }
    }

    /** Deletes a created copy; stop its servers first. Does nothing for {@link #shared()}. */
    @Override
    public void close() {
        if (!shared) {
            FileTree.deleteRecursively(root);
        }
    }

    Path program(String name) {
        return binDir.resolve(name);
    }

    @Override
    public String toString() {
        return "PgInstall[" + root + "]";
    }

    private static PgInstall copyOfSystem(String name, boolean shared) {
        TestTier.refuseServer("a PostgreSQL server (it copies the PostgreSQL installation)");
        SystemPostgres system = SystemPostgres.get();
        // keep the system layout relative to the directories' common ancestor (/usr on Debian):
        // that is what PostgreSQL's relocation logic expects
        Path commonAncestor = commonAncestor(system.binDir(), system.pkgLibDir(), system.shareDir());
        Path root = FixtureDirs.newDirectory(FixtureDirs.installsDir(), name);
        PgInstall copy = new PgInstall(root,
                root.resolve(commonAncestor.relativize(system.binDir())),
                root.resolve(commonAncestor.relativize(system.pkgLibDir())),
                root.resolve(commonAncestor.relativize(system.shareDir())),
                shared);
        FileTree.copyTree(system.binDir(), copy.binDir, any -> true, PgInstall::isLinkable);
        FileTree.copyTree(system.pkgLibDir(), copy.libDir, PgInstall::isNeededLibraryFile, PgInstall::isLinkable);
        FileTree.copyTree(system.shareDir(), copy.shareDir, relative -> !relative.startsWith("man"), PgInstall::isLinkable);
        copy.verifyRelocated();
        return copy;
    }

    /*
     * Control files are copied: a test may take a copy's read permission away (UnreadableControlFileTest),
     * which on a link would change the system's file. Everything else a test changes is replaced by
     * rename or deleted (FileTree.replaceAtomically, removeLibraryFile), which leaves a link's original alone.
     */
    private static boolean isLinkable(Path relative) {
        return !relative.getFileName().toString().endsWith(".control");
    }

    /*
     * Leaves out what servers never load here, about two thirds of the size: build support (pgxs,
     * static libraries) and JIT (llvmjit and its bitcode; the fixture's servers run with jit = off).
     */
    private static boolean isNeededLibraryFile(Path relative) {
        String first = relative.toString().isEmpty() ? "" : relative.getName(0).toString();
        return !first.equals("pgxs") && !first.equals("bitcode") && !first.startsWith("llvmjit")
                && !first.endsWith(".a");
    }

    /** Fails if the copy's PostgreSQL would still read the system's share or library files. */
    private void verifyRelocated() {
        List<Path> reported = SystemPostgres.ask(program("pg_config"), "--bindir", "--pkglibdir", "--sharedir");
        List<Path> expected = Stream.of(binDir, libDir, shareDir).map(PgInstall::realPath).toList();
        if (!reported.equals(expected)) {
            throw new IllegalStateException("The PostgreSQL copy in " + root + " is not relocated: its pg_config"
                    + " reports " + reported + " instead of " + expected);
        }
    }

    private void removeFixtureFiles() {
        deleteMatching(libDir, name -> name.equals(FIXTURE_FILE_PREFIX + ".so"));
        deleteMatching(extensionDir(), name -> name.startsWith(FIXTURE_FILE_PREFIX + ".")
                || name.startsWith(FIXTURE_FILE_PREFIX + "--"));
    }

    private static void deleteMatching(Path directory, java.util.function.Predicate<String> fileName) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> fileName.test(f.getFileName().toString())).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean " + directory, e);
        }
    }

    private Path extensionFile(String fileName) {
        Path file = extensionDir().resolve(fileName).normalize();
        if (!file.getParent().equals(extensionDir()) || Set.of("", ".", "..").contains(fileName)) {
            throw new IllegalArgumentException("Not a plain file name: " + fileName);
        }
        return file;
    }

    private void requireModifiable() {
        if (shared) {
            throw new UnsupportedOperationException(
                    "PgInstall.shared() is shared by all tests of the JVM; use PgInstall.create(name) to change files");
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static Path commonAncestor(Path first, Path... others) {
        Path ancestor = first;
        for (Path other : others) {
            while (!other.startsWith(ancestor)) {
                ancestor = ancestor.getParent();
            }
        }
        return ancestor;
    }
}
