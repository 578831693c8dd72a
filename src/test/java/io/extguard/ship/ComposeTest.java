package io.extguard.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The compose stack under compose/: valid against the Compose Specification's schema, started in
 * the right order, with secrets from files, hardened services, pinned images, and only variables
 * that extguard reads.
 */
class ComposeTest {
    private static final Pattern POSTGRES_TAG = Pattern.compile("(\\d+)-citus(\\d+\\.\\d+\\.\\d+)-pgvector(\\d+\\.\\d+\\.\\d+)");
    /** The postgres image's own variables (docker-library/postgres), for the one service that is not extguard. */
    private static final Set<String> POSTGRES_IMAGE_VARIABLES = Set.of("POSTGRES_PASSWORD_FILE", "POSTGRES_USER",
            "POSTGRES_DB", "POSTGRES_INITDB_ARGS", "PGDATA");

    static JsonSchema schema() {
        JsonNode schema = StrictYaml.single(Repo.composeSchema()).deepCopy();
        // Draft-07, as the file says; its $schema and relative $id would make the validator look them up.
        ((ObjectNode) schema).remove(List.of("$schema", "$id"));
        // The spec marks old fields "deprecated" (a later draft's annotation): not a validation rule.
        JsonMetaSchema draft7 = JsonMetaSchema.builder(JsonMetaSchema.getV7())
                .keyword(new NonValidationKeyword("deprecated")).build();
        return JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7))
                .metaSchema(draft7).build().getSchema(schema);
    }

    static Set<String> validate(JsonNode compose) {
        Set<String> errors = new TreeSet<>();
        for (ValidationMessage m : schema().validate(compose)) {
            errors.add(m.getMessage());
        }
        return errors;
    }

    private static JsonNode services() {
        return Recipes.mainCompose().path("services");
    }

    private static List<String> extguardServices() {
        List<String> names = new ArrayList<>();
        services().properties().forEach(e -> {
            if (Recipes.isExtguard(e.getValue().path("image").asText())) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    @Test
    void everyComposeFileIsValidAgainstTheComposeSpecification() {
        assertThat(Recipes.composeFiles()).extracting(Repo::relative)
                .contains("compose/compose.yaml", "compose/compose.upgrade.yaml");
        for (Path file : Recipes.composeFiles()) {
            assertThat(validate(Recipes.composeFile(file))).as(Repo.relative(file)).isEmpty();
        }
    }

    @Test
    void theSchemaCatchesMistakes() {
        ObjectNode broken = Recipes.mainCompose().deepCopy();
        ((ObjectNode) broken.path("services").path("extguard-preflight")).put("depends_onn", "postgres");
        ((ObjectNode) broken.path("services").path("postgres").path("healthcheck")).put("interval", 5);
        assertThat(validate(broken)).anyMatch(m -> m.contains("depends_onn")).anyMatch(m -> m.contains("interval"));
    }

    @Test
    void servicesStartInOrderPostgresPreflightThenAppAndSidecar() {
        JsonNode s = services();
        for (String service : List.of("postgres", "extguard-preflight", "app", "extguard-sidecar")) {
            assertThat(s.has(service)).as("service " + service).isTrue();
        }

        List<String> pgIsReady = textList(s.path("postgres").path("healthcheck").path("test"));
        assertThat(pgIsReady).startsWith("CMD").contains("pg_isready");

        JsonNode preflight = s.path("extguard-preflight");
        assertThat(textList(preflight.path("command"))).containsExactly("preflight");
        assertThat(preflight.path("depends_on").path("postgres").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(preflight.path("restart").asText()).as("preflight runs once").isEqualTo("no");

        for (String waits : List.of("app", "extguard-sidecar")) {
            assertThat(s.path(waits).path("depends_on").path("extguard-preflight").path("condition").asText())
                    .as(waits).isEqualTo("service_completed_successfully");
        }
        assertThat(textList(s.path("extguard-sidecar").path("command"))).containsExactly("sidecar");
    }

    @Test
    void theSidecarHealthcheckAsksReadinessOnTheSidecarsPort() {
        Map<String, String> checks = Recipes.composeHealthchecks();
        assertThat(checks).containsOnlyKeys("extguard-sidecar");
        String command = checks.get("extguard-sidecar");
        assertThat(command).contains("GET " + Health.READY + " ");
        assertThat(Recipes.composeHealthcheckPort(command))
                .isEqualTo(Integer.parseInt(ExtguardEnvironment.defaultOf(io.extguard.config.Key.HTTP_PORT)));
        // The JVM image has bash (Ubuntu) but neither curl nor wget.
        assertThat(Recipes.composeHealthcheckArgv("extguard-sidecar").get(0)).isEqualTo("bash");
        assertThat(Dockerfile.parse(Repo.docker().resolve("Dockerfile.jvm")).finalStage().image()).contains("noble");
    }

    @Test
    void secretsComeFromAFileNeverFromAnEnvironmentValue() {
        JsonNode compose = Recipes.mainCompose();
        JsonNode secrets = compose.path("secrets");
        assertThat(secrets.size()).isPositive();
        secrets.properties().forEach(e -> {
            assertThat(e.getValue().has("environment")).as("secret " + e.getKey() + " from an environment variable").isFalse();
            Path file = Repo.compose().resolve(e.getValue().path("file").asText()).normalize();
            assertThat(file).as("secret " + e.getKey()).isRegularFile();
        });
        services().properties().forEach(service -> {
            JsonNode env = service.getValue().path("environment");
            assertThat(env.isObject() || env.isMissingNode()).as(service.getKey() + ": environment as a map").isTrue();
            Set<String> mounted = new TreeSet<>(textList(service.getValue().path("secrets")));
            env.properties().forEach(v -> {
                String where = service.getKey() + " " + v.getKey();
                if (v.getKey().matches("(?i).*(PASSWORD|SECRET|TOKEN).*")) {
                    assertThat(v.getKey()).as(where + ": a secret in an environment value").endsWith("_FILE");
                    Matcher m = Pattern.compile("/run/secrets/(.+)").matcher(v.getValue().asText());
                    assertThat(m.matches()).as(where + " points into /run/secrets").isTrue();
                    assertThat(mounted).as(where + ": the service must list the secret").contains(m.group(1));
                    assertThat(secrets.has(m.group(1))).as(where).isTrue();
                }
            });
        });
    }

    @Test
    void extguardServicesSetOnlyVariablesExtguardReadsWithValuesItAccepts() {
        List<String> problems = new ArrayList<>();
        for (Path file : Recipes.composeFiles()) {
            Recipes.composeFile(file).path("services").properties().forEach(service -> {
                boolean extguard = Recipes.isExtguard(service.getValue().path("image").asText())
                        || extguardServices().contains(service.getKey());
                service.getValue().path("environment").properties().forEach(v -> {
                    String where = Repo.relative(file) + " " + service.getKey() + " " + v.getKey();
                    if (extguard || service.getKey().equals("app")) {
                        if (ExtguardEnvironment.reads(v.getKey()).isEmpty()) {
                            problems.add(where + ": extguard does not read this variable");
                        }
                        ExtguardEnvironment.rejects(v.getKey(), v.getValue().asText())
                                .ifPresent(why -> problems.add(where + "=" + v.getValue().asText() + ": " + why));
                    } else if (!POSTGRES_IMAGE_VARIABLES.contains(v.getKey())) {
                        problems.add(where + ": not a variable of the postgres image");
                    }
                });
            });
        }
        assertThat(extguardServices()).containsExactlyInAnyOrder("extguard-preflight", "extguard-sidecar");
        assertThat(problems).isEmpty();
    }

    @Test
    void imagesArePinnedAndExtguardsTagIsTheRelease() {
        for (Path file : Recipes.composeFiles()) {
            Recipes.composeFile(file).path("services").properties().forEach(service -> {
                String image = service.getValue().path("image").asText(null);
                if (image == null) {
                    return;
                }
                assertThat(Recipes.unpinned(image)).as(Repo.relative(file) + " " + service.getKey() + " " + image).isNull();
                if (Recipes.isExtguard(image)) {
                    assertThat(Recipes.imageTag(image)).isEqualTo(Repo.releaseVersion() + "-jvm");
                }
            });
        }
    }

    @Test
    void servicesAreHardened() {
        List<String> problems = new ArrayList<>();
        services().properties().forEach(e -> {
            String name = e.getKey();
            JsonNode s = e.getValue();
            if (name.equals("postgres")) {
                // The postgres image's entrypoint starts as root to prepare its data directory, then
                // drops to the postgres user; it needs a writable root filesystem. Not extguard's to harden.
                return;
            }
            if (!s.path("read_only").asBoolean(false)) {
                problems.add(name + ": read_only is not true");
            }
            if (!textList(s.path("tmpfs")).contains("/tmp")) {
                problems.add(name + ": no tmpfs on /tmp");
            }
            if (!textList(s.path("cap_drop")).contains("ALL")) {
                problems.add(name + ": cap_drop does not contain ALL");
            }
            if (s.has("cap_add") || s.path("privileged").asBoolean(false)) {
                problems.add(name + ": adds capabilities or runs privileged");
            }
            if (!textList(s.path("security_opt")).contains("no-new-privileges:true")) {
                problems.add(name + ": security_opt lacks no-new-privileges:true");
            }
            if (!s.has("mem_limit") || !s.has("cpus")) {
                problems.add(name + ": no mem_limit or cpus");
            }
            String user = s.path("user").asText(null);
            if (user == null && Recipes.isExtguard(s.path("image").asText())) {
                user = Dockerfile.parse(Repo.docker().resolve("Dockerfile.jvm")).finalStage().last("USER")
                        .orElseThrow().arguments();
            }
            if (user == null || user.equals("root") || user.equals("0") || user.startsWith("0:")) {
                problems.add(name + ": runs as root (user " + user + ")");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void buildsUseTheShippedDockerfiles() {
        services().properties().forEach(e -> {
            JsonNode build = e.getValue().path("build");
            if (build.isMissingNode()) {
                return;
            }
            Path context = Repo.compose().resolve(build.path("context").asText()).normalize();
            assertThat(context).as(e.getKey() + " build context").isEqualTo(Repo.root());
            assertThat(context.resolve(build.path("dockerfile").asText())).as(e.getKey()).isRegularFile();
        });
        assertThat(services().path("extguard-preflight").path("build").path("dockerfile").asText())
                .isEqualTo("src/main/docker/Dockerfile.jvm");
    }

    @Test
    void thePostgresImageTagNamesItsCitusAndPgvectorVersions() {
        Dockerfile dockerfile = Dockerfile.parse(Repo.docker().resolve("Dockerfile.citus-pgvector"));
        for (Path file : Recipes.composeFiles()) {
            JsonNode postgres = Recipes.composeFile(file).path("services").path("postgres");
            if (postgres.isMissingNode()) {
                continue;
            }
            String image = postgres.path("image").asText();
            Matcher m = POSTGRES_TAG.matcher(Recipes.imageTag(image));
            assertThat(m.matches()).as(Repo.relative(file) + ": tag of " + image).isTrue();
            JsonNode args = postgres.path("build").path("args");
            assertThat(args.path("CITUS_VERSION").asText()).as(Repo.relative(file)).isEqualTo(m.group(2));
            assertThat(args.path("PGVECTOR_VERSION").asText()).as(Repo.relative(file)).isEqualTo(m.group(3));
            if (file.getFileName().toString().equals("compose.yaml")) {
                assertThat(dockerfile.globalArgs).containsEntry("CITUS_VERSION", m.group(2))
                        .containsEntry("PGVECTOR_VERSION", m.group(3));
                assertThat(services().path("app").path("image").asText()).isEqualTo(image);
            }
        }
    }

    @Test
    void theUpgradeWalkthroughUpgradesCitusWithinTheSamePostgresMajor() {
        Path walkthrough = Repo.compose().resolve("UPGRADE.md");
        assertThat(walkthrough).isRegularFile();
        String text = Repo.read(walkthrough);
        assertThat(text).contains("compose/compose.upgrade.yaml", "extguard-preflight check", "--force-recreate");
        Matcher before = POSTGRES_TAG.matcher(Recipes.imageTag(services().path("postgres").path("image").asText()));
        Matcher after = POSTGRES_TAG.matcher(Recipes.imageTag(Recipes.composeFile(Repo.compose().resolve(
                "compose.upgrade.yaml")).path("services").path("postgres").path("image").asText()));
        assertThat(before.matches() && after.matches()).isTrue();
        assertThat(after.group(1)).as("PostgreSQL major version").isEqualTo(before.group(1));
        assertThat(after.group(2)).isNotEqualTo(before.group(2));
        assertThat(text).contains("Citus " + before.group(2), "Citus " + after.group(2));
        assertThat(Files.exists(Repo.compose().resolve("initdb/010-tenants.sql"))).isTrue();
    }

    private static List<String> textList(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        }
        return values;
    }
}
