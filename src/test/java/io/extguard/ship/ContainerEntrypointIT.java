package io.extguard.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application started the way the images and recipes start it, against a real
 * PostgreSQL server: the JVM image's AOT training run and entrypoint (from Dockerfile.jvm), with
 * the arguments and environment of every extguard container in the rendered Kubernetes overlays
 * and the compose file. What cannot be the same outside a container is overridden, and only that:
 * paths in the image (/deployments, /tmp) map to a directory holding a copy of target/quarkus-app;
 * mounted secrets map to files holding the test server's password; PGHOST/PGPORT point at the test
 * server, PGSSLMODE is disable (it has no TLS), and the sidecar's HTTP port is a free one.
 *
 * <p>A failsafe test: it needs the jar that {@code package} builds, so it runs in {@code verify}.
 * With {@code -Dnative} the same runs use the native executable and Dockerfile.native's entrypoint.
 */
@ServerTest
class ContainerEntrypointIT {
    private static final String PASSWORD = "entrypoint-it-secret";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path work;
    private static Image image;
    private static PgServer server;

    /** How a container of the image is started on this machine: its entrypoint, mapped paths, environment. */
    record Image(String name, List<String> entrypoint, Path workingDir, Map<String, Path> mappedPaths, Map<String, String> baseEnv) {
        List<String> command(List<String> args) {
            List<String> command = new ArrayList<>();
            entrypoint.forEach(a -> command.add(map(a)));
            command.addAll(args);
            return command;
        }

        /** Image paths to local ones, in one pass (a local path may itself lie under /tmp). */
        String map(String value) {
            if (mappedPaths.containsKey(value) && !value.startsWith("/")) {
                return mappedPaths.get(value).toString();
            }
            return mapPaths(value, mappedPaths);
        }
    }

