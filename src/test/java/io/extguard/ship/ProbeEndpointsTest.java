package io.extguard.ship;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every HTTP path the recipes point at (Kubernetes probes, the ServiceMonitor, the compose
 * healthcheck) is one the application serves. Here the sidecar has not run a check, so readiness
 * may answer 503; what matters is that nothing answers 404. ContainerEntrypointIT asks the same
 * paths of a running sidecar and expects 200.
 */
@QuarkusTest
class ProbeEndpointsTest {
    @TestHTTPResource("/")
    URI root;

    @Test
    void everyPathTheRecipesUseIsServed() throws Exception {
        Map<String, Set<String>> used = Recipes.httpPathsUsed();
        assertThat(used).containsKeys(Health.STARTED, Health.READY, Health.LIVE,
                ExtguardEnvironment.property("quarkus.micrometer.export.prometheus.path"));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (Map.Entry<String, Set<String>> path : used.entrySet()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(root.resolve(path.getKey()))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET " + path.getKey() + ", used by " + path.getValue())
                    .isIn(200, 503);
        }
    }

    @Test
    void livenessIsUpWithoutADatabase() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(root.resolve(Health.LIVE))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("liveness must not restart the sidecar because the database is away")
                .isEqualTo(200);
    }
}
