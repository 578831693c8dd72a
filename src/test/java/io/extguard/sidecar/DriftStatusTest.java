package io.extguard.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.model.Mode;
import io.extguard.model.OnFailure;
import io.extguard.model.RunReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the sidecar's cached status says, and when the startup probe may pass. */
class DriftStatusTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static RunReport report(DatabaseReport... databases) {
        return RunReport.of(Mode.CHECK, "postgres@db:5432/postgres", NOW.toString(), 5, List.of(databases), OnFailure.FAIL);
    }

    private static DatabaseReport database(String name, DatabaseStatus status, PlanEntry... plan) {
        return new DatabaseReport(name, status, List.of(plan), List.of(), null, 1, 5);
    }

    @Test
    void driftIsUnknownUntilACheckHasReachedTheServer() {
        DriftStatus initial = DriftStatus.initial();
        DriftStatus unreachable = initial.unreachable("postgres@db:5432/postgres: Connection refused [08001]", NOW);

        assertThat(initial.driftKnown()).isFalse();
        assertThat(unreachable.firstCheckDone()).isTrue();
        assertThat(unreachable.driftKnown()).as("a check that never reached the server").isFalse();
        assertThat(unreachable.checkFailed("unreadable control file", NOW.plusSeconds(60)).driftKnown()).isFalse();
    }

    @Test
    void driftIsKnownOnceACheckFinishedAndStaysKnownWhenTheServerGoesAway() {
        DriftStatus checked = DriftStatus.from(report(database("app", DatabaseStatus.UP_TO_DATE,
                new PlanEntry("app", "hstore", "1.8", "1.8", Action.NONE, "at the library's default version"))), NOW);

        assertThat(checked.driftKnown()).isTrue();
        assertThat(checked.unreachable("gone", NOW.plusSeconds(60)).driftKnown()).isTrue();
    }

    @Test
    void messagesCountInTheSingularForOne() {
        DriftStatus healthy = DriftStatus.from(report(database("app", DatabaseStatus.UP_TO_DATE,
                new PlanEntry("app", "hstore", "1.8", "1.8", Action.NONE, "at the library's default version"))), NOW);
        DriftStatus degraded = DriftStatus.from(report(database("app", DatabaseStatus.DRIFTED,
                new PlanEntry("app", "hstore", "1.4", "1.8", Action.UPDATE, "the library's default version is 1.8"))), NOW);

        assertThat(healthy.message()).isEqualTo("All extensions up to date: hstore 1.8 (1 database)");
        assertThat(degraded.message())
                .isEqualTo("Drift in 1 (database, extension) pair across 1 database: app (hstore 1.4 expected 1.8)");
    }
}
