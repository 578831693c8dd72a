package io.extguard.health;

import io.extguard.sidecar.SidecarRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Startup turns UP once the first check has finished, so a native Kubernetes sidecar (an
 * initContainer with restartPolicy Always) holds the application back until drift is known.
 */
@Startup
@ApplicationScoped
public class FirstCheckDone implements HealthCheck {
    @Inject
    SidecarRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("first-check").status(runtime.status().firstCheckDone()).build();
    }
}
