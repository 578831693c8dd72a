package io.extguard.sidecar;

import io.extguard.model.RunReport;
import java.time.Duration;

/** What the watcher tells the outside world, e.g. the metrics. */
public interface SidecarEvents {
    SidecarEvents NONE = new SidecarEvents() {
    };

    /** A check finished; {@code fullSweep} says whether every database was visited. */
    default void checkFinished(DriftStatus status, Duration took, boolean fullSweep) {
    }

    /** A remediation ran; its report holds one outcome per update. */
    default void remediated(RunReport report) {
    }
}
