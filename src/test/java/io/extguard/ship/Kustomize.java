package io.extguard.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The recipes' kustomizations, rendered by {@code kubectl kustomize} (the renderer operators use:
 * {@code kubectl apply -k}); kustomize fails on unknown kustomization fields and missing files itself.
 * The kustomization files are also read here, strictly, to list the files they name: the recipes
 * use {@code resources} and {@code patches} only.
 */
final class Kustomize {
    static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    /** A kustomization file, strictly: an unknown (or unsupported) field fails the parse. */
    record Kustomization(String apiVersion, String kind, List<String> resources, List<Patch> patches) {
        Kustomization {
            resources = resources == null ? List.of() : resources;
            patches = patches == null ? List.of() : patches;
        }
    }

    record Patch(String path) {
    }

    private Kustomize() {
    }

    static Path kustomizationFile(Path dir) {
        return FILE_NAMES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalStateException("No kustomization.yaml in " + Repo.relative(dir)));
    }

    static Kustomization kustomization(Path dir) {
        Path file = kustomizationFile(dir);
        Kustomization k = KubernetesModel.parse(StrictYaml.single(file), Kustomization.class, Repo.relative(file));
        if (!"kustomize.config.k8s.io/v1beta1".equals(k.apiVersion()) || !"Kustomization".equals(k.kind())) {
            throw new IllegalStateException(Repo.relative(file) + ": apiVersion/kind must be "
                    + "kustomize.config.k8s.io/v1beta1 Kustomization");
        }
        return k;
    }

    /** Renders per directory, once per test JVM: each kubectl run takes a while and the files do not change. */
    private static final Map<Path, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();

    /** The rendered objects, as {@code kubectl kustomize dir} prints them (copies: callers may change them). */
    static List<ObjectNode> build(Path dir) {
        return RENDERED.computeIfAbsent(dir.toAbsolutePath().normalize(), Kustomize::render).stream()
                .map(ObjectNode::deepCopy).toList();
    }

    private static List<ObjectNode> render(Path dir) {
        Path kubectl = kubectl().orElseThrow(() -> new IllegalStateException("kubectl is not on PATH: the tests "
                + "render " + Repo.relative(dir) + " with `kubectl kustomize`, as `kubectl apply -k` would; install "
                + "kubectl 1.27 or later (kustomize v5)"));
        try {
            return kubectlKustomize(kubectl, dir).stream().map(node -> (ObjectNode) node).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String id(JsonNode object) {
        return object.path("apiVersion").asText() + " " + object.path("kind").asText() + " "
                + object.path("metadata").path("name").asText();
    }

    /** kubectl, where it is installed. */
    static Optional<Path> kubectl() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code kubectl kustomize dir}, parsed. */
    static List<JsonNode> kubectlKustomize(Path kubectl, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kustomize", ".yaml");
        Path err = Files.createTempFile("kustomize", ".err");
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 2 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + Repo.relative(dir) + " failed with exit "
                        + process.exitValue() + ": " + Files.readString(err));
            }
            return StrictYaml.documents(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
