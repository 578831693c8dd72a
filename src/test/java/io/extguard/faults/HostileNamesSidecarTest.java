package io.extguard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extguard.report.JsonReport;
import io.extguard.model.Mode;
import io.extguard.sidecar.SidecarRuntime;
import io.extguard.sidecar.SidecarSettings;
import io.extguard.testsupport.ServerTest;
import io.extguard.testsupport.Http;
import io.extguard.testsupport.Connections;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hostile names as Prometheus and Kubernetes see them: every label value is escaped so that a
 * scraper reads back exactly the name (promtool parses the scrape), and the health body is JSON
 * whose message shows names escaped, with no raw control character.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ServerTest
class HostileNamesSidecarTest {
    private static final List<String> RAW_CONTROLS = List.of("\n", "\r", "\t", "\u2028", "\u2029", "\u202E", "\u0085");
    private static HostileFleet fleet;

    @Inject
    SidecarRuntime runtime;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void hostileFleet() throws Exception {
        fleet = HostileFleet.create("faults-hostile-sidecar");
    }

    @AfterAll
    static void close() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @AfterEach
    void stopSidecar() {
        runtime.stop();
    }

    @Test
    @Order(1)
    void driftSeriesCarryEachHostileNameExactlyAndTheScrapeParses() throws Exception {
        runtime.start(Connections.settings(fleet.server), Fleet.defaults(Mode.CHECK, "*"),
                new SidecarSettings(null, Duration.ofMinutes(10), false, true));
        Sidecars.awaitChecked(runtime);

        String metrics = Http.get(root, "/q/metrics").body();
        if (PromText.promtoolAvailable()) {
            assertThat(PromText.promtoolParseErrors(metrics)).isNull();
        }
        List<Map<String, String>> drift = PromText.series(metrics, "extguard_extension_drift");
        assertThat(drift).hasSize(HostileFleet.all().size() * 2);
        assertThat(drift.stream().map(s -> s.get("database")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(new HashSet<>(HostileFleet.all()));
        assertThat(drift.stream().map(s -> s.get("extension")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("hstore", HostileFleet.EXTENSION);
        assertThat(drift.stream().map(s -> s.get("expected")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("1.8", HostileFleet.NEW_VERSION);

        Http.Response health = Http.get(root, "/q/health/group/extensions");
        assertThat(health.status()).as(health.body()).isEqualTo(503);
        JsonNode check = JsonReport.mapper().readTree(health.body()).path("checks").get(0);
        assertThat(check.path("data").path("state").asText()).isEqualTo("Degraded");
        assertThat(check.path("data").path("driftedPairs").asInt()).isEqualTo(HostileFleet.all().size() * 2);
        String message = check.path("data").path("message").asText();
        // The message lists the first 20 pairs by database name.
        assertThat(message).contains("\"'; DROP DATABASE victim; --\" (hstore 1.4 expected 1.8)")
                .contains("(\"we\\\"ird ext;\\n✓\" 1.0 expected 2.0 'beta')")
                .contains("\"carriage\\rreturn\"").contains("\"new\\nline\"");
        for (String control : RAW_CONTROLS) {
            assertThat(message).as("raw U+%04X in the health message", (int) control.charAt(0)).doesNotContain(control);
        }
        fleet.assertAllDatabasesSurvive();
    }

    @Test
    @Order(2)
    void remediationUpdatesEveryHostileDatabaseAndCountsUpdatesUnderTheExactExtensionName() throws Exception {
        runtime.start(Connections.settings(fleet.server), Fleet.defaults(Mode.CHECK, "*"),
                new SidecarSettings(null, Duration.ofMinutes(10), true, true));
        Sidecars.awaitChecked(runtime);

        Http.Response ready = Http.get(root, "/q/health/ready");
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        String metrics = Http.get(root, "/q/metrics").body();
        if (PromText.promtoolAvailable()) {
            assertThat(PromText.promtoolParseErrors(metrics)).isNull();
        }
        assertThat(PromText.series(metrics, "extguard_extension_drift")).isEmpty();
        Set<String> counted = PromText.series(metrics, "extguard_updates_total").stream()
                .filter(s -> "updated".equals(s.get("result"))).map(s -> s.get("extension")).collect(Collectors.toSet());
        assertThat(counted).contains("hstore", HostileFleet.EXTENSION);
        fleet.assertAllDatabasesSurvive();
        fleet.assertUpdatedInPlace();
    }
}
