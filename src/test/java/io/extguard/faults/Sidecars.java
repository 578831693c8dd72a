package io.extguard.faults;

import static org.awaitility.Awaitility.await;

import io.extguard.sidecar.SidecarRuntime;
import java.time.Duration;

/** Drives the sidecar runtime of a {@code @QuarkusTest} the way its scheduler would. */
final class Sidecars {
    private Sidecars() {
    }

    /**
     * Waits for the first check that {@code start} began on its own thread, then runs one more
     * on this thread; afterwards status, health and metrics all show a finished check and nothing
     * runs in the background (the tests start the sidecar without an interval).
     */
    static void awaitChecked(SidecarRuntime runtime) {
        await("the sidecar's first check").atMost(Duration.ofMinutes(2))
                .until(() -> runtime.status().firstCheckDone());
        // Waits for the first check to finish completely (metrics included), then checks once more.
        runtime.checkNow();
    }
}