    record Run(String where, int exitCode, String stdout, String stderr) {
        String describe() {
            return where + " exited " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    @BeforeAll
    static void startTheImageAndTheServer() throws Exception {
        boolean nativeBuild = Boolean.parseBoolean(System.getProperty("extguard.native"));
        image = nativeBuild ? nativeImage() : jvmImage();
        server = PgServer.builder(PgInstall.shared()).name("entrypoint-it").password(PASSWORD).start();
        server.createDatabase("tenant_it");
    }

    /** hstore at 1.4 where the server's default is newer: what check reports and preflight fixes. */
    private static void drift() throws Exception {
        server.execute("tenant_it", "DROP EXTENSION IF EXISTS hstore", "CREATE EXTENSION hstore VERSION '1.4'");
    }

    /** Nothing to fix, so a sidecar (which does not remediate by default) turns ready. */
    private static void noDrift() throws Exception {
        server.execute("tenant_it", "DROP EXTENSION IF EXISTS hstore");
    }

    @AfterAll
    static void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyRecipeRunsCheckAndPreflightAsItsContainerWould() throws Exception {
        Map<String, Recipes.Pod> pods = podsByWhere();
        Recipes.Pod cron = pod(pods, "CronJob/extguard-check");
        Container check = cron.spec().getContainers().get(0);
        drift();

        Run drift = run(cron, check, Map.of());
        assertThat(drift.exitCode()).as(drift.describe()).isEqualTo(3);
        JsonNode report = json(drift);
        assertThat(report.path("exitCode").asInt()).isEqualTo(3);
        assertNoJvmNoise(drift);

        Run compose = runCompose("extguard-preflight", Map.of());
        assertThat(compose.exitCode()).as(compose.describe()).isZero();
        assertNoJvmNoise(compose);
        assertThat(server.queryString("tenant_it", "SELECT extversion FROM pg_extension WHERE extname = 'hstore'"))
                .isNotEqualTo("1.4");

        for (String owner : List.of("k8s/overlays/initcontainer Deployment/app", "k8s/overlays/preflight-job Job/extguard-preflight")) {
            Recipes.Pod pod = pods.get(owner);
            assertThat(pod).as(owner).isNotNull();
            Container preflight = pod.extguardContainers().stream().filter(c -> c.getArgs().equals(List.of("preflight")))
                    .findFirst().orElseThrow();
            Run again = run(pod, preflight, Map.of());
            assertThat(again.exitCode()).as(again.describe()).isZero();
            assertNoJvmNoise(again);
        }

        Run clean = run(cron, check, Map.of());
        assertThat(clean.exitCode()).as(clean.describe()).isZero();
        assertThat(json(clean).path("exitCode").asInt()).isZero();
    }

    @Test
    void theKubernetesSidecarAnswersItsProbesAndServesMetrics() throws Exception {
        Recipes.Pod pod = pod(podsByWhere(), "k8s/overlays/sidecar Deployment/app");
        Container sidecar = pod.spec().getInitContainers().stream().filter(c -> "Always".equals(c.getRestartPolicy()))
                .findFirst().orElseThrow();
        noDrift();
        int port = freePort();
        Process process = start(pod, sidecar, Map.of("EXTGUARD_HTTP_PORT", String.valueOf(port)));
        try {
            for (Probe probe : List.of(sidecar.getStartupProbe(), sidecar.getReadinessProbe(), sidecar.getLivenessProbe())) {
                awaitStatus(process, port, probe.getHttpGet().getPath(), 200);
            }
            String metrics = awaitStatus(process, port, ExtguardEnvironment.property("quarkus.micrometer.export.prometheus.path"), 200);
            assertThat(metrics).contains("extguard_");
        } finally {
            stop(process);
        }
    }

    @Test
    void theComposeSidecarPassesItsOwnHealthcheck() throws Exception {
        noDrift();
        int port = freePort();
        Process process = startCompose("extguard-sidecar", Map.of("EXTGUARD_HTTP_PORT", String.valueOf(port)));
        try {
            awaitStatus(process, port, Health.READY, 200);
            List<String> healthcheck = new ArrayList<>(Recipes.composeHealthcheckArgv("extguard-sidecar"));
            int composePort = Recipes.composeHealthcheckPort(String.join(" ", healthcheck));
            healthcheck.replaceAll(a -> a.replace("/" + composePort, "/" + port));
            Process check = new ProcessBuilder(healthcheck).redirectErrorStream(true).start();
            assertThat(check.waitFor(30, TimeUnit.SECONDS)).as("the healthcheck finished").isTrue();
            assertThat(check.exitValue()).as("compose healthcheck " + healthcheck + ": "
                    + new String(check.getInputStream().readAllBytes())).isZero();
        } finally {
            stop(process);
        }
    }

    /**
     * The image's AOT cache holds what a check loads from the command-line library too: picocli ships
     * Java 5 class files, which the cache skips, and the build rewrites them (pom.xml,
     * src/build/java/ClassFileUpgrade.java). Without that, every start loaded and verified its
     * classes from the jar (about 70 ms of a 0.35 s start, README's Benchmark).
     */
    @Test
    void aCheckTakesItsCommandLineLibraryFromTheAotCache() throws Exception {
        assumeTrue(image.name().equals("jvm"), "the native executable has no class loading");
        Recipes.Pod cron = pod(podsByWhere(), "CronJob/extguard-check");
        Path classLoads = work.resolve("class-loads.txt");
        noDrift();

        Container container = cron.spec().getContainers().get(0);
        ProcessBuilder pb = builder(cron.where(), container.getArgs(), kubernetesEnv(cron, container));
        // After the entrypoint's own -Xlog:disable, which would silence it (JDK_JAVA_OPTIONS comes first).
        pb.command().add(pb.command().indexOf("-jar"), "-Xlog:class+load=info:file=" + classLoads);

        Run check = waitFor("CronJob/extguard-check, logging class loads", pb);

        assertThat(check.exitCode()).as(check.describe()).isZero();
        List<String> picocli = Files.readAllLines(classLoads).stream().filter(l -> l.contains(" picocli.")).toList();
        assertThat(picocli).as("picocli classes loaded").hasSizeGreaterThan(100);
        assertThat(picocli).as("picocli classes, each to come from the AOT cache (\"shared objects file\"), not from its jar")
                .allMatch(l -> l.endsWith("source: shared objects file"));
    }

    @Test
    void theNativeExecutableIsTestedWhereItIsBuilt() {
        assumeTrue(Boolean.parseBoolean(System.getProperty("extguard.native")), "The native executable was not built "
                + "(this build has no -Dnative; GraalVM, Mandrel or Docker is needed for it). Where it is, "
                + "`./mvnw verify -Dnative` runs every test of this class against Dockerfile.native's entrypoint.");
        assertThat(image.name()).isEqualTo("native");
    }

    // ---------------------------------------------------------------- images

    private static Image jvmImage() throws Exception {
        Path app = Repo.path("target/quarkus-app");
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            fail("target/quarkus-app/quarkus-run.jar is missing: this integration test runs after package (./mvnw verify)");
        }
        Path jdk = jdk25().orElse(null);
        assumeTrue(jdk != null, "Dockerfile.jvm runs on Java 25 (its AOT cache needs JDK 24+), and no JDK 25 or newer "
                + "was found in java.home, JAVA_HOME or /usr/lib/jvm");
        Dockerfile dockerfile = Dockerfile.parse(DockerfilesTest.JVM);
        Dockerfile.Stage runtime = dockerfile.finalStage();
        Path deployments = work.resolve("deployments");
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        copyTree(app, deployments);
        Map<String, Path> mapped = new LinkedHashMap<>();
        mapped.put("/deployments", deployments);
        mapped.put("/tmp", tmp);
        mapped.put("java", jdk.resolve("bin/java"));
        Map<String, String> env = new LinkedHashMap<>(runtime.env());
        env.put("PATH", jdk.resolve("bin") + ":/usr/bin:/bin");
        Image image = new Image("jvm", runtime.execForm("ENTRYPOINT"),
                Path.of(runtime.last("WORKDIR").orElseThrow().arguments().replace("/deployments", deployments.toString())),
                mapped, env);

        // The image's training RUN, as the build runs it: sh -c, with the image's java first on PATH.
        String training = mapPaths(DockerfilesTest.trainingRun(runtime).arguments(), mapped);
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", training).directory(image.workingDir().toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Run run = waitFor("Dockerfile.jvm's AOT training RUN", pb);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(deployments.resolve("app.aot")).isNotEmptyFile();
        return image;
    }

