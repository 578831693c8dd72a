package io.extguard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * A real, private PostgreSQL server for a test: its own data directory, started from a
 * {@link PgInstall}, listening on 127.0.0.1 on a free port (no Unix socket, nothing in the system's
 * /var/run/postgresql), with fsync off and its log in {@link #logFile()}.
 *
 * <pre>{@code
 * try (PgInstall install = PgInstall.create("my-test");
 *      PgServer server = PgServer.builder(install).password("secret").start()) {
 *     server.createDatabase("app");
 *     server.execute("app", "CREATE EXTENSION hstore");
 * }
 * }</pre>
 *
 * <p>When the tests run as root the server runs as {@code nobody} (see {@link ServerUser}).
 * {@link #close()} stops the server and deletes its data directory (the log stays until the JVM
 * exits, under target/ even after that); servers a test forgets to close are stopped at JVM exit.
 */
public final class PgServer implements AutoCloseable {

    /** The database every server has; used for administrative statements. */
    public static final String ADMIN_DATABASE = "postgres";

    private static final String HOST = "127.0.0.1";
    private static final String SETTINGS_FILE = "extguard_test_fixture.conf";
    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT_ATTEMPTS = 5;

    private final PgInstall install;
    private final String superuser;
    private final String password;
    private final int maxConnections;
    private final boolean logConnections;
    private final List<String> extraConfig;
    private final Path tlsCertificate;
    private final Path tlsKey;
    private final PgServer primary;

    private final Path serverDir;
    private final Path dataDir;
    private final Path logFile;

    private int port;
    private boolean running;

    /** Options for a server; {@link #start()} creates and starts it. */
    public static final class Builder {
        private final PgInstall install;
        private String name = "pg";
        private String superuser = "postgres";
        private String password;
        private int maxConnections = 100;
        private boolean logConnections;
        private final List<String> extraConfig = new ArrayList<>();
        private Path tlsCertificate;
        private Path tlsKey;
        private PgServer primary;

        private Builder(PgInstall install) {
            this.install = Objects.requireNonNull(install, "install");
        }

        /** Names the server's directory (helps finding its log); default "pg". */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The bootstrap superuser (initdb -U); default "postgres". */
        public Builder superuser(String superuser) {
            this.superuser = Objects.requireNonNull(superuser, "superuser");
            return this;
        }

        /**
         * The superuser's password; TCP connections then need it (scram-sha-256 in pg_hba.conf).
         * Without one (the default) every connection is trusted.
         */
        public Builder password(String password) {
            if (password != null && (password.isEmpty() || password.contains("\n") || password.contains("\r"))) {
                throw new IllegalArgumentException("initdb reads the password as one non-empty line");
            }
            this.password = password;
            return this;
        }

        /** max_connections; default 100. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** log_connections (and log_disconnections); default off. */
        public Builder logConnections(boolean logConnections) {
            this.logConnections = logConnections;
            return this;
        }

        /** Extra postgresql.conf lines, e.g. {@code "statement_timeout = '5s'"}; later lines win. */
        public Builder config(String... lines) {
            extraConfig.addAll(List.of(lines));
            return this;
        }

        /** Enables TLS (ssl = on) with the given PEM certificate and unencrypted private key. */
        public Builder tls(Path certificate, Path privateKey) {
            this.tlsCertificate = Objects.requireNonNull(certificate, "certificate");
            this.tlsKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /**
         * Makes this server a streaming hot standby of {@code primary}: its data directory is a
         * {@code pg_basebackup -R} of the primary (which initdb's default pg_hba.conf lets replicate
         * over 127.0.0.1), with the primary's superuser and password. Use the primary's install.
         */
        public Builder standbyOf(PgServer primary) {
            this.primary = Objects.requireNonNull(primary, "primary");
            this.superuser = primary.superuser();
            this.password = primary.password();
            return this;
        }

        /** Creates the data directory (initdb, or pg_basebackup for a standby) and starts the server. */
        public PgServer start() {
            // Not only a copy of the system's installation (PgInstall) starts a server: an unpacked
            // PostgreSQL 14-18 build does too, and the fast tier must refuse both.
            TestTier.refuseServer("a PostgreSQL server");
            PgServer server = new PgServer(this);
            try {
                server.initialize();
                server.startOnFreePort();
                return server;
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
    }

    private PgServer(Builder builder) {
        this.install = builder.install;
        this.superuser = builder.superuser;
        this.password = builder.password;
        this.maxConnections = builder.maxConnections;
        this.logConnections = builder.logConnections;
        this.extraConfig = List.copyOf(builder.extraConfig);
        this.tlsCertificate = builder.tlsCertificate;
        this.tlsKey = builder.tlsKey;
        this.primary = builder.primary;
        this.serverDir = FixtureDirs.newDirectory(FixtureDirs.serversDir(), builder.name);
        this.dataDir = serverDir.resolve("data");
        this.logFile = serverDir.resolve("server.log");
    }

    /** Starts a server with default options: superuser "postgres", no password, no TLS. */
    public static PgServer start(PgInstall install) {
        return builder(install).start();
    }

    public static Builder builder(PgInstall install) {
        return new Builder(install);
    }

    // ---------------------------------------------------------------- connection details

    public String host() {
        return HOST;
    }

    public synchronized int port() {
        return port;
    }

    public String superuser() {
        return superuser;
    }

    /** The superuser's password, or null when the server trusts all connections. */
    public String password() {
        return password;
    }

    public boolean usesTls() {
        return tlsCertificate != null;
    }

    public PgInstall install() {
        return install;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The server's log (stderr of the postmaster), appended across restarts. */
    public Path logFile() {
        return logFile;
    }

    /** The log's current content. */
    public String log() {
        return FileTree.readString(logFile);
    }

    public synchronized boolean isRunning() {
        return running;
    }

    /** A pgjdbc URL; the database name is URL-encoded, so any name works (quotes, %, newlines, ...). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /**
     * What {@link #connect(String)} uses: the superuser and password, a connect timeout, and
     * sslmode "require" for TLS servers, "disable" otherwise.
     */
    public Properties connectionProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", superuser);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("sslmode", usesTls() ? "require" : "disable");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "extguard-test-fixture");
        return properties;
    }

    /** A new superuser connection to the database (autocommit on). */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), connectionProperties());
    }

    // ---------------------------------------------------------------- SQL helpers

    public void createDatabase(String name) throws SQLException {
        execute(ADMIN_DATABASE, "CREATE DATABASE " + Sql.ident(name));
    }

    /** Drops the database if it exists, disconnecting its sessions (WITH (FORCE)). */
    public void dropDatabase(String name) throws SQLException {
        execute(ADMIN_DATABASE, "DROP DATABASE IF EXISTS " + Sql.ident(name) + " WITH (FORCE)");
    }

    /** Runs the statements in order, each in its own transaction, on one connection. */
    public void execute(String database, String... sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    /** The first column of the query's first row (null for SQL NULL); fails when there is no row. */
    public String queryString(String database, String sql) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new IllegalStateException("No row from: " + sql);
            }
            return rows.getString(1);
        }
    }

    /** Names of all databases except the templates (so including "postgres"), sorted. */
    public List<String> databases() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = connect(ADMIN_DATABASE);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT datname FROM pg_catalog.pg_database WHERE NOT datistemplate ORDER BY datname")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Starts the server again after {@link #stop()}, on the same port. */
    public synchronized void start() {
        if (running) {
            return;
        }
        Processes.Result result = pgCtlStart();
        if (!result.succeeded()) {
            throw startFailure(result, log());
        }
        markRunning();
    }

    /** Stops the server (fast shutdown: sessions are disconnected). */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        Processes.Result result = pgCtl("stop", "-m", "fast");
        if (!result.succeeded() && isPostmasterAlive()) {
            pgCtl("stop", "-m", "immediate").orThrow();
        }
        markStopped();
    }

    /** Stop and start, e.g. after installing new extension files, like a server upgrade would. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Stops the server and deletes its data directory; the log file stays. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            FileTree.deleteQuietly(dataDir);
        }
    }

    @Override
    public String toString() {
        return "PgServer[" + HOST + ":" + port + ", " + dataDir + "]";
    }

    /** For the JVM exit hook: no waiting for sessions, no exceptions. */
    synchronized void stopImmediately() {
        if (running) {
            stopImmediately(dataDir);
            running = false;
        }
    }

    /** Stops a server that a dead JVM left running in {@code dataDir}, if any. */
    static void stopOrphan(Path dataDir) {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            stopImmediately(dataDir);
        }
    }

    /*
     * Uses the system's pg_ctl: at JVM exit the install copy may already be gone (fixture classes
     * loaded by a second class loader, e.g. Quarkus's, run their own exit hook concurrently).
     */
    private static void stopImmediately(Path dataDir) {
        Path pgCtl = SystemPostgres.get().binDir().resolve("pg_ctl");
        try {
            Processes.execute(Path.of("/"), ServerUser.command(List.of(pgCtl.toString(), "stop",
                    "-D", dataDir.toString(), "-m", "immediate", "-w", "-t", "30")), PG_CTL_TIMEOUT);
        } catch (RuntimeException e) {
            System.err.println("Could not stop the PostgreSQL server in " + dataDir + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- setting up

    private void initialize() {
        FileTree.createDataDirectory(serverDir);
        if (primary == null) {
            createCluster();
        } else {
            runBasebackup();
        }
        installTlsFiles();
    }


    private void createCluster() {
        InitdbTemplates.initialize(install, superuser, password, dataDir);
        appendLine(dataDir.resolve("postgresql.conf"),
                "\n# Settings of the extguard test fixture (PgServer)\ninclude '" + SETTINGS_FILE + "'\n");
    }

    /** A copy of the primary that follows it: standby.signal and primary_conninfo come from -R. */
    private void runBasebackup() {
        if (!install.has("pg_basebackup")) {
            copyPrimaryWithBackupFunctions();
            return;
        }
        String conninfo = "host=" + HOST + " port=" + primary.port() + " user=" + superuser
                + (password == null ? "" : " password=" + password) + " application_name=" + serverDir.getFileName();
        Processes.run(serverDir, serverCommand("pg_basebackup", List.of("-D", dataDir.toString(), "-R",
                "-X", "stream", "-c", "fast", "--no-sync", "-d", conninfo)));
    }

    /**
     * What pg_basebackup -R does, by hand, for builds without it: a replication slot keeps the WAL
     * the copy needs, the primary's backup functions bracket a file copy of its data directory,
     * and standby.signal, primary_conninfo and primary_slot_name make the copy follow the primary.
     */
    private void copyPrimaryWithBackupFunctions() {
        String slot = "standby_" + serverDir.getFileName().toString().replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
        try (Connection connection = primary.connect(ADMIN_DATABASE); Statement statement = connection.createStatement()) {
            int major = connection.getMetaData().getDatabaseMajorVersion();
            statement.execute("SELECT pg_catalog.pg_create_physical_replication_slot('" + slot + "', true)");
            statement.execute(major >= 15 ? "SELECT pg_catalog.pg_backup_start('extguard-standby', true)"
                    : "SELECT pg_catalog.pg_start_backup('extguard-standby', true, false)");
            copyDataDirectory(primary.dataDir(), dataDir);
            String label;
            try (ResultSet rows = statement.executeQuery(major >= 15 ? "SELECT labelfile FROM pg_catalog.pg_backup_stop(false)"
                    : "SELECT labelfile FROM pg_catalog.pg_stop_backup(false, false)")) {
                rows.next();
                label = rows.getString(1);
            }
            Files.writeString(dataDir.resolve("backup_label"), label);
            Files.writeString(dataDir.resolve("standby.signal"), "");
            Files.writeString(dataDir.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=" + HOST + " port="
                    + primary.port() + " user=" + superuser + (password == null ? "" : " password=" + password)
                    + "'\nprimary_slot_name = '" + slot + "'\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take a base backup of " + primary, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the standby's files in " + dataDir, e);
        }
        ServerUser.own(dataDir);
    }

    /** The primary's files that a base backup takes: not its WAL, slots, temporary statistics or pid file. */
    private static void copyDataDirectory(Path source, Path target) throws IOException {
        java.util.Set<String> emptied = java.util.Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem",
                "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");
        java.util.Set<String> skipped = java.util.Set.of("postmaster.pid", "postmaster.opts", "backup_label",
                "tablespace_map", "standby.signal");
        List<Path> files;
        try (java.util.stream.Stream<Path> walk = Files.walk(source)) {
            files = walk.toList();
        }
        for (Path file : files) {
            Path relative = source.relativize(file);
            if (relative.toString().isEmpty()) {
                continue;
            }
            String top = relative.getName(0).toString();
            Path copy = target.resolve(relative.toString());
            if (Files.isDirectory(file)) {
                if (relative.getNameCount() == 1 || !emptied.contains(top)) {
                    Files.createDirectories(copy);
                }
            } else if (!emptied.contains(top) && !(relative.getNameCount() == 1 && skipped.contains(top))) {
                try {
                    Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // Removed while copying (a temporary file): a base backup may miss it; WAL replay restores the rest.
                }
            }
        }
        Files.createDirectories(target.resolve("pg_wal/archive_status"));
    }

    /** Whether this server is a standby made by {@link Builder#standbyOf}. */
    public boolean isStandby() {
        return primary != null;
    }

    /**
     * Waits until this standby has replayed everything its primary had written when this was
     * called, so what a test just did on the primary is visible here.
     */
    public void awaitReplayed() throws SQLException {
        if (primary == null) {
            throw new IllegalStateException(this + " is not a standby");
        }
        String target = primary.queryString(ADMIN_DATABASE, "SELECT pg_catalog.pg_current_wal_lsn()::text");
        org.awaitility.Awaitility.await("replay of " + target + " on " + this)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> "t".equals(queryString(ADMIN_DATABASE, "SELECT pg_catalog.pg_last_wal_replay_lsn() >= '"
                        + target + "'::pg_lsn")));
    }

    /** (Re)writes the fixture's settings; the port is chosen per start attempt. */
    private void writeSettings() {
        List<String> lines = new ArrayList<>(List.of(
                "# Written by the extguard test fixture (PgServer); included from postgresql.conf.",
                "listen_addresses = '" + HOST + "'",
                "port = " + port,
                "unix_socket_directories = ''",
                "max_connections = " + maxConnections,
                "log_connections = " + onOff(logConnections),
                "log_disconnections = " + onOff(logConnections),
                "log_line_prefix = '%m [%p] %q%u@%d '",
                "lc_messages = 'C'",
                // a test server's data is disposable: trade durability for speed
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                "shared_buffers = 16MB",
                "jit = off"));
        if (usesTls()) {
            lines.addAll(List.of("ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'"));
        }
        lines.addAll(extraConfig);
        Path settings = dataDir.resolve(SETTINGS_FILE);
        FileTree.writePrivateFile(settings, String.join("\n", lines) + "\n");
        ServerUser.own(settings);
    }

    /** PostgreSQL only accepts a key owned by the server user and readable by nobody else. */
    private void installTlsFiles() {
        if (!usesTls()) {
            return;
        }
        copyPrivate(tlsCertificate, dataDir.resolve("server.crt"));
        copyPrivate(tlsKey, dataDir.resolve("server.key"));
    }

    private static void copyPrivate(Path source, Path target) {
        try {
            FileTree.writePrivateFile(target, Files.readAllBytes(source));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source, e);
        }
        ServerUser.own(target);
    }

    // ---------------------------------------------------------------- starting and stopping

    /** Another process may take the port between choosing and binding it; then try another. */
    private void startOnFreePort() {
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            writeSettings();
            long logOffset = logSize();
            Processes.Result result = pgCtlStart();
            if (result.succeeded()) {
                markRunning();
                return;
            }
            String attemptLog = logSince(logOffset);
            if (attempt == PORT_ATTEMPTS || !portWasTaken(attemptLog)) {
                throw startFailure(result, attemptLog);
            }
        }
    }

    private Processes.Result pgCtlStart() {
        return pgCtl("start", "-l", logFile.toString());
    }

    private Processes.Result pgCtl(String action, String... options) {
        List<String> arguments = new ArrayList<>(List.of(action, "-D", dataDir.toString(), "-w",
                "-t", String.valueOf(PG_CTL_TIMEOUT.toSeconds())));
        arguments.addAll(List.of(options));
        return Processes.execute(serverDir, serverCommand("pg_ctl", arguments), PG_CTL_TIMEOUT.plusSeconds(30));
    }

    private boolean isPostmasterAlive() {
        return pgCtlStatus() == 0;
    }

    private int pgCtlStatus() {
        List<String> command = serverCommand("pg_ctl", List.of("status", "-D", dataDir.toString()));
        return Processes.execute(serverDir, command, PG_CTL_TIMEOUT).exitCode();
    }

    private void markRunning() {
        running = true;
        JvmExit.running(this);
    }

    private void markStopped() {
        running = false;
        JvmExit.stopped(this);
    }

    private List<String> serverCommand(String program, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(install.program(program).toString());
        command.addAll(arguments);
        return ServerUser.command(command);
    }

    private IllegalStateException startFailure(Processes.Result result, String logExcerpt) {
        return new IllegalStateException("PostgreSQL did not start (" + dataDir + ", port " + port + "):\n"
                + result.output() + "\nServer log:\n" + lastLines(logExcerpt, 40));
    }

    private static boolean portWasTaken(String log) {
        return log.contains("could not bind") || log.contains("Address already in use");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }

    private long logSize() {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private String logSince(long byteOffset) {
        try {
            byte[] content = Files.exists(logFile) ? Files.readAllBytes(logFile) : new byte[0];
            int from = (int) Math.min(byteOffset, content.length);
            return new String(content, from, content.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    private static void appendLine(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static String lastLines(String text, int count) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    private static String onOff(boolean value) {
        return value ? "on" : "off";
    }
}
