package io.extguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The operating-system user that runs initdb, pg_ctl and postgres.
 *
 * <p>PostgreSQL refuses to run as root, but the tests and CI do. When the JVM runs as root, the
 * server programs run as {@code nobody} (uid/gid 65534) through {@code setpriv}, and the files
 * they write (data directory, log) are handed to that user. Otherwise they run as the JVM's user.
 */
final class ServerUser {

    private static final int NOBODY = 65534;
    private static final Path SETPRIV = Executables.onPath("setpriv").orElse(Path.of("/usr/bin/setpriv"));
    private static final boolean JVM_IS_ROOT = currentUid() == 0;

    private ServerUser() {
    }

    /** Whether server programs run as another user than the JVM. */
    static boolean isSwitched() {
        return JVM_IS_ROOT;
    }

    /** Prefixes the command so that it runs as the server user. */
    static List<String> command(List<String> command) {
        if (!JVM_IS_ROOT) {
            return command;
        }
        if (!Files.isExecutable(SETPRIV)) {
            throw new IllegalStateException("Tests run as root, so PostgreSQL must run as another user, "
                    + "which needs " + SETPRIV + " (package util-linux)");
        }
        List<String> switched = new ArrayList<>(List.of(
                SETPRIV.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        switched.addAll(command);
        return switched;
    }

    /** Hands the file or tree to the server user (no-op unless switched). */
    static void own(Path path) {
        if (!JVM_IS_ROOT) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path each : (Iterable<Path>) tree::iterator) {
                Files.setAttribute(each, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(each, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot hand " + path + " to the server user", e);
        }
    }

    /**
     * Whether the server user can reach the directory. Asking that user (rather than reading
     * permission bits) also honours ACLs and every ancestor directory.
     */
    static boolean canTraverse(Path directory) {
        if (!JVM_IS_ROOT) {
            return true;
        }
        List<String> probe = command(List.of("/usr/bin/test", "-x", directory.toAbsolutePath().toString()));
        return Processes.execute(Path.of("/"), probe, Duration.ofSeconds(30)).succeeded();
    }

    private static int currentUid() {
        try {
            // /proc/self belongs to the process's (effective) user
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
    }
}
