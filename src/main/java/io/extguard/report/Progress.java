package io.extguard.report;

import io.extguard.model.DatabaseReport;
import io.extguard.run.RunListener;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * How far a long run is, for a person watching a terminal:
 * {@code Progress: 120 of 1000 databases done (12%), about 35s left}.
 *
 * <p>Whole lines, at most one every {@link #EVERY}, and none in the first {@link #QUIET_START}:
 * a short run prints nothing, and the log shares the terminal (on stderr), so a line rewritten
 * in place with {@code \r} would be cut by the next log line. Nothing here decides whether
 * progress is wanted; the command line does, and only for a terminal (never into a file, a pipe
 * or the JSON report). Plain and clocked from outside, so the estimate and the throttle are tested
 * without waiting.
 */
public final class Progress implements RunListener {
    static final Duration QUIET_START = Duration.ofSeconds(2);
    static final Duration EVERY = Duration.ofSeconds(2);

    private final InstantSource clock;
    private final Consumer<String> out;
    private Instant started;
    private Instant lastLine;
    private int total;
    private int done;

    public Progress(InstantSource clock, Consumer<String> out) {
        this.clock = clock;
        this.out = out;
    }

    @Override
    public synchronized void visiting(int databases) {
        total = databases;
        started = clock.instant();
    }

    /** Counts the server's own databases; a Citus worker's copy of one is part of that one's visit. */
    @Override
    public synchronized void databaseFinished(DatabaseReport report) {
        if (report.node() != null || started == null) {
            return;
        }
        done++;
        Instant now = clock.instant();
        if (due(now)) {
            lastLine = now;
            out.accept(line(done, total, Duration.between(started, now)));
        }
    }

    /** Not in a short run, not more often than {@link #EVERY}, and not once all are done: the report follows. */
    private boolean due(Instant now) {
        if (done >= total || Duration.between(started, now).compareTo(QUIET_START) < 0) {
            return false;
        }
        return lastLine == null || Duration.between(lastLine, now).compareTo(EVERY) >= 0;
    }

    /** The time left assumes the remaining databases go at the rate of those done so far. */
    static String line(int done, int total, Duration elapsed) {
        long percent = 100L * done / total;
        Duration left = elapsed.multipliedBy(total - done).dividedBy(Math.max(1, done));
        return String.format(Locale.ROOT, "Progress: %d of %d databases done (%d%%), about %s left",
                done, total, percent, approximately(left));
    }

    /** "4s", "1m 05s", "2h 03m": whole seconds rounded up, as precise as an estimate deserves. */
    static String approximately(Duration d) {
        long seconds = d.toMillis() <= 0 ? 0 : (d.toMillis() + 999) / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
