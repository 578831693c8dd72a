package io.extguard.testsupport;

import io.extguard.connect.Sleeper;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Sleeper} that pauses only briefly and records the pauses extguard asked for, so a test
 * waits for a condition ("extguard has waited 20 s by its own schedule", "it retried more than its
 * budget") instead of sleeping for a wall-clock time. Deadlines in extguard still run on the real
 * clock, so a wait window is never shortened by this; only the pauses inside it are.
 */
public final class CountingSleeper implements Sleeper {
    private static final Duration BRIEF = Duration.ofMillis(20);

    private final AtomicInteger pauses = new AtomicInteger();
    private final AtomicLong requestedMillis = new AtomicLong();

    @Override
    public void sleep(Duration duration) {
        pauses.incrementAndGet();
        requestedMillis.addAndGet(duration.toMillis());
        Sleeper.REAL.sleep(duration.compareTo(BRIEF) < 0 ? duration : BRIEF);
    }

    /** How many pauses extguard asked for. */
    public int pauses() {
        return pauses.get();
    }

    /** The total of the pauses extguard asked for, as if it had slept them all. */
    public Duration requested() {
        return Duration.ofMillis(requestedMillis.get());
    }
}
