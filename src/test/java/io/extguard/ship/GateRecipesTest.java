package io.extguard.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The recipes that gate a database image before rollout: the GitHub Actions job, the GitLab CI job
 * and the compose profile "gate". Each starts the candidate image as a throwaway server, runs
 * {@code extguard check --library-from} with settings extguard reads and accepts, and fails on
 * exit 1 (and 2) but not on 3.
 */
class GateRecipesTest {
    private static final Path GITHUB = Repo.path("ci/github/extguard-gate.yml");
    private static final Path GITLAB = Repo.path("ci/gitlab/extguard-gate.gitlab-ci.yml");
    private static final Path COMPOSE = Repo.compose().resolve("compose.gate.yaml");
    private static final Pattern EXTGUARD_VARIABLE = Pattern.compile("\\b(EXTGUARD_[A-Z_]+)=?\"?([^\"\\s]*)");

    @Test
    void theGithubJobStartsTheCandidateAsAServiceAndFailsOnlyWhenSomethingWouldBreak() {
        JsonNode job = StrictYaml.single(GITHUB).path("jobs").path("extguard-gate");
        JsonNode candidate = job.path("services").path("candidate");
        assertThat(candidate.path("image").asText()).isEqualTo("${{ vars.CANDIDATE_IMAGE }}");
        assertThat(candidate.path("options").asText()).contains("--health-cmd");
        String run = runs(job.path("steps"));
        assertThat(run).contains("EXTGUARD_LIBRARY_FROM=").contains(" check\n").contains("check --output sql")
                .contains("0) echo").contains("3) echo").contains("*) echo \"::error::");
        assertSettingsAreRead(run);
        // The production password reaches extguard as a file, never on a command line.
        assertThat(run).doesNotContain("secrets.");
    }

    @Test
    void theGitlabJobStartsTheCandidateAsAServiceAndFailsOnlyWhenSomethingWouldBreak() {
        JsonNode job = StrictYaml.single(GITLAB).path("extguard-gate");
        assertThat(job.path("services").get(0).path("alias").asText()).isEqualTo("candidate");
        Map<String, String> variables = new TreeMap<>();
        job.path("variables").properties().forEach(v -> variables.put(v.getKey(), v.getValue().asText()));
        assertThat(variables.get("EXTGUARD_LIBRARY_FROM")).startsWith("postgresql://postgres:candidate-only@candidate:5432/");
        assertThat(variables).containsKey("EXTGUARD_PASSWORD_FILE");
        variables.forEach((name, value) -> assertRead(name, value.startsWith("$") ? "/run/x" : value));
        String script = String.join("\n", texts(job.path("script")));
        assertThat(script).contains("quarkus-run.jar check").contains("0) echo").contains("3) echo").contains("exit 1");
    }

    @Test
    void theComposeProfileGatesAgainstAThrowawayServerOfTheNextImage() {
        JsonNode services = Recipes.composeFile(COMPOSE).path("services");
        assertThat(ComposeTest.validate(Recipes.composeFile(COMPOSE))).isEmpty();
        for (String name : List.of("postgres-candidate", "extguard-gate")) {
            assertThat(texts(services.path(name).path("profiles"))).as(name).containsExactly("gate");
        }
        JsonNode candidate = services.path("postgres-candidate");
        assertThat(candidate.has("volumes")).as("an empty server, gone with its container").isFalse();
        JsonNode gate = services.path("extguard-gate");
        assertThat(texts(gate.path("command"))).containsExactly("check");
        assertThat(gate.path("depends_on").path("postgres-candidate").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(gate.path("depends_on").path("postgres").path("condition").asText()).isEqualTo("service_healthy");
        JsonNode env = gate.path("environment");
        assertThat(env.path("EXTGUARD_LIBRARY_FROM").asText()).contains("@postgres-candidate:5432/");
        assertThat(env.path("EXTGUARD_PASSWORD_FILE").asText())
                .isNotEqualTo(env.path("EXTGUARD_LIBRARY_PASSWORD_FILE").asText());
        assertThat(env.path("PGUSER").asText()).isEqualTo("extguard_gate");
        // The candidate image is the one the upgrade walkthrough rolls out next.
        JsonNode next = Recipes.composeFile(Repo.compose().resolve("compose.upgrade.yaml")).path("services").path("postgres");
        assertThat(candidate.path("image").asText()).isEqualTo(next.path("image").asText());
    }

    private static void assertSettingsAreRead(String text) {
        Matcher m = EXTGUARD_VARIABLE.matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
            String value = m.group(2).contains("${{") || m.group(2).isEmpty() ? "/work/x" : m.group(2);
            assertRead(m.group(1), value);
        }
        assertThat(found).contains("EXTGUARD_LIBRARY_FROM", "EXTGUARD_URL", "EXTGUARD_PASSWORD_FILE", "EXTGUARD_PREFLIGHT_ROLE");
    }

    private static void assertRead(String name, String value) {
        if (!name.startsWith("EXTGUARD_")) {
            return;
        }
        assertThat(ExtguardEnvironment.reads(name)).as(name).isPresent();
        assertThat(ExtguardEnvironment.rejects(name, value)).as(name + "=" + value).isEmpty();
    }

    private static String runs(JsonNode steps) {
        StringBuilder all = new StringBuilder();
        steps.forEach(s -> all.append(s.path("run").asText("")).append('\n'));
        return all.toString();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(t -> out.add(t.asText()));
        return out;
    }
}
