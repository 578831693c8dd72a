package io.extguard.testsupport;

import io.extguard.connect.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock that stands still until its {@link #sleeper()} sleeps, which moves it on by the pause
 * asked for and returns at once: waits and retries run their whole schedule in milliseconds, and
 * a test can read back every pause. Thread-safe, so a pool of visitors may share it.
 */
public final class FakeTime extends Clock {
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Instant now = START;
    private final List<Duration> pauses = new ArrayList<>();

    /** The sleeper that advances this clock instead of sleeping. */
    public Sleeper sleeper() {
        return duration -> {
            synchronized (this) {
                pauses.add(duration);
                now = now.plus(duration);
            }
        };
    }

    /** Moves the clock on without a pause, as time passing between two ticks of a schedule. */
    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** Every pause asked of {@link #sleeper()}, in order. */
    public synchronized List<Duration> pauses() {
        return List.copyOf(pauses);
    }

    /** How far the clock has moved since {@link #START}. */
    public synchronized Duration elapsed() {
        return Duration.between(START, now);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("FakeTime runs in UTC");
    }
}
