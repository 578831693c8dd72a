package io.extguard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules, tested with the real promtool against exactly the PrometheusRule's
 * content. CI installs promtool (Debian's prometheus package); without it this test fails and says so.
 */
class AlertRulesTest {
    private static final Path RULE = Path.of("k8s/base/prometheus-rule.yaml");
    private static final Path TESTS = Path.of("src/test/resources/prometheus/extguard-rules.test.yml");

    @Test
    void alertsFireAndStayQuietAsTheirUnitTestsSay() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/prometheus"));
        writeRuleFileFromPrometheusRule(dir.resolve("extguard-rules.yml"));
        Files.copy(TESTS, dir.resolve("extguard-rules.test.yml"), StandardCopyOption.REPLACE_EXISTING);

        PromtoolRunner.Result check = promtool(dir, "check", "rules", "extguard-rules.yml");
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 4 rules found");

        PromtoolRunner.Result test = promtool(dir, "test", "rules", "extguard-rules.test.yml");
        assertThat(test.exit()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertTellsTheOperatorWhatToDo() throws IOException {
        for (JsonNode rule : rules()) {
            assertThat(rule.path("annotations").path("summary").asText()).as(rule.path("alert").asText()).isNotBlank();
            assertThat(rule.path("annotations").path("description").asText()).as(rule.path("alert").asText())
                    .containsAnyOf("run extguard preflight", "Run", "Check", "Fix");
            assertThat(rule.path("labels").path("severity").asText()).isIn("warning", "critical");
        }
    }

    private static Iterable<JsonNode> rules() throws IOException {
        JsonNode resource = new ObjectMapper(new YAMLFactory()).readTree(RULE.toFile());
        return resource.path("spec").path("groups").get(0).path("rules");
    }

    private static void writeRuleFileFromPrometheusRule(Path target) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode resource = yaml.readTree(RULE.toFile());
        assertThat(resource.path("kind").asText()).isEqualTo("PrometheusRule");
        Files.writeString(target, yaml.writeValueAsString(resource.path("spec")), StandardCharsets.UTF_8);
    }

    private static PromtoolRunner.Result promtool(Path dir, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        return PromtoolRunner.run(dir, command);
    }
}
