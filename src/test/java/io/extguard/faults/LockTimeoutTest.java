package io.extguard.faults;

import io.extguard.cli.CliLauncher;
import io.extguard.testsupport.Cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.extguard.report.JsonReport;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.extguard.testsupport.Connections;
import io.quarkus.test.junit.main.LaunchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long transaction holds a lock on an extension's objects: it read the extension's table, and
 * the update script must ALTER that table. The update waits for lock_timeout, is retried, and if
 * it never gets the lock the database is rolled back and reported by name; the others proceed.
 */
@ExtendWith(CliLauncher.Resolver.class)
@ServerTest
class LockTimeoutTest {
    /** Sorts after hstore, so hstore's update has already run in the transaction when this one blocks. */
    private static final String EXTENSION = "settings_store";
    private static final String TABLE = "settings_store_values";
    private static final Map<String, String> OLD = Map.of("hstore", "1.4", EXTENSION, "1.0");
    private static final Map<String, String> TARGET = Map.of("hstore", "1.8", EXTENSION, "2.0");
    private static final List<String> HELD = List.of("held_a", "held_b", "held_c", "held_d");
    private static final List<String> RELEASED = List.of("released_a", "released_b");

    private static PgInstall install;
    private static PgServer server;

    @BeforeAll
    static void extensionWithATableThatItsUpdateAlters() throws Exception {
        install = PgInstall.create("faults-lock");
        install.putExtensionFile(EXTENSION + ".control", "default_version = '1.0'\nrelocatable = false\n");
        install.putExtensionFile(EXTENSION + "--1.0.sql",
                "CREATE TABLE @extschema@." + TABLE + " (key text PRIMARY KEY, value text);\n");
        server = PgServer.builder(install).name("faults-lock").start();
        for (String db : concat(HELD, RELEASED)) {
            server.createDatabase(db);
            server.execute(db, "CREATE EXTENSION hstore VERSION '1.4'", "CREATE EXTENSION " + EXTENSION,
                    "INSERT INTO " + TABLE + " VALUES ('greeting', 'hello')");
        }
        install.putExtensionFile(EXTENSION + "--1.0--2.0.sql",
                "ALTER TABLE @extschema@." + TABLE + " ADD COLUMN updated_at timestamptz;\n");
        install.putExtensionFile(EXTENSION + ".control", "default_version = '2.0'\nrelocatable = false\n");
    }

    @AfterAll
    static void stop() {
        server.close();
        install.close();
    }

    @Test
    void aLockNeverReleasedFailsThatDatabaseByNameAfterRetriesAndTheOthersAreUpdated(CliLauncher launcher,
                                                                                    @TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        LaunchResult result;
        try (Connection holder = openTransactionThatReadsTheTable("held_b")) {
            result = launcher.launch("preflight", "--url", Connections.url(server), "--databases", "held_*",
                    "--lock-timeout", "1s", "--retries", "2", "--concurrency", "2", "--report", report.toString());
            // The long transaction is still there, untouched: extguard waited and gave up, it did not kill it.
            assertThat(holder.isValid(5)).isTrue();
        }

        String logs = Cli.logs(result);
        assertThat(result.exitCode()).as(logs).isEqualTo(1);
        assertThat(logs)
                .contains("[held_b] Failed to update extension settings_store from 1.0 to 2.0: "
                        + "canceling statement due to lock timeout [55P03] (gave up after 3 attempts); "
                        + "another session holds a lock on the extension's objects (see pg_locks)")
                .contains("[held_b] Did not update extension hstore from 1.4 to 1.8: not applied: "
                        + "the transaction was rolled back because settings_store failed")
                .contains("[held_a] Updated extension settings_store from 1.0 to 2.0")
                .contains("[held_c] Updated extension settings_store from 1.0 to 2.0")
                .contains("[held_d] Updated extension hstore from 1.4 to 1.8")
                .contains("3 updated (6 extensions)")
                .contains("1 failed");
        JsonNode held = database(JsonReport.mapper().readTree(Files.readString(report)), "held_b");
        assertThat(held.path("status").asText()).isEqualTo("FAILED");
        assertThat(held.path("attempts").asInt()).isEqualTo(3);
        assertThat(held.path("error").asText()).startsWith("rolled back, database unchanged: ").contains("55P03");

        // hstore's update had run inside the transaction that then timed out: it was undone with it.
        assertThat(Fleet.versions(server, "held_b")).isEqualTo(OLD);
        assertThat(Fleet.assertOldOrTarget(server, HELD, OLD, TARGET)).containsExactly("held_b");

        LaunchResult again = launcher.launch("preflight", "--url", Connections.url(server), "--databases", "held_*",
                "--lock-timeout", "1s", "--retries", "2");
        assertThat(again.exitCode()).as(Cli.logs(again)).isZero();
        assertThat(Cli.logs(again)).contains("[held_b] Updated extension settings_store from 1.0 to 2.0")
                .contains("1 updated (2 extensions)");
        Fleet.assertAllAt(server, HELD, TARGET);
        assertThat(Fleet.versions(server, "held_b")).isEqualTo(TARGET);
        assertThat(server.queryString("held_b", "SELECT value FROM " + TABLE + " WHERE key = 'greeting'"))
                .isEqualTo("hello");
    }

