package io.extguard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server goes down while a preflight is half-way through 80 databases, and comes back. The
 * server rolls back whatever was in flight; extguard retries those databases and waits (within
 * --wait) for the server to take connections again instead of failing the rest. No database is
 * left part-way (its three extensions all old or all at target), and a second run has nothing to do.
 */
@ServerTest
class ServerRestartTest {
    private static final int DATABASES = 80;
    private static final List<String> TENANTS = Fleet.names("restart", DATABASES);

    enum Outage {
        /** pg_ctl stop -m fast, then start: sessions are terminated and rolled back. */
        RESTART,
        /** The postmaster gets SIGQUIT (immediate shutdown, as in a crash); the start runs crash recovery. */
        CRASH
    }

    private PgServer server;
    private MemoryTablespace tablespace;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (tablespace != null) {
            tablespace.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void anOutageHalfWayLeavesNoDatabasePartWayAndThePreflightStillFinishesEverything(Outage outage) throws Exception {
        // Commits must survive the crash that the CRASH case causes (the fixture's default is off).
        server = PgServer.builder(PgInstall.shared()).name("faults-" + outage.name().toLowerCase())
                .config("synchronous_commit = on").start();
        tablespace = MemoryTablespace.create(server, DATABASES * 8L * 1024 * 1024);
        Fleet.createFromTemplate(server, tablespace, TENANTS, Fleet.oldExtensions());

        AtomicInteger finished = new AtomicInteger();
        AtomicReference<Exception> outageFailure = new AtomicReference<>();
        // The worker that finishes the 40th database takes the server down and up itself, so the
        // run is certainly still going (this worker's task has not returned) while it is down.
        RunListener outageHalfWay = report -> {
            if (finished.incrementAndGet() == DATABASES / 2) {
                try {
                    interrupt(outage);
                } catch (Exception e) {
                    outageFailure.set(e);
                }
            }
        };

        RunReport first = Fleet.run(server, Fleet.defaults(Mode.PREFLIGHT, "restart_*"), outageHalfWay);

        assertThat(outageFailure.get()).isNull();
        assertThat(finished).hasValue(DATABASES);
        List<String> stillOld = Fleet.assertOldOrTarget(server, TENANTS, Fleet.OLD, Fleet.TARGET);
        assertThat(first.exitCode()).as(Fleet.describe(first)).isZero();
        assertThat(stillOld).isEmpty();
        assertThat(server.log()).contains(outage == Outage.CRASH
                ? "database system was interrupted" : "received fast shutdown request");

        RunReport second = Fleet.run(server, Fleet.defaults(Mode.PREFLIGHT, "restart_*"));

        assertThat(second.exitCode()).as(Fleet.describe(second)).isZero();
        assertThat(second.summary().updated()).isZero();
        assertThat(second.summary().upToDate()).isEqualTo(DATABASES);
        Fleet.assertAllAt(server, TENANTS, Fleet.TARGET);
    }

    private void interrupt(Outage outage) throws Exception {
        if (outage == Outage.RESTART) {
            server.restart();
            return;
        }
        long postmaster = Long.parseLong(Files.readAllLines(server.dataDir().resolve("postmaster.pid")).getFirst().strip());
        Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster)).inheritIO().start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -QUIT " + postmaster + " failed");
        }
        ProcessHandle.of(postmaster).ifPresent(p -> p.onExit().orTimeout(60, TimeUnit.SECONDS).join());
        server.stop();  // only updates the fixture's bookkeeping: the postmaster is gone
        server.start();
    }
}
