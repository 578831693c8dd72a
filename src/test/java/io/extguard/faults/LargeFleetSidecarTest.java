package io.extguard.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extguard.model.Mode;
import io.extguard.sidecar.DriftStatus;
import io.extguard.sidecar.DriftWatcher;
import io.extguard.sidecar.HealthState;
import io.extguard.sidecar.SidecarEvents;
import io.extguard.sidecar.SidecarSettings;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.extguard.testsupport.Connections;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 250 databases watched by the sidecar's drift watcher for several check cycles, each a full
 * sweep of every database. Between cycles no connection is left open on the server and no
 * worker thread is left running, and the heap that survives a full collection does not grow
 * from cycle to cycle.
 */
@ServerTest
class LargeFleetSidecarTest {
    private static final int DATABASES = 250;
    private static final int CYCLES = 5;
    /**
     * Allowed growth of the live heap from the second cycle to the last: 1 KB per database and
     * cycle over the cycles measured. Anything kept per database visit (a connection, a thread, a
     * report with its plan) is more than that; the live heap after a full collection otherwise
     * moves by a few KB over all cycles.
     */
    private static final long ALLOWED_GROWTH = 1024L * DATABASES * (CYCLES - 2);

    private PgServer server;
    private MemoryTablespace tablespace;
    private final List<String> tenants = Fleet.names("fleet", DATABASES);

    @BeforeEach
    void largeFleet() throws Exception {
        server = PgServer.builder(PgInstall.shared()).name("faults-large").start();
        tablespace = MemoryTablespace.create(server, DATABASES * 8L * 1024 * 1024);
        Fleet.createFromTemplate(server, tablespace, tenants, "CREATE EXTENSION hstore VERSION '1.4'",
                "CREATE EXTENSION pg_trgm");
    }

    @AfterEach
    void stop() {
        server.close();
        tablespace.close();
    }

    @Test
    void fullSweepsOverHundredsOfDatabasesLeaveNoConnectionsAndNoHeapGrowth() throws Exception {
        AtomicInteger fullSweeps = new AtomicInteger();
        SidecarEvents events = new SidecarEvents() {
            @Override
            public void checkFinished(DriftStatus status, Duration took, boolean fullSweep) {
                if (fullSweep) {
                    fullSweeps.incrementAndGet();
                }
            }
        };
        // A full-sweep interval of zero makes every tick visit every database.
        DriftWatcher watcher = new DriftWatcher(Connections.settings(server), Fleet.defaults(Mode.CHECK, "fleet_*"),
                new SidecarSettings(Duration.ofMinutes(1), Duration.ZERO, false, true), Clock.systemUTC(), events);

        List<Long> liveHeap = new ArrayList<>();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            assertThat(watcher.tick()).isTrue();

            DriftStatus status = watcher.status();
            assertThat(status.state()).as(status.message()).isEqualTo(HealthState.Degraded);
            assertThat(status.databases()).isEqualTo(DATABASES);
            assertThat(status.drift()).hasSize(DATABASES);
            assertThat(fullSweeps).hasValue(cycle);
            assertThat(extguardBackendsOnceClosed()).as("extguard sessions left after cycle %d", cycle).isZero();
            assertThat(workerThreadsOnceFinished()).as("worker threads left after cycle %d", cycle).isZero();
            liveHeap.add(liveHeapBytes());
        }

        // The first cycle loads classes and fills caches; from the second on nothing should accumulate.
        long growth = liveHeap.getLast() - liveHeap.get(1);
        assertThat(growth).as("live heap after each cycle (bytes): %s", liveHeap).isLessThan(ALLOWED_GROWTH);
    }

    /**
     * A closed connection's backend exits a moment after the client hangs up, so look until
     * pg_stat_activity has caught up (a leaked connection never goes away, whatever the wait).
     */
    private int extguardBackendsOnceClosed() {
        return await("extguard sessions gone").atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> Fleet.extguardBackends(server), count -> count == 0);
    }

    private static int workerThreadsOnceFinished() {
        return await("worker threads finished").atMost(Duration.ofSeconds(10))
                .until(LargeFleetSidecarTest::workerThreads, count -> count == 0);
    }

    private static int workerThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("extguard-worker-")).count();
    }

    /** Heap in use right after a full collection; the least of three readings, to shed stray allocations. */
    private static long liveHeapBytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();  // returns after the collection: no pause needed before reading
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
