package io.extguard.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.model.Result;
import io.extguard.model.UpdateOutcome;
import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.model.Mode;
import io.extguard.model.OnFailure;
import io.extguard.model.RunReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReportTest {
    private static final String PASSWORD = "Tr0ub4dor";
    private static final String HOSTILE_DB = "evil\"\n}";

    private static RunReport sampleReport() {
        ConnectionSettings connection = new ConnectionSettingsResolver(Map.of("PGPASSWORD", "env-" + PASSWORD))
                .resolve("postgresql://app:" + PASSWORD + "@db.example:5432/postgres?sslmode=require", null);
        PlanEntry update = new PlanEntry("app", "cube", "1.4", "1.5", Action.UPDATE, "the library's default version is 1.5");
        PlanEntry create = new PlanEntry(HOSTILE_DB, "postgis", null, "3.4.2", Action.CREATE, "ensured but not installed");
        DatabaseReport app = new DatabaseReport("app", DatabaseStatus.UPDATED, List.of(update),
                List.of(new UpdateOutcome("app", "cube", "1.4", "1.5", Result.UPDATED, null)), null, 1, 12);
        DatabaseReport hostile = new DatabaseReport(HOSTILE_DB, DatabaseStatus.FAILED, List.of(create),
                List.of(new UpdateOutcome(HOSTILE_DB, "postgis", null, "3.4.2", Result.FAILED, "permission denied")),
                "rolled back, database unchanged", 2, 30);
        return RunReport.of(Mode.PREFLIGHT, connection.describe(), "2025-01-01T00:00:00Z", 50,
                List.of(app, hostile), OnFailure.FAIL);
    }

    private static JsonNode parsed(String json) throws Exception {
        return JsonReport.mapper().readTree(json);
    }

    @Test
    void topLevelFieldsDescribeTheRun() throws Exception {
        JsonNode root = parsed(JsonReport.render(sampleReport()));

        assertThat(root.get("command").asText()).isEqualTo("preflight");
        assertThat(root.get("server").asText()).isEqualTo("app@db.example:5432/postgres (sslmode=require)");
        assertThat(root.get("startedAt").asText()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(root.get("durationMillis").asLong()).isEqualTo(50);
        assertThat(root.get("exitCode").asInt()).isEqualTo(1);
        assertThat(root.get("summary").get("databases").asInt()).isEqualTo(2);
        assertThat(root.get("summary").get("failed").asInt()).isEqualTo(1);
    }

    @Test
    void everyDatabaseIsListedByItsExactName() throws Exception {
        JsonNode databases = parsed(JsonReport.render(sampleReport())).get("databases");

        assertThat(databases).extracting(d -> d.get("database").asText()).containsExactly("app", HOSTILE_DB);
        assertThat(databases.get(1).get("status").asText()).isEqualTo("FAILED");
        assertThat(databases.get(1).get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void planEntriesAndOutcomesKeepVersionsAndNulls() throws Exception {
        JsonNode hostile = parsed(JsonReport.render(sampleReport())).get("databases").get(1);
        JsonNode entry = hostile.get("plan").get(0);
        JsonNode outcome = hostile.get("outcomes").get(0);

        assertThat(entry.get("extension").asText()).isEqualTo("postgis");
        assertThat(entry.get("action").asText()).isEqualTo("CREATE");
        assertThat(entry.get("installed").isNull()).isTrue();
        assertThat(entry.get("target").asText()).isEqualTo("3.4.2");
        assertThat(outcome.get("result").asText()).isEqualTo("FAILED");
        assertThat(outcome.get("message").asText()).isEqualTo("permission denied");
    }

    @Test
    void hostileNameIsEscapedSoTheDocumentStaysValid() {
        String json = JsonReport.render(sampleReport());

        assertThat(json).contains("\"evil\\\"\\n}\"");
    }

    @Test
    void noSecretAppearsInTheReport() {
        String json = JsonReport.render(sampleReport());

        assertThat(json).doesNotContain(PASSWORD).contains("app@db.example");
    }
}
