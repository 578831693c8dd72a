package io.extguard.health;

import io.extguard.sidecar.SidecarRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Startup turns UP once a check has reached the server and finished, so a native Kubernetes
 * sidecar (an initContainer with restartPolicy Always) holds the application back until drift is
 * known. A check that found the server unreachable does not count: drift is still unknown then.
 */
@Startup
@ApplicationScoped
public class FirstCheckDone implements HealthCheck {
    @Inject
    SidecarRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("first-check").status(runtime.status().driftKnown()).build();
    }
}
