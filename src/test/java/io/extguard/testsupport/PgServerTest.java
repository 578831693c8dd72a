package io.extguard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Proves the test fixture itself: real servers, the installation copy and the fixture extension. */
@ServerTest
class PgServerTest {

    private static final String HOSTILE_NAME = "we\"ird; name ü_%";
    private static final String VERSION_CALL = "SELECT extguard_fixture_version()";
    private static final String EXTVERSION =
            "SELECT extversion FROM pg_extension WHERE extname = 'extguard_fixture'";

    @Test
    void fixtureRefusesToRunUntilAlterExtensionUpdateMatchesTheLoadedLibrary() throws Exception {
        List<String> databases = List.of("alpha", "beta", HOSTILE_NAME);
        try (PgInstall install = PgInstall.create("version-check");
                PgServer server = startWithFixture(install, FixtureVersion.V1_0)) {
            for (String database : databases) {
                server.createDatabase(database);
                server.execute(database, "CREATE EXTENSION extguard_fixture");
                assertThat(server.queryString(database, VERSION_CALL)).isEqualTo("1.0");
            }

            install.installFixture(FixtureVersion.V2_0);
            server.restart();

            for (String database : databases) {
                assertVersionMismatch(server, database);
            }

            server.execute("alpha", "ALTER EXTENSION extguard_fixture UPDATE");
            assertThat(server.queryString("alpha", VERSION_CALL)).isEqualTo("2.0");
            assertThat(server.queryString("alpha", "SELECT extguard_fixture_v2_feature()")).isEqualTo("v2 feature");
            assertVersionMismatch(server, "beta");
            assertVersionMismatch(server, HOSTILE_NAME);

            server.createDatabase("fresh");
            server.execute("fresh", "CREATE EXTENSION extguard_fixture");
            assertThat(server.queryString("fresh", EXTVERSION)).isEqualTo("2.0");
            assertThat(server.queryString("fresh", VERSION_CALL)).isEqualTo("2.0");
        }
    }

    @Test
    void versionCheckSeesTheUpdateInsideItsOwnTransaction() throws Exception {
        try (PgInstall install = PgInstall.create("in-transaction");
                PgServer server = startWithFixture(install, FixtureVersion.V1_0)) {
            server.execute(PgServer.ADMIN_DATABASE, "CREATE EXTENSION extguard_fixture");
            install.installFixture(FixtureVersion.V2_0);

            try (Connection connection = server.connect(PgServer.ADMIN_DATABASE)) {
                connection.setAutoCommit(false);
                execute(connection, "ALTER EXTENSION extguard_fixture UPDATE");
                assertThat(single(connection, VERSION_CALL)).isEqualTo("2.0");
                connection.rollback();
            }

            assertVersionMismatch(server, PgServer.ADMIN_DATABASE);
        }
    }

