package io.extguard.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.model.Mode;
import io.extguard.sidecar.HealthState;
import io.extguard.sidecar.SidecarRuntime;
import io.extguard.sidecar.SidecarSettings;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.extguard.testsupport.Http;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar against a TLS server (sslmode=verify-full) with the password in its URL: the
 * password shows in no health body, no metric and no log line, neither while all is well nor
 * when the server is gone and the health message explains why.
 */
@QuarkusTest
@ServerTest
class SecretsSidecarTest {
    private static final List<String> ENDPOINTS = List.of("/q/health", "/q/health/ready", "/q/health/live",
            "/q/health/started", "/q/health/group/extensions", "/q/metrics");

    @Inject
    SidecarRuntime runtime;

    @TestHTTPResource("/")
    URL root;

    private PgServer server;

    @AfterEach
    void stop() {
        runtime.stop();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void healthMetricsAndLogsNeverShowThePasswordUpOrDown(@TempDir Path dir) throws Exception {
        assumeTrue(TestCertificates.available(), "openssl is needed to make the test certificates");
        TestCertificates certificates = TestCertificates.create(dir, "DNS:localhost");
        server = PgServer.builder(PgInstall.shared()).name("faults-tls-sidecar").password(Secrets.PASSWORD)
                .tls(certificates.serverCertificate(), certificates.serverKey()).start();
        List<String> tenants = Fleet.names("secret", 3);
        Fleet.createFromTemplate(server, tenants, Fleet.oldExtensions());
        String url = Secrets.url("localhost", server.port(), "postgres:" + Secrets.encoded(),
                certificates.caCertificate());

        try (LogCapture logs = LogCapture.start()) {
            runtime.start(new ConnectionSettingsResolver(Map.of()).resolve(url, null),
                    Fleet.defaults(Mode.CHECK, "secret_*"), new SidecarSettings(null, Duration.ofMinutes(10), true, true));
            Sidecars.awaitChecked(runtime);

            assertThat(runtime.status().state()).as(runtime.status().message()).isEqualTo(HealthState.Healthy);
            Fleet.assertAllAt(server, tenants, Fleet.TARGET);
            assertThat(logs.text()).contains("Updated extension hstore from 1.4 to 1.8");
            assertNoPasswordAnywhere(logs);

            server.stop();
            runtime.checkNow();

            assertThat(runtime.status().state()).isEqualTo(HealthState.Unhealthy);
            Http.Response ready = Http.get(root, "/q/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.body()).contains("Server unreachable").contains("postgres@localhost:" + server.port());
            assertNoPasswordAnywhere(logs);
        }
    }

    private void assertNoPasswordAnywhere(LogCapture logs) throws Exception {
        for (String endpoint : ENDPOINTS) {
            Secrets.assertNoneIn(endpoint, Http.get(root, endpoint).body());
        }
        Secrets.assertNoneIn("log lines", logs.text());
        Secrets.assertNoneIn("status", runtime.status().toString());
    }
}
