package io.extguard.connect;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The one schedule of pauses between tries: the first pause, doubled after each try up to a cap,
 * optionally spread by ±20 % so that replicas that start together do not retry in lockstep, and
 * optionally cut short so the last try comes at a deadline. Plain Java: the caller's
 * {@link java.time.Clock} says what time it is and its {@link Sleeper} pauses.
 */
public final class Backoff {
    /** Beyond 2^20 times the first pause every pause is capped anyway; keeps the shift from overflowing. */
    private static final int MOST_DOUBLINGS = 20;
    private static final DoubleSupplier NO_JITTER = () -> 0.5;

    private final Duration first;
    private final Duration cap;
    private final DoubleSupplier random;

    private Backoff(Duration first, Duration cap, DoubleSupplier random) {
        if (first.isNegative() || cap.isNegative()) {
            throw new IllegalArgumentException("Backoff needs pauses of 0 or more, got " + first + " and " + cap);
        }
        this.first = first;
        this.cap = cap;
        this.random = random;
    }

    /** Doubling from {@code first} up to {@code cap}, exactly; a cap below {@code first} caps that too. */
    public static Backoff doubling(Duration first, Duration cap) {
        return new Backoff(first, cap, NO_JITTER);
    }

    /** The same schedule with each pause spread over 80–120 %. */
    public Backoff withJitter() {
        return withJitter(() -> ThreadLocalRandom.current().nextDouble());
    }

    /** Jitter from {@code random} (values in [0, 1)); tests pass a fixed one. */
    public Backoff withJitter(DoubleSupplier random) {
        return new Backoff(first, cap, random);
    }

    public Duration first() {
        return first;
    }

    public Duration cap() {
        return cap;
    }

    /** The pause after the {@code n}th failed try (1-based). */
    public Duration pause(int n) {
        Duration base = first.multipliedBy(1L << Math.min(Math.max(n, 1) - 1, MOST_DOUBLINGS));
        Duration capped = base.compareTo(cap) > 0 ? cap : base;
        double spread = 0.8 + 0.4 * random.getAsDouble();
        return Duration.ofMillis((long) (capped.toMillis() * spread));
    }

    /** The pause after the {@code n}th failed try, but no longer than {@code left} until a deadline. */
    public Duration pause(int n, Duration left) {
        Duration pause = pause(n);
        Duration bounded = left.isNegative() ? Duration.ZERO : left;
        return pause.compareTo(bounded) <= 0 ? pause : bounded;
    }
}
