package io.extguard.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.testsupport.CountingSleeper;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server comes up only after preflight has waited for it 20 seconds by its own backoff schedule,
 * as a database pod that is still recovering. The pauses are counted, not slept (CountingSleeper).
 */
@ServerTest
class LateServerTest {
    private static final List<String> TENANTS = Fleet.names("late", 10);

    private PgServer server;

    @BeforeEach
    void fleetWithDrift() throws Exception {
        server = PgServer.builder(PgInstall.shared()).name("faults-late").start();
        Fleet.createFromTemplate(server, TENANTS, Fleet.oldExtensions());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void preflightWaitsTwentySecondsForTheServerThenUpdatesEverything() throws Exception {
        server.stop();
        CountingSleeper sleeper = new CountingSleeper();
        CompletableFuture<RunReport> run = CompletableFuture.supplyAsync(() -> Fleet.run(server,
                Fleet.settings(Mode.PREFLIGHT, "late_*", Duration.ofSeconds(60), 4, Duration.ofSeconds(5), 3),
                sleeper, RunListener.NONE));

        await("preflight waiting 20 s for the server by its own schedule").atMost(Duration.ofSeconds(60))
                .until(() -> run.isDone() || sleeper.requested().compareTo(Duration.ofSeconds(20)) >= 0);
        assertThat(run).as("preflight must still be waiting for the server").isNotDone();
        server.start();

        RunReport report = run.get(90, TimeUnit.SECONDS);
        assertThat(report.exitCode()).as(Fleet.describe(report)).isZero();
        assertThat(report.summary().updated()).isEqualTo(TENANTS.size());
        assertThat(report.summary().failed()).isZero();
        Fleet.assertAllAt(server, TENANTS, Fleet.TARGET);
    }
}
