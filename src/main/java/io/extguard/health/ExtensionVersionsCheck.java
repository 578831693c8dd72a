package io.extguard.health;

import io.extguard.sidecar.DriftStatus;
import io.extguard.sidecar.HealthState;
import io.extguard.sidecar.SidecarRuntime;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness from the cached drift status. It never opens a connection: Kubernetes may ask every
 * few seconds, and the answer must not cost a fan-out to thousands of databases.
 */
@Readiness
@HealthGroup("extensions")
@ApplicationScoped
public class ExtensionVersionsCheck implements HealthCheck {
    public static final String NAME = "extension-versions";

    @Inject
    SidecarRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        DriftStatus status = runtime.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(isUp(status.state()))
                .withData("state", status.state().name())
                .withData("message", status.message())
                .withData("databases", status.databases())
                .withData("driftedPairs", status.drift().size());
        if (status.lastCheck() != null) {
            response.withData("lastCheck", status.lastCheck().toString());
        }
        if (status.lastSuccess() != null) {
            response.withData("lastSuccess", status.lastSuccess().toString());
        }
        return response.build();
    }

    private boolean isUp(HealthState state) {
        return state == HealthState.Healthy || (state == HealthState.Degraded && !runtime.degradedIsDown());
    }
}