    static String mapPaths(String text, Map<String, Path> mapped) {
        String alternatives = String.join("|", mapped.keySet().stream().filter(k -> k.startsWith("/"))
                .map(Pattern::quote).toList());
        Matcher m = Pattern.compile("(?<=^|[=\\s:])(" + alternatives + ")(?=/|$|\\s)")
                .matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(mapped.get(m.group(1)).toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Image nativeImage() {
        Path runner = Path.of(System.getProperty("native.image.path", ""));
        assumeTrue(Files.isExecutable(runner), "-Dnative was given but the native executable " + runner + " is missing");
        Dockerfile.Stage runtime = Dockerfile.parse(DockerfilesTest.NATIVE).finalStage();
        Map<String, Path> mapped = new LinkedHashMap<>();
        mapped.put("/work/extguard", runner);
        Map<String, String> env = new LinkedHashMap<>(runtime.env());
        env.put("PATH", "/usr/bin:/bin");
        return new Image("native", runtime.execForm("ENTRYPOINT"), runner.getParent(), mapped, env);
    }

    private static Optional<Path> jdk25() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(System.getProperty("java.home")));
        Optional.ofNullable(System.getenv("JAVA_HOME")).ifPresent(h -> candidates.add(Path.of(h)));
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            jvms.sorted(Comparator.reverseOrder()).forEach(candidates::add);
        } catch (IOException e) {
            // no /usr/lib/jvm
        }
        return candidates.stream().filter(h -> Files.isExecutable(h.resolve("bin/java")) && major(h) >= 25).findFirst();
    }

    private static int major(Path javaHome) {
        try {
            for (String line : Files.readAllLines(javaHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.\\-+]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    // ---------------------------------------------------------------- recipes

    private static Map<String, Recipes.Pod> podsByWhere() {
        Map<String, Recipes.Pod> pods = new LinkedHashMap<>();
        for (Path dir : Recipes.overlays()) {
            List<HasMetadata> objects = Recipes.render(dir);
            for (Recipes.Pod pod : Recipes.pods(dir, objects)) {
                pods.put(pod.where(), pod);
            }
        }
        return pods;
    }

    private static Recipes.Pod pod(Map<String, Recipes.Pod> pods, String suffix) {
        return pods.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no rendered pod " + suffix + " in " + pods.keySet()));
    }

    /** The container's environment, with the overrides this machine needs (see the class comment). */
    private static Map<String, String> kubernetesEnv(Recipes.Pod pod, Container container) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            assertThat(var.getValueFrom()).as(pod.where() + " " + var.getName() + ": valueFrom is not run here").isNull();
            env.put(var.getName(), var.getValue());
        }
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = pod.spec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow();
            if (volume.getSecret() != null) {
                Path dir = Files.createDirectories(work.resolve("secrets").resolve(mount.getName()));
                for (var item : volume.getSecret().getItems()) {
                    Files.writeString(dir.resolve(item.getPath()), PASSWORD + "\n");
                }
                env.replaceAll((k, v) -> v != null && v.startsWith(mount.getMountPath() + "/")
                        ? dir + v.substring(mount.getMountPath().length()) : v);
            }
        }
        pointAtTheTestServer(env);
        return env;
    }

