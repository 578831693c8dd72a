package io.extguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An extension shipped as its own directory, the way CloudNativePG mounts an extension image as a
 * volume (PostgreSQL 18): {@code share/extension/} holds control and script files, reached through
 * {@code extension_control_path}; {@code lib/} holds the library, reached through
 * {@code dynamic_library_path}. {@link #replace} swaps the whole contents, as a new image does.
 */
public final class ImageVolume {
    private final Path root;

    private ImageVolume(Path root) {
        this.root = root;
    }

    public static ImageVolume create(String name) {
        Path root = FixtureDirs.newDirectory(FixtureDirs.serversDir(), name);
        FileTree.createPublicDirectories(root.resolve("share/extension"));
        FileTree.createPublicDirectories(root.resolve("lib"));
        return new ImageVolume(root);
    }

    /** The lines that make a server look here first, then in its own directories. */
    public String[] serverConfig() {
        return new String[] {
                "extension_control_path = '" + root.resolve("share") + ":$system'",
                "dynamic_library_path = '" + root.resolve("lib") + ":$libdir'"};
    }

    /**
     * Replaces the volume's contents: every old file goes, then the new image's files arrive.
     *
     * @param extensionFiles file name to content, for share/extension/
     * @param libraries      file name to the file to copy into lib/
     */
    public void replace(Map<String, String> extensionFiles, Map<String, Path> libraries) {
        clear(root.resolve("share/extension"));
        clear(root.resolve("lib"));
        extensionFiles.forEach((name, content) -> FileTree.replaceAtomically(root.resolve("share/extension").resolve(name),
                content.getBytes(StandardCharsets.UTF_8), FileTree.READABLE));
        libraries.forEach((name, source) -> {
            try {
                FileTree.replaceAtomically(root.resolve("lib").resolve(name), Files.readAllBytes(source),
                        FileTree.EXECUTABLE);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + source, e);
            }
        });
    }

    private static void clear(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot empty " + directory, e);
        }
    }
}
