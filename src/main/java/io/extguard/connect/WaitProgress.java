package io.extguard.connect;

import io.extguard.util.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which failed attempts of a wait for the server are worth a log line: the first, then one every
 * {@link #EVERY}, each saying how long is left and that {@code --wait} sets it. Retries come every
 * 250 ms to 5 s, so logging each one would fill a terminal with near-identical lines.
 */
final class WaitProgress {
    static final Duration EVERY = Duration.ofSeconds(10);

    private final Instant started;
    private final Duration wait;
    private Instant lastLine;

    WaitProgress(Instant started, Duration wait) {
        this.started = started;
        this.wait = wait;
    }

    /** The line for an attempt that failed at {@code now}, or empty when the last line is recent enough. */
    Optional<String> failed(Instant now, String server, String reason) {
        if (lastLine == null) {
            lastLine = now;
            return Optional.of("Server " + server + " is not up yet (" + reason + "); waiting up to "
                    + Durations.format(wait) + " for it (--wait)");
        }
        if (Duration.between(lastLine, now).compareTo(EVERY) < 0) {
            return Optional.empty();
        }
        lastLine = now;
        Duration waited = Duration.between(started, now);
        Duration left = wait.minus(waited);
        return Optional.of("Server " + server + " is still not up after " + Durations.format(seconds(waited))
                + " (" + reason + "); giving up in " + Durations.format(seconds(left.isNegative() ? Duration.ZERO : left))
                + " (--wait " + Durations.format(wait) + ")");
    }

    /** Whole seconds: "after 10s", not "after 10.013s". */
    private static Duration seconds(Duration d) {
        return Duration.ofSeconds(Math.round(d.toMillis() / 1000.0));
    }
}
