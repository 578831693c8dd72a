package io.extguard.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The images under src/main/docker: pinned base images, a non-root user, extguard as the exec-form
 * entrypoint, the AOT cache trained with the same JVM options it is used with, and build contexts
 * that exist. ContainerEntrypointIT starts the JVM image's entrypoint for real.
 */
class DockerfilesTest {
    static final Path NATIVE = Repo.docker().resolve("Dockerfile.native");
    static final Path JVM = Repo.docker().resolve("Dockerfile.jvm");
    static final Path CITUS_PGVECTOR = Repo.docker().resolve("Dockerfile.citus-pgvector");
    private static final Pattern TEMURIN = Pattern.compile("eclipse-temurin:(\\d+)\\.(\\d+\\.\\d+)_(\\d+)-(jdk|jre)-([a-z]+)");

    static List<Path> dockerfiles() {
        return Repo.files(Repo.docker(), "").stream()
                .filter(p -> p.getFileName().toString().startsWith("Dockerfile.") && !p.toString().endsWith(".dockerignore"))
                .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(),
                        found -> Recipes.nonEmpty("Dockerfiles under docker/", found)));
    }

    @Test
    void theThreeImagesAreThere() {
        assertThat(dockerfiles()).containsExactlyInAnyOrder(NATIVE, JVM, CITUS_PGVECTOR);
    }

    @Test
    void everyBaseImageIsPinned() {
        for (Path file : dockerfiles()) {
            for (Dockerfile.Stage stage : Dockerfile.parse(file).stages) {
                assertThat(Recipes.unpinned(stage.image())).as(Repo.relative(file) + ": FROM " + stage.image()).isNull();
            }
            assertThat(Repo.read(file)).as(Repo.relative(file) + " starts with the syntax directive that --chmod needs")
                    .startsWith("# syntax=docker/dockerfile:1\n");
        }
    }

    @Test
    void theNativeImageIsBuiltWithMandrelForJdk25AndRunsExtguardAsUser1001() {
        Dockerfile native_ = Dockerfile.parse(NATIVE);
        assertThat(native_.stages).hasSize(2);
        Dockerfile.Stage build = native_.stages.get(0);
        assertThat(build.image()).isEqualTo("quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-25");
        assertThat(build.all("RUN")).anyMatch(r -> r.arguments().contains("package") && r.arguments().contains("-Dnative"));
        Dockerfile.Stage runtime = native_.finalStage();
        assertThat(runtime.image()).isEqualTo("quay.io/quarkus/ubi9-quarkus-micro-image:2.0");
        assertThat(runtime.last("USER").orElseThrow().arguments()).isEqualTo("1001");
        assertThat(runtime.execForm("ENTRYPOINT")).containsExactly("/work/extguard");
        assertThat(runtime.all("COPY")).anyMatch(c -> c.arguments().contains("--from=" + build.name())
                && c.arguments().endsWith("/work/extguard"));
        // ./mvnw package -Dnative -Dquarkus.native.container-build=true uses the same builder.
        assertThat(Repo.read(Repo.path("pom.xml")))
                .contains("<quarkus.native.builder-image>" + build.image() + "</quarkus.native.builder-image>");
    }

    @Test
    void theJvmImageRunsOnJava25AndBuildsAndUsesItsAotCacheWithTheSameJvmOptions() throws Exception {
        Dockerfile jvm = Dockerfile.parse(JVM);
        Dockerfile.Stage build = jvm.stages.get(0);
        Dockerfile.Stage runtime = jvm.finalStage();
        Matcher jdk = TEMURIN.matcher(build.image());
        Matcher jre = TEMURIN.matcher(runtime.image());
        assertThat(jdk.matches()).as(build.image()).isTrue();
        assertThat(jre.matches()).as(runtime.image()).isTrue();
        assertThat(jdk.group(1)).isEqualTo("25");
        assertThat(jdk.group(4)).isEqualTo("jdk");
        assertThat(jre.group(4)).isEqualTo("jre");
        assertThat(jre.group(1) + jre.group(2) + jre.group(3) + jre.group(5))
                .as("build and runtime on the same Java release").isEqualTo(jdk.group(1) + jdk.group(2) + jdk.group(3) + jdk.group(5));

        // aot-jar: the JDK's own class loaders load extguard, so its classes can go into the cache.
        assertThat(build.all("RUN")).anyMatch(r -> r.arguments().contains("-Dquarkus.package.jar.type=aot-jar"));
        Class<?> jarType = Class.forName("io.quarkus.deployment.pkg.PackageConfig$JarConfig$JarType");
        assertThat(jarType.getEnumConstants()).as("packagings this Quarkus knows").extracting(Object::toString)
                .contains("aot-jar");

        List<String> entrypoint = runtime.execForm("ENTRYPOINT");
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size()))
                .containsExactly("-jar", "/deployments/quarkus-run.jar");
        String cache = option(entrypoint, "-XX:AOTCache=");
        assertThat(cache).isEqualTo("/deployments/app.aot");

        List<String> training = trainingCommand(runtime);
        assertThat(option(training, "-XX:AOTCacheOutput=")).as("the training run writes the cache the entrypoint reads")
                .isEqualTo(cache);
        assertThat(jvmOptions(training)).as("JVM options of the training run and of the entrypoint")
                .isEqualTo(jvmOptions(entrypoint));
        assertThat(training).contains("-jar", "/deployments/quarkus-run.jar");

        assertThat(runtime.last("WORKDIR").orElseThrow().arguments()).isEqualTo("/deployments");
        assertThat(runtime.all("COPY")).anyMatch(c -> c.arguments().matches("--from=" + build.name()
                + " /code/target/quarkus-app/ /deployments/"));
        String user = runtime.last("USER").orElseThrow().arguments();
        assertThat(user).matches("[1-9][0-9]*");
        int userIndex = runtime.instructions().indexOf(runtime.last("USER").orElseThrow());
        int trainingIndex = runtime.instructions().indexOf(trainingRun(runtime));
        assertThat(trainingIndex).as("the cache is written before the image drops to its user").isLessThan(userIndex);
    }

    @Test
    void bothExtguardImagesExposeTheSidecarPort() {
        String port = ExtguardEnvironment.defaultOf(io.extguard.config.Key.HTTP_PORT);
        for (Path file : List.of(NATIVE, JVM)) {
            assertThat(Dockerfile.parse(file).finalStage().last("EXPOSE").orElseThrow().arguments())
                    .as(Repo.relative(file)).isEqualTo(port);
        }
    }

    @Test
    void thePostgresImagePinsCitusAndPgvectorExactly() {
        Dockerfile citus = Dockerfile.parse(CITUS_PGVECTOR);
        assertThat(citus.globalArgs.get("CITUS_VERSION")).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(citus.globalArgs.get("PGVECTOR_VERSION")).matches("\\d+\\.\\d+\\.\\d+");
        for (Dockerfile.Stage stage : citus.stages) {
            assertThat(stage.image()).isEqualTo("citusdata/citus:" + citus.globalArgs.get("CITUS_VERSION"));
        }
        String build = citus.stages.get(0).all("RUN").stream().map(Dockerfile.Instruction::arguments)
                .reduce("", String::concat);
        assertThat(build).contains("pgvector/archive/refs/tags/v${PGVECTOR_VERSION}.tar.gz",
                "default_version = '${PGVECTOR_VERSION}'", "OPTFLAGS=\"\"");
        assertThat(citus.stages.get(0).args()).containsKey("PGVECTOR_VERSION");
    }

    @Test
    void buildContextsHoldWhatTheDockerfilesCopyAndNothingElse() {
        for (Path file : dockerfiles()) {
            Path ignore = file.resolveSibling(file.getFileName() + ".dockerignore");
            assertThat(ignore).as("a Dockerfile-specific ignore file keeps target/ and .git out of the context").isRegularFile();
            List<String> rules = Repo.read(ignore).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            assertThat(rules).first().as(Repo.relative(ignore) + " ignores everything, then allows").isEqualTo("*");
            Set<String> allowed = new LinkedHashSet<>();
            rules.stream().skip(1).forEach(r -> allowed.add(r.replaceFirst("^!", "").replaceFirst("/$", "")));
            List<String> copied = new ArrayList<>();
            for (Dockerfile.Stage stage : Dockerfile.parse(file).stages) {
                for (Dockerfile.Instruction copy : stage.all("COPY")) {
                    if (copy.arguments().contains("--from=")) {
                        continue;
                    }
                    List<String> words = new ArrayList<>(List.of(copy.arguments().split("\\s+")));
                    words.removeIf(w -> w.startsWith("--"));
                    copied.addAll(words.subList(0, words.size() - 1));
                }
            }
            for (String source : copied) {
                assertThat(Files.exists(Repo.path(source))).as(Repo.relative(file) + " copies " + source).isTrue();
                assertThat(allowed).as(Repo.relative(ignore) + " lets " + source + " into the context").contains(source);
            }
            assertThat(copied).as(Repo.relative(ignore) + " allows only what is copied").containsAll(allowed);
        }
    }

    /** The RUN of the final stage that writes the AOT cache. */
    static Dockerfile.Instruction trainingRun(Dockerfile.Stage runtime) {
        return runtime.all("RUN").stream().filter(r -> r.arguments().contains("-XX:AOTCacheOutput=")).findFirst()
                .orElseThrow(() -> new AssertionError("no RUN with -XX:AOTCacheOutput in " + runtime.image()));
    }

    /** The java command of the training RUN, up to its redirection, without the variables set before it. */
    static List<String> trainingCommand(Dockerfile.Stage runtime) {
        String run = trainingRun(runtime).arguments();
        String command = run.substring(0, run.indexOf('>')).strip().replaceFirst("^([A-Z_]+=\\S*\\s+)*", "");
        assertThat(command).startsWith("java ");
        return List.of(command.split("\\s+"));
    }

    static String option(List<String> command, String prefix) {
        return command.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + command));
    }

    /** JVM options before -jar, leaving out the AOT cache's own and AOT logging. */
    static Set<String> jvmOptions(List<String> command) {
        Set<String> options = new LinkedHashSet<>();
        for (String arg : command.subList(1, command.indexOf("-jar"))) {
            if (!arg.startsWith("-XX:AOTCache") && !arg.startsWith("-Xlog:aot")) {
                options.add(arg);
            }
        }
        return options;
    }
}