    @Test
    void aLockReleasedWhileExtguardRetriesIsWaitedForAndTheUpdateSucceeds(CliLauncher launcher)
            throws Exception {
        Connection holder = openTransactionThatReadsTheTable("released_b");
        // Release the lock once a second extguard session has queued behind it, i.e. after the
        // first attempt timed out and was retried on a new connection.
        CompletableFuture<Set<Integer>> released = CompletableFuture.supplyAsync(() -> {
            try (holder) {
                return releaseWhenSecondWaiterAppears("released_b");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        LaunchResult result = launcher.launch("preflight", "--url", Connections.url(server), "--databases", "released_*",
                "--lock-timeout", "2s", "--retries", "3", "--output", "json");

        Set<Integer> waiters = released.get(60, TimeUnit.SECONDS);
        assertThat(waiters).hasSizeGreaterThanOrEqualTo(2);
        assertThat(result.exitCode()).as(Cli.logs(result)).isZero();
        JsonNode json = JsonReport.mapper().readTree(Cli.stdoutJson(result));
        JsonNode db = database(json, "released_b");
        assertThat(db.path("status").asText()).isEqualTo("UPDATED");
        assertThat(db.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        Fleet.assertAllAt(server, RELEASED, TARGET);
    }

    /** An idle transaction that read the extension's table, so it keeps an ACCESS SHARE lock on it. */
    private static Connection openTransactionThatReadsTheTable(String database) throws SQLException {
        Connection c = server.connect(database);
        c.setAutoCommit(false);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rs.next();
        }
        return c;
    }

    private static Set<Integer> releaseWhenSecondWaiterAppears(String database) throws Exception {
        Set<Integer> waiters = new HashSet<>();
        try (Connection watcher = server.connect(PgServer.ADMIN_DATABASE);
             Statement st = watcher.createStatement()) {
            await("a second extguard session waiting on " + database).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        try (ResultSet rs = st.executeQuery("SELECT pid FROM pg_catalog.pg_stat_activity WHERE"
                                + " application_name = 'extguard' AND wait_event_type = 'Lock' AND datname = '"
                                + database + "'")) {
                            while (rs.next()) {
                                waiters.add(rs.getInt(1));
                            }
                        }
                        return waiters.size() >= 2;
                    });
        }
        return waiters;
    }

    private static JsonNode database(JsonNode report, String name) {
        for (JsonNode db : report.path("databases")) {
            if (db.path("database").asText().equals(name)) {
                return db;
            }
        }
        throw new AssertionError("No database " + name + " in the report: " + report);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
