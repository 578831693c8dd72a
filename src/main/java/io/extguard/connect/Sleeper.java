package io.extguard.connect;

import java.time.Duration;

/** Pauses between retries; a seam so tests can wait without sleeping. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry", e);
        }
    };

    void sleep(Duration duration);
}
