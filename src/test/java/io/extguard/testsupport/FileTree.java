package io.extguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * File helpers for the fixture. Permissions are always set explicitly: the server may run as
 * another user (see {@link ServerUser}), and a restrictive umask (077 on some CI runners) must
 * not make the copied installation unreadable for it.
 */
public final class FileTree {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");
    static final Set<PosixFilePermission> EXECUTABLE = DIRECTORY;
    static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private FileTree() {
    }

    /** Creates the directory and any missing parents, each readable and traversable by everyone. */
    static Path createPublicDirectories(Path directory) {
        try {
            Path absolute = directory.toAbsolutePath();
            if (Files.isDirectory(absolute)) {
                return absolute;
            }
            createPublicDirectories(absolute.getParent());
            try {
                Files.createDirectory(absolute);
                Files.setPosixFilePermissions(absolute, DIRECTORY);
            } catch (java.nio.file.FileAlreadyExistsException concurrentlyCreated) {
                // another thread or JVM made it first; fine
            }
            return absolute;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + directory, e);
        }
    }

    /**
     * Copies a directory tree as real, independent files (symbolic links are followed, never
     * copied and never hard-linked), so that changing the copy can never change the original.
     */
    static void copyTree(Path source, Path target, Predicate<Path> includeRelative) {
        copyTree(source, target, includeRelative, none -> false);
    }

    /**
     * {@link #copyTree}, except that files {@code linkRelative} accepts become hard links where the
     * file system allows it (same device, and as root, or the caller owns them): a test's copy of
     * the PostgreSQL installation then costs a directory tree instead of 60 MB. Only for files that
     * are replaced by rename or deleted, never written or chmod-ed in place, which would change the
     * original; anything else is copied.
     */
    static void copyTree(Path source, Path target, Predicate<Path> includeRelative, Predicate<Path> linkRelative) {
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!includeRelative.test(source.relativize(dir))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Path copy = target.resolve(source.relativize(dir).toString());
                    Files.createDirectories(copy);
                    Files.setPosixFilePermissions(copy, DIRECTORY);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Path relative = source.relativize(file);
                    if (!includeRelative.test(relative) || !Files.exists(file)) {
                        return FileVisitResult.CONTINUE; // excluded, or a dangling link
                    }
                    if (Files.isDirectory(file)) { // a link to a directory
                        copyTree(file.toRealPath(), target.resolve(relative.toString()), any -> true, linkRelative);
                    } else if (!linkRelative.test(relative) || !link(file, target.resolve(relative.toString()))) {
                        copyFile(file, target.resolve(relative.toString()));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + source + " to " + target, e);
        }
    }

    /** A hard link to the real file; false where the file system or fs.protected_hardlinks refuses. */
    private static boolean link(Path file, Path copy) {
        try {
            Files.createLink(copy, file.toRealPath());
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static void copyFile(Path file, Path copy) throws IOException {
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        Files.setPosixFilePermissions(copy, Files.isExecutable(file) ? EXECUTABLE : READABLE);
    }

    /**
     * Replaces {@code target} by a new file with the given content via rename. A running server
     * keeps its already loaded library (the old inode) intact, as it would during a real package
     * or image upgrade; overwriting the file in place could crash backends that mapped it.
     */
    static void replaceAtomically(Path target, byte[] content, Set<PosixFilePermission> permissions) {
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(temporary, content);
            Files.setPosixFilePermissions(temporary, permissions);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }

    /**
     * Creates the data directory of a server inside {@code parent}, which the server user is then
     * given (it writes the log beside the data directory), mode 0700 as PostgreSQL requires.
     */
    static Path createDataDirectory(Path parent) {
        Path dataDir = parent.resolve("data");
        try {
            Files.createDirectory(dataDir);
            Files.setPosixFilePermissions(dataDir, PRIVATE_DIRECTORY);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dataDir, e);
        }
        ServerUser.own(parent);
        return dataDir;
    }

    /** Writes a file that only its owner can read (created so, never readable in between). */
    static void writePrivateFile(Path file, String content) {
        writePrivateFile(file, content.getBytes(StandardCharsets.UTF_8));
    }

    static void writePrivateFile(Path file, byte[] content) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    public static void deleteRecursively(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }

    static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (UncheckedIOException ignored) {
            // best effort: leftovers live under target/ or a temporary directory
        }
    }
}
