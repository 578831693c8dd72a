package io.extguard.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.model.Result;
import io.extguard.model.UpdateOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Workers finish databases at the same time. A log record is stamped when it is made and written
 * when the console is free, so one database's lines must be made and written before another's
 * start, or an earlier timestamp is printed after a later one.
 */
class TransitionLogTest {
    private final Logger logger = Logger.getLogger("io.extguard");
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final AtomicReference<Thread> second = new AtomicReference<>();
    private final TransitionLog log = new TransitionLog();

    /** Holds the first line of tenant_a, as a slow console would, until tenant_b's worker has tried to log. */
    private final Handler slowConsole = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String line = record.getMessage();
            if (line.startsWith("[tenant_a] Updated extension hstore") && second.get() == null) {
                Thread other = new Thread(() -> log.databaseFinished(updated("tenant_b")), "worker-b");
                second.set(other);
                other.start();
                // Without the lock, tenant_b's worker would write its lines now, in the middle of tenant_a's.
                await().atMost(Duration.ofSeconds(10)).until(() -> other.getState() == Thread.State.BLOCKED);
            }
            written.add(line);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void detach() {
        logger.removeHandler(slowConsole);
    }

    private static DatabaseReport updated(String database) {
        return new DatabaseReport(database, DatabaseStatus.UPDATED, List.of(), List.of(
                new UpdateOutcome(database, "hstore", "1.4", "1.8", Result.UPDATED, null),
                new UpdateOutcome(database, "pg_trgm", "1.3", "1.6", Result.UPDATED, null)), null, 1, 5);
    }

    @Test
    void oneDatabasesLinesAreWrittenTogetherWhileAnotherWorkerWaits() throws InterruptedException {
        logger.addHandler(slowConsole);

        log.databaseFinished(updated("tenant_a"));
        second.get().join(Duration.ofSeconds(10).toMillis());

        assertThat(written).containsExactly(
                "[tenant_a] Updated extension hstore from 1.4 to 1.8",
                "[tenant_a] Updated extension pg_trgm from 1.3 to 1.6",
                "[tenant_b] Updated extension hstore from 1.4 to 1.8",
                "[tenant_b] Updated extension pg_trgm from 1.3 to 1.6");
    }
}
