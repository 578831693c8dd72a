package io.extguard.faults;

import io.extguard.sidecar.SidecarRuntime;

/** Drives the sidecar runtime of a {@code @QuarkusTest} the way its scheduler would. */
final class Sidecars {
    private Sidecars() {
    }

    /**
     * Waits for the first check that {@code start} began on its own thread, then runs one more
     * on this thread; afterwards status, health and metrics all show a finished check and nothing
     * runs in the background (the tests start the sidecar without an interval).
     */
    static void awaitChecked(SidecarRuntime runtime) throws InterruptedException {
        for (int i = 0; i < 1200 && !runtime.status().firstCheckDone(); i++) {
            Thread.sleep(100);
        }
        if (!runtime.status().firstCheckDone()) {
            throw new AssertionError("The sidecar's first check did not finish: " + runtime.status());
        }
        // Waits for the first check to finish completely (metrics included), then checks once more.
        runtime.checkNow();
    }
}
