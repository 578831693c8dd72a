package io.extguard.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.run.RunListener;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress line's words, estimate and pace, on a clock the test moves by hand. */
class ProgressTest {
    private final ManualClock clock = new ManualClock();
    private final List<String> lines = new ArrayList<>();
    private final Progress progress = new Progress(clock, lines::add);

    private static DatabaseReport finished(String database) {
        return new DatabaseReport(database, DatabaseStatus.UP_TO_DATE, List.of(), List.of(), null, 1, 5);
    }

    private static DatabaseReport onWorker(String database) {
        return new DatabaseReport(database, DatabaseStatus.UP_TO_DATE, List.of(), List.of(), null, 1, 5, List.of(),
                "worker-1:5432");
    }

    /** One database finished every {@code step}. */
    private void finish(int count, Duration step) {
        for (int i = 0; i < count; i++) {
            clock.advance(step);
            progress.databaseFinished(finished("tenant_" + i));
        }
    }

    @Test
    void saysHowManyAreDoneOutOfTheTotalAndTheTimeLeft() {
        assertThat(Progress.line(120, 1000, Duration.ofSeconds(6)))
                .isEqualTo("Progress: 120 of 1000 databases done (12%), about 44s left");
        assertThat(Progress.line(1, 3, Duration.ofMillis(2500)))
                .isEqualTo("Progress: 1 of 3 databases done (33%), about 5s left");
    }

    @Test
    void theTimeLeftIsAsPreciseAsAnEstimateDeserves() {
        assertThat(Progress.approximately(Duration.ZERO)).isEqualTo("0s");
        assertThat(Progress.approximately(Duration.ofMillis(1))).isEqualTo("1s");
        assertThat(Progress.approximately(Duration.ofMillis(59_001))).isEqualTo("1m 00s");
        assertThat(Progress.approximately(Duration.ofSeconds(65))).isEqualTo("1m 05s");
        assertThat(Progress.approximately(Duration.ofSeconds(2 * 3600 + 3 * 60 + 59))).isEqualTo("2h 03m");
    }

    @Test
    void aShortRunPrintsNothing() {
        progress.visiting(10);
        finish(9, Duration.ofMillis(200));

        assertThat(lines).isEmpty();
    }

    @Test
    void aLongRunPrintsAtMostOneLineEveryTwoSecondsAndNoneWhenAllAreDone() {
        progress.visiting(100);
        finish(100, Duration.ofMillis(100));

        // 10 s: lines at 2.0, 4.0, 6.0 and 8.0 s, none at 10 s, where the last one finished.
        assertThat(lines).containsExactly(
                "Progress: 20 of 100 databases done (20%), about 8s left",
                "Progress: 40 of 100 databases done (40%), about 6s left",
                "Progress: 60 of 100 databases done (60%), about 4s left",
                "Progress: 80 of 100 databases done (80%), about 2s left");
    }

    @Test
    void theEstimateFollowsTheRateSoFar() {
        progress.visiting(4);
        finish(1, Duration.ofSeconds(3));
        finish(1, Duration.ofSeconds(2));

        // 1 done in 3 s: 3 left take about 9 s; then 2 done in 5 s: 2 left take about 5 s.
        assertThat(lines).containsExactly(
                "Progress: 1 of 4 databases done (25%), about 9s left",
                "Progress: 2 of 4 databases done (50%), about 5s left");
    }

    @Test
    void aCitusWorkersCopyIsPartOfItsDatabasesVisitNotAnotherDatabase() {
        progress.visiting(2);
        clock.advance(Duration.ofSeconds(3));
        progress.databaseFinished(onWorker("tenant_1"));
        progress.databaseFinished(onWorker("tenant_1"));
        assertThat(lines).isEmpty();

        progress.databaseFinished(finished("tenant_1"));
        assertThat(lines).containsExactly("Progress: 1 of 2 databases done (50%), about 3s left");
    }

    @Test
    void theLogAndTheProgressHearTheSameRun() {
        List<String> logged = new ArrayList<>();
        RunListener log = r -> logged.add(r.database());
        RunListener both = log.and(progress);

        both.visiting(2);
        clock.advance(Duration.ofSeconds(2));
        both.databaseFinished(finished("tenant_1"));

        assertThat(logged).containsExactly("tenant_1");
        assertThat(lines).containsExactly("Progress: 1 of 2 databases done (50%), about 2s left");
    }

    private static final class ManualClock implements InstantSource {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }
}
