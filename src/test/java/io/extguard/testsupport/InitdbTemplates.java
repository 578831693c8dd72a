package io.extguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * New data directories as copies of one initdb per PostgreSQL build, superuser and password in
 * this JVM. initdb bootstraps every catalog and costs up to a CPU-second a server (on this
 * project's 2-core machines, several seconds of wall time for a test class with a few servers);
 * copying its result is a few hundredths. The copy is what initdb would have written: the same
 * files, modes and owner, with no server ever started on the template.
 */
final class InitdbTemplates {
    private static final Map<Key, Path> TEMPLATES = new ConcurrentHashMap<>();

    /*
     * The build is told apart by initdb's file identity (device and inode): the fixture's copies of
     * the system installation hard-link their programs (PgInstall), so they share one template.
     */
    private record Key(Object initdb, String superuser, String password) {
    }

    private InitdbTemplates() {
    }

    /** Fills the empty {@code dataDir} with a fresh cluster, as initdb would. */
    static void initialize(PgInstall install, String superuser, String password, Path dataDir) {
        Path template = TEMPLATES.computeIfAbsent(new Key(fileKey(install.program("initdb")), superuser, password),
                key -> runInitdb(install, superuser, password));
        // cp -a keeps modes and, for root, the server user's ownership; --reflink shares blocks where the file system can
        Processes.run(dataDir, List.of("cp", "-a", "--reflink=auto", template + "/.", dataDir.toString()));
    }

    private static Path runInitdb(PgInstall install, String superuser, String password) {
        Path directory = FixtureDirs.newDirectory(FixtureDirs.templatesDir(), "initdb");
        Path dataDir = FileTree.createDataDirectory(directory);
        List<String> arguments = new ArrayList<>(List.of(install.program("initdb").toString(), "-D",
                dataDir.toString(), "-U", superuser, "-E", "UTF8", "--locale=C", "--no-sync"));
        Path passwordFile = directory.resolve("initdb-password");
        if (password == null) {
            arguments.add("--auth=trust");
        } else {
            FileTree.writePrivateFile(passwordFile, password + "\n");
            ServerUser.own(passwordFile);
            arguments.addAll(List.of("--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + passwordFile));
        }
        try {
            Processes.run(directory, ServerUser.command(arguments));
        } finally {
            FileTree.deleteQuietly(passwordFile);
        }
        return dataDir;
    }

    private static Object fileKey(Path program) {
        try {
            Object key = Files.readAttributes(program, BasicFileAttributes.class).fileKey();
            return Objects.requireNonNullElse(key, program.toRealPath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + program, e);
        }
    }
}