    @Test
    void preCreatedMarkerTableMakesTheUpdateFailInThatDatabaseOnly() throws Exception {
        try (PgInstall install = PgInstall.create("marker");
                PgServer server = startWithFixture(install, FixtureVersion.V1_0)) {
            for (String database : List.of("healthy", HOSTILE_NAME)) {
                server.createDatabase(database);
                server.execute(database, "CREATE EXTENSION extguard_fixture");
            }
            server.execute(HOSTILE_NAME, "CREATE TABLE extguard_fixture_v2_marker (blocker int)");
            install.installFixture(FixtureVersion.V2_0);
            server.restart();

            assertThatThrownBy(() -> server.execute(HOSTILE_NAME, "ALTER EXTENSION extguard_fixture UPDATE"))
                    .isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("42P07"))
                    .hasMessageContaining("relation \"extguard_fixture_v2_marker\" already exists");
            assertThat(server.queryString(HOSTILE_NAME, EXTVERSION)).isEqualTo("1.0");
            assertVersionMismatch(server, HOSTILE_NAME);

            server.execute("healthy", "ALTER EXTENSION extguard_fixture UPDATE");
            assertThat(server.queryString("healthy", VERSION_CALL)).isEqualTo("2.0");
        }
    }

    @Test
    void installFixtureReplacesTheWholeImageAndOnlyInTheCopy() {
        Path systemExtensionDir = SystemPostgres.get().shareDir().resolve("extension");
        try (PgInstall install = PgInstall.create("images")) {
            install.installFixture(FixtureVersion.V2_0);
            assertThat(fixtureFiles(install.extensionDir())).containsExactly(
                    "extguard_fixture--1.0--2.0.sql", "extguard_fixture--1.0.sql",
                    "extguard_fixture--2.0.sql", "extguard_fixture.control");
            assertThat(install.libDir().resolve("extguard_fixture.so")).isRegularFile();

            install.installFixture(FixtureVersion.V1_0);
            assertThat(fixtureFiles(install.extensionDir()))
                    .containsExactly("extguard_fixture--1.0.sql", "extguard_fixture.control");
            assertThat(install.extensionDir().resolve("extguard_fixture.control"))
                    .content().contains("default_version = '1.0'");
        }
        assertThat(fixtureFiles(systemExtensionDir)).isEmpty();
        assertThat(SystemPostgres.get().pkgLibDir().resolve("extguard_fixture.so")).doesNotExist();
        assertThatThrownBy(() -> PgInstall.shared().putExtensionFile("x.control", ""))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void serverReadsTheCopyOfTheInstallation() throws Exception {
        try (PgInstall install = PgInstall.create("relocation")) {
            install.putExtensionFile("extguard_probe.control", "default_version = '1.0'\nrelocatable = true\n");
            install.putExtensionFile("extguard_probe--1.0.sql",
                    "CREATE FUNCTION extguard_probe() RETURNS int LANGUAGE sql AS 'SELECT 42';\n");
            assertThat(SystemPostgres.get().shareDir().resolve("extension/extguard_probe.control")).doesNotExist();

            try (PgServer server = PgServer.start(install)) {
                String db = PgServer.ADMIN_DATABASE;
                assertThat(server.queryString(db, "SELECT setting FROM pg_config WHERE name = 'SHAREDIR'"))
                        .isEqualTo(install.shareDir().toRealPath().toString());
                assertThat(server.queryString(db, "SELECT setting FROM pg_config WHERE name = 'PKGLIBDIR'"))
                        .isEqualTo(install.libDir().toRealPath().toString());
                assertThat(server.queryString(db,
                        "SELECT count(*) FROM pg_available_extensions WHERE name = 'extguard_probe'")).isEqualTo("1");
                server.execute(db, "CREATE EXTENSION extguard_probe");
                assertThat(server.queryString(db, "SELECT extguard_probe()")).isEqualTo("42");

                install.removeExtensionFile("extguard_probe.control");
                assertThat(server.queryString(db,
                        "SELECT count(*) FROM pg_available_extensions WHERE name = 'extguard_probe'")).isEqualTo("0");

                // contrib extensions (scripts and library) work from the copy
                server.execute(db, "CREATE EXTENSION hstore VERSION '1.4'", "ALTER EXTENSION hstore UPDATE");
                assertThat(server.queryString(db, "SELECT extversion FROM pg_extension WHERE extname = 'hstore'"))
                        .isEqualTo("1.8");
                assertThat(server.queryString(db, "SELECT ('a=>1'::hstore) -> 'a'")).isEqualTo("1");
            }
        }
    }

    @Test
    void passwordIsRequiredAndChecked() throws Exception {
        try (PgServer server = PgServer.builder(PgInstall.shared()).name("password")
                .superuser("admin").password("s3cret pa'ss; ü").start()) {
            assertThat(server.queryString(PgServer.ADMIN_DATABASE, "SELECT current_user")).isEqualTo("admin");
            assertThat(server.queryString(PgServer.ADMIN_DATABASE,
                    "SELECT string_agg(DISTINCT auth_method, ',') FROM pg_hba_file_rules WHERE type = 'host'"))
                    .isEqualTo("scram-sha-256");

            Properties wrongPassword = server.connectionProperties();
            wrongPassword.setProperty("password", "wrong");
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(PgServer.ADMIN_DATABASE), wrongPassword))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));

            Properties noPassword = server.connectionProperties();
            noPassword.remove("password");
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(PgServer.ADMIN_DATABASE), noPassword))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void hostileDatabaseNamesWorkEverywhere() throws Exception {
        List<String> names = List.of(
                HOSTILE_NAME,
                "it's \"quoted\"",
                "semi;colon and  spaces ",
                "100% _under_",
                "new\nline",
                "a/b?c#d&e=f+g\\h",
                "ünïcødé ✓ 数据库",
                "ü".repeat(31) + "x", // 63 bytes, the longest name PostgreSQL keeps
                "d".repeat(63));
        try (PgServer server = PgServer.builder(PgInstall.shared()).name("names").start()) {
            for (String name : names) {
                server.createDatabase(name);
                assertThat(server.queryString(name, "SELECT current_database()")).isEqualTo(name);
            }
            assertThat(server.databases()).containsAll(names).contains(PgServer.ADMIN_DATABASE);

            for (String name : names) {
                server.dropDatabase(name);
            }
            assertThat(server.databases()).containsExactly(PgServer.ADMIN_DATABASE);
        }
    }

    @Test
    void optionsApplyAndTheServerSurvivesStopStartAndRestart() throws Exception {
        Path dataDir;
        Path logFile;
        try (PgServer server = PgServer.builder(PgInstall.shared()).name("lifecycle")
                .maxConnections(7).logConnections(true).config("work_mem = '3MB'").start()) {
            dataDir = server.dataDir();
            logFile = server.logFile();
            String db = PgServer.ADMIN_DATABASE;
            assertThat(server.queryString(db, "SHOW max_connections")).isEqualTo("7");
            assertThat(server.queryString(db, "SHOW log_connections")).isEqualTo("on");
            assertThat(server.queryString(db, "SHOW work_mem")).isEqualTo("3MB");
            assertThat(server.queryString(db, "SHOW fsync")).isEqualTo("off");
            assertThat(server.queryString(db, "SHOW unix_socket_directories")).isEmpty();
            if (ServerUser.isSwitched()) {
                assertThat(Files.getAttribute(dataDir, "unix:uid")).isEqualTo(65534);
            }

            server.createDatabase("kept");
            int port = server.port();
            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> server.connect(db)).isInstanceOf(SQLException.class);

            server.start();
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.databases()).contains("kept");

            server.restart();
            assertThat(server.queryString("kept", "SELECT 1")).isEqualTo("1");
            assertThat(server.log())
                    .contains("database system is ready to accept connections")
                    .contains("connection authorized: user=postgres database=kept");
        }
        assertThat(dataDir).doesNotExist();
        assertThat(logFile).isRegularFile();
    }

    @Test
    void tlsServerAcceptsEncryptedConnections(@TempDir Path certificates) throws Exception {
        Path openssl = Executables.onPath("openssl").orElse(null);
        assumeTrue(openssl != null, "openssl is not on PATH, and it is needed to make a certificate");
        Path certificate = certificates.resolve("server.crt");
        Path key = certificates.resolve("server.key");
        Processes.execute(certificates, List.of(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048",
                "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout", key.toString(),
                "-out", certificate.toString()), Duration.ofSeconds(60)).orThrow();

        try (PgServer server = PgServer.builder(PgInstall.shared()).name("tls").tls(certificate, key).start()) {
            assertThat(server.queryString(PgServer.ADMIN_DATABASE,
                    "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("t");
        }
    }

    private static PgServer startWithFixture(PgInstall install, FixtureVersion version) {
        install.installFixture(version);
        return PgServer.builder(install).name(install.root().getFileName().toString()).start();
    }

    private static void assertVersionMismatch(PgServer server, String database) {
        assertThatThrownBy(() -> server.queryString(database, VERSION_CALL))
                .as("calling the fixture in %s", database)
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("XX000");
                    ServerErrorMessage error = e.getServerErrorMessage();
                    assertThat(error.getMessage()).isEqualTo(
                            "loaded extguard_fixture library version differs from installed extension version");
                    assertThat(error.getDetail()).isEqualTo(
                            "Loaded library requires 2.0, but the installed extension version is 1.0.");
                    assertThat(error.getHint()).isEqualTo("Run ALTER EXTENSION extguard_fixture UPDATE and try again.");
                });
    }

    private static List<String> fixtureFiles(Path directory) {
        try (var files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith("extguard_fixture"))
                    .sorted()
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
