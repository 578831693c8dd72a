package io.extguard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.model.Result;
import io.extguard.model.UpdateOutcome;
import io.extguard.model.Mode;
import io.extguard.model.RunReport;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three preflights start at the same moment against the same server, as three replicas of an
 * application would with extguard as their initContainer. The per-database advisory lock and
 * the plan made again under it mean each (database, extension) is updated exactly once, and all
 * three runs succeed.
 */
@ServerTest
class ConcurrentPreflightsTest {
    private static final int RUNS = 3;
    private static final List<String> TENANTS = Fleet.names("replica", 40);

    private PgServer server;
    private MemoryTablespace tablespace;

    @BeforeEach
    void fleetWithDrift() throws Exception {
        server = PgServer.builder(PgInstall.shared()).name("faults-concurrent").start();
        tablespace = MemoryTablespace.create(server, TENANTS.size() * 8L * 1024 * 1024);
        Fleet.createFromTemplate(server, tablespace, TENANTS, Fleet.oldExtensions());
    }

    @AfterEach
    void stop() {
        server.close();
        tablespace.close();
    }

    @Test
    void threePreflightsAtOnceUpdateEachPairExactlyOnceAndAllSucceed() throws Exception {
        CyclicBarrier together = new CyclicBarrier(RUNS);
        ExecutorService pool = Executors.newFixedThreadPool(RUNS);
        List<RunReport> reports = new ArrayList<>();
        try {
            List<Future<RunReport>> runs = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                runs.add(pool.submit(() -> {
                    together.await(60, TimeUnit.SECONDS);
                    return Fleet.run(server, Fleet.defaults(Mode.PREFLIGHT, "replica_*"));
                }));
            }
            for (Future<RunReport> run : runs) {
                reports.add(run.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        List<UpdateOutcome> outcomes = new ArrayList<>();
        for (RunReport report : reports) {
            assertThat(report.exitCode()).as(Fleet.describe(report)).isZero();
            assertThat(report.databases()).hasSize(TENANTS.size());
            report.databases().forEach(db -> outcomes.addAll(db.outcomes()));
        }
        assertThat(outcomes).allMatch(o -> o.result() == Result.UPDATED);
        Map<String, Long> perPair = outcomes.stream()
                .collect(Collectors.groupingBy(o -> o.database() + "/" + o.extension(), Collectors.counting()));
        assertThat(perPair).hasSize(TENANTS.size() * Fleet.OLD.size());
        assertThat(perPair.values()).as("updates per (database, extension) across the three runs").containsOnly(1L);
        // Each database was updated by exactly one run; the others found it up to date under the lock.
        Map<String, Long> perDatabase = reports.stream().flatMap(r -> r.databases().stream())
                .filter(db -> !db.outcomes().isEmpty())
                .collect(Collectors.groupingBy(db -> db.database(), Collectors.counting()));
        assertThat(perDatabase).hasSize(TENANTS.size()).allSatisfy((db, runs) -> assertThat(runs).isEqualTo(1L));
        int upToDate = reports.stream().mapToInt(r -> r.summary().upToDate()).sum();
        int updated = reports.stream().mapToInt(r -> r.summary().updated()).sum();
        assertThat(updated).isEqualTo(TENANTS.size());
        assertThat(upToDate).isEqualTo(TENANTS.size() * (RUNS - 1));

        Fleet.assertAllAt(server, TENANTS, Fleet.TARGET);
        assertThat(Fleet.run(server, Fleet.defaults(Mode.CHECK, "replica_*")).exitCode()).isZero();
    }
}
