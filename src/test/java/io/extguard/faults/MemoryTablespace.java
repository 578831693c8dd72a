package io.extguard.faults;

import io.extguard.testsupport.FileTree;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.Sql;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tablespace on tmpfs (/dev/shm) for fleets of hundreds of databases. Each database is some
 * 300 files; on a busy disk, creating and above all deleting 500 of them takes minutes, in
 * memory seconds. Where /dev/shm is missing or small (a container's default 64 MB) the
 * databases stay in the data directory: slower, same test.
 */
final class MemoryTablespace implements AutoCloseable {
    private static final Path SHM = Path.of("/dev/shm");
    private static final int SERVER_USER = 65534;
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private final String name;
    private final Path directory;

    private MemoryTablespace(String name, Path directory) {
        this.name = name;
        this.directory = directory;
    }

    /** Creates the tablespace if tmpfs has {@code bytesNeeded} to spare; otherwise {@link #name()} is null. */
    static MemoryTablespace create(PgServer server, long bytesNeeded) throws SQLException {
        Path directory = SHM.resolve("extguard-faults-" + ProcessHandle.current().pid() + "-" + UNIQUE.incrementAndGet());
        try {
            if (!Files.isDirectory(SHM) || !isTmpfs(SHM)
                    || Files.getFileStore(SHM).getUsableSpace() < 2 * bytesNeeded) {
                return new MemoryTablespace(null, null);
            }
            Files.createDirectory(directory);
            if (runningAsRoot()) {
                // the server runs as nobody then (see testsupport.ServerUser); it must own the location
                Files.setAttribute(directory, "unix:uid", SERVER_USER, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(directory, "unix:gid", SERVER_USER, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            return new MemoryTablespace(null, null);
        }
        MemoryTablespace tablespace = new MemoryTablespace("faults_memory_" + UNIQUE.get(), directory);
        Runtime.getRuntime().addShutdownHook(new Thread(tablespace::deleteDirectory, "extguard-faults-tablespace"));
        server.execute(PgServer.ADMIN_DATABASE, "CREATE TABLESPACE " + Sql.ident(tablespace.name) + " LOCATION "
                + Sql.literal(directory.toString()));
        return tablespace;
    }

    /** The tablespace's name, or null when the databases stay in the data directory. */
    String name() {
        return name;
    }

    /** Deletes the files; call it after the server is closed. */
    @Override
    public void close() {
        deleteDirectory();
    }

    private void deleteDirectory() {
        if (directory != null) {
            FileTree.deleteRecursively(directory);
        }
    }

    private static boolean isTmpfs(Path path) throws IOException {
        FileStore store = Files.getFileStore(path);
        return "tmpfs".equals(store.type());
    }

    private static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