    private static Map<String, String> composeEnv(String service) throws IOException {
        JsonNode s = Recipes.mainCompose().path("services").path(service);
        Map<String, String> env = new LinkedHashMap<>();
        s.path("environment").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        Path secrets = Files.createDirectories(work.resolve("run-secrets"));
        for (JsonNode secret : s.path("secrets")) {
            Files.writeString(secrets.resolve(secret.asText()), PASSWORD + "\n");
        }
        env.replaceAll((k, v) -> v.startsWith("/run/secrets/") ? secrets.resolve(v.substring("/run/secrets/".length())).toString() : v);
        pointAtTheTestServer(env);
        return env;
    }

    private static void pointAtTheTestServer(Map<String, String> env) {
        assertThat(env).containsKey("PGHOST");
        env.put("PGHOST", server.host());
        env.put("PGPORT", String.valueOf(server.port()));
        env.put("PGSSLMODE", "disable");
    }

    private static List<String> composeArgs(String service) {
        List<String> args = new ArrayList<>();
        Recipes.mainCompose().path("services").path(service).path("command").forEach(a -> args.add(a.asText()));
        return args;
    }

    // ---------------------------------------------------------------- processes

    private static ProcessBuilder builder(String where, List<String> args, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(image.command(args)).directory(image.workingDir().toFile());
        pb.environment().clear();
        pb.environment().putAll(image.baseEnv());
        pb.environment().putAll(env);
        return pb;
    }

    private static Run run(Recipes.Pod pod, Container container, Map<String, String> extra) throws Exception {
        Map<String, String> env = kubernetesEnv(pod, container);
        env.putAll(extra);
        return waitFor(pod.where() + " " + container.getName(), builder(pod.where(), container.getArgs(), env));
    }

    private static Run runCompose(String service, Map<String, String> extra) throws Exception {
        Map<String, String> env = composeEnv(service);
        env.putAll(extra);
        return waitFor("compose " + service, builder(service, composeArgs(service), env));
    }

    private static Process start(Recipes.Pod pod, Container container, Map<String, String> extra) throws Exception {
        Map<String, String> env = kubernetesEnv(pod, container);
        env.putAll(extra);
        return startLogged(pod.where() + " " + container.getName(), builder(pod.where(), container.getArgs(), env));
    }

    private static Process startCompose(String service, Map<String, String> extra) throws Exception {
        Map<String, String> env = composeEnv(service);
        env.putAll(extra);
        return startLogged("compose " + service, builder(service, composeArgs(service), env));
    }

    private static final Map<Process, Path> LOGS = new ConcurrentHashMap<>();

    private static Process startLogged(String where, ProcessBuilder pb) throws IOException {
        Path log = Files.createTempFile(work, "sidecar", ".log");
        Files.writeString(log, where + ": " + String.join(" ", pb.command()) + "\n");
        Process process = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        LOGS.put(process, log);
        return process;
    }

    private static String log(Process process) {
        try {
            Path log = LOGS.get(process);
            return log == null ? "" : Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Run waitFor(String where, ProcessBuilder pb) throws Exception {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(where + " did not finish within " + RUN_TIMEOUT + "\n" + Files.readString(err));
        }
        return new Run(where, process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Polls the path until it answers the status; returns the body. */
    private static String awaitStatus(Process process, int port, String path, int status) {
        AtomicReference<String> last = new AtomicReference<>("no answer");
        try {
            return Awaitility.await("GET " + path + " answering " + status).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> answer(process, port, path, status, last), Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("GET " + path + " never answered " + status + "; last: " + last.get() + "\n"
                    + log(process), e);
        }
    }

    /** The body when the path answers the status; otherwise what it answered is kept in {@code last}. */
    private static Optional<String> answer(Process process, int port, String path, int status,
                                           AtomicReference<String> last) throws InterruptedException {
        if (!process.isAlive()) {
            fail("the sidecar exited with " + process.exitValue() + " before GET " + path + " answered " + status
                    + "\n" + log(process));
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == status) {
                return Optional.of(response.body());
            }
            last.set(response.statusCode() + " " + response.body());
        } catch (IOException e) {
            last.set(e.toString());
        }
        return Optional.empty();
    }

    private static JsonNode json(Run run) {
        try {
            return StrictYaml.JSON.readTree(run.stdout());
        } catch (IOException e) {
            throw new AssertionError("stdout is not one JSON report: " + e.getMessage() + "\n" + run.describe(), e);
        }
    }

    /** The AOT cache fitted (a cache that does not fit makes the JVM say so), and the JVM said nothing. */
    private static void assertNoJvmNoise(Run run) {
        assertThat(run.stdout() + run.stderr()).as(run.describe()).doesNotContain("[aot]", "[warning]", "[error]",
                "Picked up");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
