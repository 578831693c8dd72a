package io.extguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the fixture keeps its files.
 *
 * <pre>
 * &lt;root&gt;/fixture-build/&lt;version&gt;/                 the extension builds (shared, locked)
 * &lt;root&gt;/pg-fixture/run-&lt;pid&gt;/fixture-images/    the built extension files of this JVM
 * &lt;root&gt;/pg-fixture/run-&lt;pid&gt;/installs/          PgInstall copies of this JVM
 * &lt;root&gt;/pg-fixture/run-&lt;pid&gt;/servers/&lt;name&gt;/{data,server.log}
 * </pre>
 *
 * <p>The root is the project's {@code target/} directory. When the server runs as another user
 * (tests run as root, see {@link ServerUser}) that user must be able to reach it; if some ancestor
 * is not traversable (e.g. a clone under /root) the root falls back to a directory under
 * {@code java.io.tmpdir}.
 *
 * <p>Each JVM works in its own run directory, so parallel surefire forks never collide, and
 * removes it on exit except for server logs under target/. A run directory whose JVM has died
 * (killed, crashed) is cleaned up by the next JVM, including servers it left running.
 */
final class FixtureDirs {

    private static final Pattern RUN_DIR_NAME = Pattern.compile("run-(\\d+)");
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private static final class Holder {
        static final Path ROOT = chooseRoot();
        static final boolean ROOT_IS_TEMPORARY = !ROOT.startsWith(projectDir());
        static final Path RUN = prepareRunDir();
    }

    private FixtureDirs() {
    }

    static Path projectDir() {
        // surefire sets basedir; IDEs run tests in the project directory
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    static Path root() {
        return Holder.ROOT;
    }

    static Path fixtureBuildDir() {
        return FileTree.createPublicDirectories(root().resolve("fixture-build"));
    }

    /** This JVM's staged images of the fixture extension (see {@link FixtureBuild}). */
    static Path fixtureImagesDir() {
        return FileTree.createPublicDirectories(Holder.RUN.resolve("fixture-images"));
    }

    static Path installsDir() {
        return FileTree.createPublicDirectories(Holder.RUN.resolve("installs"));
    }

    /** This JVM's initdb results, copied for each new server (see {@link InitdbTemplates}). */
    static Path templatesDir() {
        return FileTree.createPublicDirectories(Holder.RUN.resolve("templates"));
    }

    static Path serversDir() {
        return FileTree.createPublicDirectories(Holder.RUN.resolve("servers"));
    }

    /** A new, empty, world-traversable directory named after {@code name}. */
    static Path newDirectory(Path parent, String name) {
        String safeName = name.replaceAll("[^A-Za-z0-9._-]", "_");
        while (true) {
            Path candidate = parent.resolve(safeName + "-" + UNIQUE.incrementAndGet());
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return FileTree.createPublicDirectories(candidate);
            }
        }
    }

    /** Called once at JVM exit, after all servers have been stopped. */
    static void cleanUpThisRun() {
        Path run = Holder.RUN;
        if (Holder.ROOT_IS_TEMPORARY && !anyServerRunning(run)) {
            FileTree.deleteQuietly(run);
            return;
        }
        // keep the server logs under target/ for post-mortems; drop the bulky parts
        FileTree.deleteQuietly(run.resolve("installs"));
        FileTree.deleteQuietly(run.resolve("fixture-images"));
        FileTree.deleteQuietly(run.resolve("templates"));
        for (Path server : children(run.resolve("servers"))) {
            // a server still running belongs to another class loader's hook; leave its files
            if (!Files.exists(server.resolve("data/postmaster.pid"))) {
                FileTree.deleteQuietly(server.resolve("data"));
            }
        }
    }

    private static boolean anyServerRunning(Path run) {
        return children(run.resolve("servers")).stream()
                .anyMatch(server -> Files.exists(server.resolve("data/postmaster.pid")));
    }

    private static Path chooseRoot() {
        Path target = FileTree.createPublicDirectories(projectDir().resolve("target"));
        if (ServerUser.canTraverse(FileTree.createPublicDirectories(target.resolve("pg-fixture")))) {
            return target;
        }
        Path fallback = temporaryRoot();
        if (!ServerUser.canTraverse(fallback)) {
            throw new IllegalStateException("Neither " + target + " nor " + fallback
                    + " is reachable by the PostgreSQL server user; make one of them world-traversable");
        }
        return fallback;
    }

    private static Path temporaryRoot() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        Path wellKnown = tmp.resolve("extguard-test-fixture");
        try {
            // a stable name lets later JVMs clean up after crashed ones, but only trust a real
            // directory of our own (the temporary directory is shared with other users)
            if (!Files.exists(wellKnown, LinkOption.NOFOLLOW_LINKS)) {
                FileTree.createPublicDirectories(wellKnown);
            }
            if (Files.isDirectory(wellKnown, LinkOption.NOFOLLOW_LINKS) && ownedByUs(wellKnown)) {
                Files.setPosixFilePermissions(wellKnown, FileTree.DIRECTORY);
                return wellKnown;
            }
            Path unique = Files.createTempDirectory(tmp, "extguard-test-fixture-");
            Files.setPosixFilePermissions(unique, FileTree.DIRECTORY);
            return unique;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a fixture directory under " + tmp, e);
        }
    }

    private static boolean ownedByUs(Path path) throws IOException {
        return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
    }

    private static Path prepareRunDir() {
        Path runs = FileTree.createPublicDirectories(root().resolve("pg-fixture"));
        removeRunsOfDeadJvms(runs);
        Path run = FileTree.createPublicDirectories(runs.resolve("run-" + ProcessHandle.current().pid()));
        JvmExit.register();
        return run;
    }

    private static void removeRunsOfDeadJvms(Path runs) {
        for (Path run : children(runs)) {
            Matcher matcher = RUN_DIR_NAME.matcher(run.getFileName().toString());
            if (matcher.matches() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty()) {
                for (Path server : children(run.resolve("servers"))) {
                    PgServer.stopOrphan(server.resolve("data"));
                }
                FileTree.deleteQuietly(run);
            }
        }
    }

    private static List<Path> children(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            return java.util.stream.StreamSupport.stream(entries.spliterator(), false).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }
}
