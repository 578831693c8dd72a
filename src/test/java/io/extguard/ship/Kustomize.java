package io.extguard.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code kustomize build}, for the part of kustomize the recipes use: {@code resources} (files and
 * directories with their own kustomization) and {@code patches} given as strategic-merge patch files.
 * Any other kustomization field is an error, so the renderer never silently ignores what it does
 * not understand. Where kubectl is installed, tests compare this output with
 * {@code kubectl kustomize}'s.
 *
 * <p>Strategic merge, as kustomize (kyaml) does it: maps merge key by key; lists of objects with a
 * merge key (containers and volumes by name, volume mounts by mountPath, container ports by
 * containerPort) merge element by element, the patch's elements first, in the patch's order, then
 * the base's other elements; any other value is replaced; null deletes.
 */
final class Kustomize {
    static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name",
            "initContainers", "name",
            "volumes", "name",
            "env", "name",
            "imagePullSecrets", "name",
            "volumeMounts", "mountPath",
            "ports", "containerPort");

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

    /** The rendered objects, in kustomize's resource order (before its final sort by kind). */
    static List<ObjectNode> build(Path dir) {
        Kustomization k = kustomization(dir);
        Map<String, ObjectNode> objects = new LinkedHashMap<>();
        for (String resource : k.resources()) {
            Path path = dir.resolve(resource).normalize();
            List<ObjectNode> loaded;
            if (Files.isDirectory(path)) {
                loaded = build(path);
            } else if (Files.isRegularFile(path)) {
                loaded = StrictYaml.documents(path).stream().map(d -> (ObjectNode) d).toList();
            } else {
                throw new IllegalStateException(Repo.relative(kustomizationFile(dir)) + " lists " + resource
                        + ", which does not exist (" + path + ")");
            }
            for (ObjectNode object : loaded) {
                if (objects.putIfAbsent(id(object), object.deepCopy()) != null) {
                    throw new IllegalStateException(Repo.relative(dir) + ": " + id(object) + " appears twice");
                }
            }
        }
        for (Patch patch : k.patches()) {
            Path file = dir.resolve(patch.path()).normalize();
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(Repo.relative(kustomizationFile(dir)) + " patches with "
                        + patch.path() + ", which does not exist");
            }
            for (JsonNode p : StrictYaml.documents(file)) {
                ObjectNode target = objects.get(id(p));
                if (target == null) {
                    throw new IllegalStateException(Repo.relative(file) + " patches " + id(p)
                            + ", which no resource of " + Repo.relative(dir) + " is");
                }
                merge(target, (ObjectNode) p);
            }
        }
        return new ArrayList<>(objects.values());
    }

    static String id(JsonNode object) {
        return object.path("apiVersion").asText() + " " + object.path("kind").asText() + " "
                + object.path("metadata").path("name").asText();
    }

    static void merge(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            JsonNode existing = target.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) value);
            } else if (value.isArray() && existing != null && existing.isArray() && MERGE_KEYS.containsKey(name)
                    && allObjects(value) && allObjects(existing)) {
                target.set(name, mergeList((ArrayNode) existing, (ArrayNode) value, MERGE_KEYS.get(name)));
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    private static ArrayNode mergeList(ArrayNode base, ArrayNode patch, String key) {
        ArrayNode result = base.arrayNode();
        List<JsonNode> rest = new ArrayList<>();
        base.forEach(rest::add);
        for (JsonNode p : patch) {
            JsonNode match = null;
            for (JsonNode b : rest) {
                if (b.path(key).equals(p.path(key))) {
                    match = b;
                    break;
                }
            }
            if (match == null) {
                result.add(p.deepCopy());
            } else {
                rest.remove(match);
                ObjectNode merged = ((ObjectNode) match).deepCopy();
                merge(merged, (ObjectNode) p);
                result.add(merged);
            }
        }
        rest.forEach(result::add);
        return result;
    }

    private static boolean allObjects(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isObject()) {
                return false;
            }
        }
        return true;
    }

    /** kubectl, where it is installed (its built-in kustomize renders the same overlays). */
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
