package io.extguard.sidecar;

/** SmallRye Health knows only UP and DOWN; this is the finer state the sidecar reports beside it. */
public enum HealthState {
    /** No check has finished yet. */
    Unknown,
    /** Every selected extension in every database is at its target. */
    Healthy,
    /** Drift exists: some database has an extension that is not at its target. */
    Degraded,
    /** The server is unreachable, or an extension refused work because its library disagrees (XX000). */
    Unhealthy
}
