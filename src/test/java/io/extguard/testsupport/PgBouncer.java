package io.extguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Debian's PgBouncer ({@code /usr/sbin/pgbouncer}) in front of a {@link PgServer}, started as a
 * process on a free port of 127.0.0.1 with its own configuration, log and user list. When the
 * tests run as root it runs as {@code nobody}, like the servers. Its console (database
 * {@code pgbouncer}) admits the server's superuser.
 *
 * <pre>{@code
 * try (PgBouncer bouncer = PgBouncer.builder(server).poolMode("transaction").ignoreOptions(true).start()) {
 *     String url = "postgresql://postgres@127.0.0.1:" + bouncer.port() + "/postgres";
 * }
 * }</pre>
 */
public final class PgBouncer implements AutoCloseable {
    public static final Path PROGRAM = Path.of("/usr/sbin/pgbouncer");
    private static final String HOST = "127.0.0.1";

    private final Path dir;
    private final Path logFile;
    private final int port;
    private final Process process;

    /** Options; {@link #start()} writes the configuration and starts PgBouncer. */
    public static final class Builder {
        private final PgServer server;
        private String poolMode = "session";
        private boolean ignoreOptions;
        private List<String> databases = List.of("*");
        private int poolSize = 4;

        private Builder(PgServer server) {
            this.server = Objects.requireNonNull(server, "server");
        }

        /** {@code session} (the default) or {@code transaction}. */
        public Builder poolMode(String mode) {
            this.poolMode = mode;
            return this;
        }

        /** {@code ignore_startup_parameters = options}; off by default, as in PgBouncer. */
        public Builder ignoreOptions(boolean ignore) {
            this.ignoreOptions = ignore;
            return this;
        }

        /** The databases PgBouncer knows; default {@code *} (every database of the server). */
        public Builder databases(String... names) {
            this.databases = List.of(names);
            return this;
        }

        /** default_pool_size: server connections per (database, user); default 4. */
        public Builder poolSize(int size) {
            this.poolSize = size;
            return this;
        }

        public PgBouncer start() {
            return new PgBouncer(this);
        }
    }

    public static Builder builder(PgServer server) {
        return new Builder(server);
    }

    public static boolean isInstalled() {
        return Files.isExecutable(PROGRAM);
    }

    private PgBouncer(Builder b) {
        this.dir = FixtureDirs.newDirectory(FixtureDirs.serversDir(), "pgbouncer");
        this.logFile = dir.resolve("pgbouncer.log");
        this.port = freePort();
        writeConfiguration(b);
        ServerUser.own(dir);
        try {
            List<String> command = ServerUser.command(List.of(PROGRAM.toString(), dir.resolve("pgbouncer.ini").toString()));
            this.process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + PROGRAM, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-pgbouncer"));
        org.awaitility.Awaitility.await("PgBouncer listening on " + HOST + ":" + port)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("PgBouncer exited: " + log());
                    }
                    return accepts();
                });
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** PgBouncer's log (its own messages, including each refused login). */
    public String log() {
        return (Files.exists(logFile) ? FileTree.readString(logFile) : "")
                + FileTree.readString(dir.resolve("stdout.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void writeConfiguration(Builder b) {
        PgServer server = b.server;
        List<String> lines = new ArrayList<>(List.of("[databases]"));
        for (String database : b.databases) {
            lines.add(database + " = host=" + server.host() + " port=" + server.port());
        }
        lines.addAll(List.of(
                "[pgbouncer]",
                "listen_addr = " + HOST,
                "listen_port = " + port,
                "unix_socket_dir =",
                "auth_type = " + (server.password() == null ? "trust" : "scram-sha-256"),
                "auth_file = " + dir.resolve("userlist.txt"),
                "admin_users = " + server.superuser(),
                "pool_mode = " + b.poolMode,
                "default_pool_size = " + b.poolSize,
                "max_client_conn = 200",
                "server_login_retry = 1",
                "logfile = " + logFile,
                "log_connections = 0",
                "log_disconnections = 0"));
        if (b.ignoreOptions) {
            lines.add("ignore_startup_parameters = options");
        }
        FileTree.writePrivateFile(dir.resolve("pgbouncer.ini"), String.join("\n", lines) + "\n");
        // PgBouncer checks client passwords itself against this list and logs in to the server with them.
        String password = server.password() == null ? "" : server.password();
        FileTree.writePrivateFile(dir.resolve("userlist.txt"),
                "\"" + server.superuser() + "\" \"" + password.replace("\"", "\"\"") + "\"\n");
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    @Override
    public String toString() {
        return "PgBouncer[" + HOST + ":" + port + ", " + dir + "]";
    }
}
