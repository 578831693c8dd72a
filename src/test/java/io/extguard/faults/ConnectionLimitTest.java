package io.extguard.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extguard.model.Mode;
import io.extguard.model.RunReport;
import io.extguard.testsupport.CountingSleeper;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection limit is nearly exhausted by other clients. extguard takes the slots it can get
 * and waits for the rest (too many clients, 53300, is worth waiting for) instead of failing
 * databases once its few quick retries are spent.
 */
@ServerTest
class ConnectionLimitTest {
    private static final int MAX_CONNECTIONS = 8;
    private static final List<String> TENANTS = Fleet.names("crowded", 20);

    private PgServer server;
    private final List<Connection> others = new ArrayList<>();

    @BeforeEach
    void crowdedServer() throws Exception {
        server = PgServer.builder(PgInstall.shared()).name("faults-connections").maxConnections(MAX_CONNECTIONS)
                .start();
        Fleet.createFromTemplate(server, TENANTS, Fleet.oldExtensions());
    }

    @AfterEach
    void stop() throws SQLException {
        for (Connection c : others) {
            c.close();
        }
        server.close();
    }

    @Test
    void withOneFreeSlotPreflightWaitsForConnectionsAndUpdatesEveryDatabase() throws Exception {
        // All slots but one are taken: extguard gets its maintenance connection and nothing else.
        occupy(MAX_CONNECTIONS - 1);
        AtomicInteger finished = new AtomicInteger();
        CountingSleeper sleeper = new CountingSleeper();
        CompletableFuture<RunReport> run = CompletableFuture.supplyAsync(() -> Fleet.run(server,
                Fleet.settings(Mode.PREFLIGHT, "crowded_*", Duration.ofSeconds(60), 4, Duration.ofSeconds(5), 3),
                sleeper, report -> finished.incrementAndGet()));

        // Far more refusals than the retry budget for transient failures (3 retries for each of the
        // 4 databases visited at once): had refusals spent retries, databases would have failed by now.
        await("refusals beyond the retry budget").atMost(Duration.ofSeconds(60))
                .until(() -> run.isDone() || sleeper.pauses() >= 4 * 4 * 3);
        assertThat(finished).as("no database can be visited while every slot is taken").hasValue(0);
        assertThat(run).isNotDone();
        // Two slots come free: extguard proceeds on them, fewer at once than its concurrency of 4.
        release(2);

        RunReport report = run.get(120, TimeUnit.SECONDS);
        assertThat(report.exitCode()).as(Fleet.describe(report)).isZero();
        assertThat(report.summary().updated()).isEqualTo(TENANTS.size());
        release(others.size());  // the checks below need connections too
        Fleet.assertAllAt(server, TENANTS, Fleet.TARGET);
        assertThat(server.log()).contains("sorry, too many clients already");
    }

    @Test
    void withTwoFreeSlotsPreflightRunsOnFewerConnectionsThanItsConcurrency() throws Exception {
        occupy(MAX_CONNECTIONS - 2);

        RunReport report = Fleet.run(server,
                Fleet.settings(Mode.PREFLIGHT, "crowded_*", Duration.ofSeconds(60), 4, Duration.ofSeconds(5), 3));

        assertThat(report.exitCode()).as(Fleet.describe(report)).isZero();
        assertThat(report.summary().updated()).isEqualTo(TENANTS.size());
        release(others.size());
        Fleet.assertAllAt(server, TENANTS, Fleet.TARGET);
    }

    /** Other clients (an application's pool) holding connections open. */
    private void occupy(int count) throws SQLException {
        Properties props = server.connectionProperties();
        props.setProperty("ApplicationName", "other-client");
        for (int i = 0; i < count; i++) {
            others.add(DriverManager.getConnection(server.jdbcUrl(PgServer.ADMIN_DATABASE), props));
        }
    }

    private void release(int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            others.remove(others.size() - 1).close();
        }
    }
}
