package io.extguard.sidecar;

import java.time.Duration;

/**
 * How the sidecar watches. {@code interval} is null when periodic checks are off; the first
 * check still runs at start.
 */
public record SidecarSettings(Duration interval, Duration fullSweepInterval, boolean remediate, boolean degradedIsDown) {
}
