package io.extguard.ship;

/** The health paths the sidecar serves (SmallRye Health under Quarkus's /q). */
final class Health {
    static final String ROOT = "/q/health";
    static final String READY = ROOT + "/ready";
    static final String LIVE = ROOT + "/live";
    static final String STARTED = ROOT + "/started";

    private Health() {
    }
}
