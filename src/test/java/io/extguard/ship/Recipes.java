package io.extguard.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The shipped recipes as the tests see them: kustomize directories, rendered objects, pods, containers. */
final class Recipes {
    /** The name extguard's image has in the recipes; users map it to their registry with kustomize's images. */
    static final String EXTGUARD_IMAGE = "extguard";
    private static final Pattern COMPOSE_HEALTH_GET = Pattern.compile("GET (/\\S*) HTTP");
    private static final Pattern COMPOSE_HEALTH_PORT = Pattern.compile("/dev/tcp/[^/\\s]+/(\\d+)");

    record Pod(String where, HasMetadata owner, PodTemplateSpec template) {
        PodSpec spec() {
            return template.getSpec();
        }

        List<Container> containers() {
            List<Container> all = new ArrayList<>();
            if (spec().getInitContainers() != null) {
                all.addAll(spec().getInitContainers());
            }
            all.addAll(spec().getContainers());
            return all;
        }

        List<Container> extguardContainers() {
            return containers().stream().filter(c -> isExtguard(c.getImage())).toList();
        }
    }

    private Recipes() {
    }

    /** k8s/base and every overlay: the directories with a kustomization. */
    static List<Path> kustomizeDirs() {
        return nonEmpty("kustomizations under k8s/", Repo.files(Repo.k8s(), "kustomization.yaml",
                "kustomization.yml", "Kustomization").stream().map(Path::getParent).toList());
    }

    static List<Path> overlays() {
        return nonEmpty("overlays under k8s/overlays",
                kustomizeDirs().stream().filter(d -> d.startsWith(Repo.k8s().resolve("overlays"))).toList());
    }

    /** Patch files named by some kustomization; they are partial objects. */
    static Set<Path> patchFiles() {
        Set<Path> patches = new LinkedHashSet<>();
        for (Path dir : kustomizeDirs()) {
            Kustomize.kustomization(dir).patches().forEach(p -> patches.add(dir.resolve(p.path()).normalize()));
        }
        return nonEmpty("patch files named by the kustomizations", patches);
    }

    /** Resource files named by some kustomization. */
    static Set<Path> resourceFiles() {
        Set<Path> resources = new LinkedHashSet<>();
        for (Path dir : kustomizeDirs()) {
            for (String r : Kustomize.kustomization(dir).resources()) {
                Path p = dir.resolve(r).normalize();
                if (Files.isRegularFile(p)) {
                    resources.add(p);
                }
            }
        }
        return nonEmpty("resource files named by the kustomizations", resources);
    }

    /** The overlay rendered, every object parsed strictly into its typed model. */
    static List<HasMetadata> render(Path dir) {
        List<HasMetadata> objects = new ArrayList<>();
        for (ObjectNode node : Kustomize.build(dir)) {
            objects.add(KubernetesModel.parse(node, Repo.relative(dir) + " (rendered) " + Kustomize.id(node)));
        }
        return objects;
    }

    static Map<Path, List<HasMetadata>> renderAll() {
        Map<Path, List<HasMetadata>> all = new LinkedHashMap<>();
        kustomizeDirs().forEach(d -> all.put(d, render(d)));
        return all;
    }

    static List<Pod> pods(Path dir, List<HasMetadata> objects) {
        List<Pod> pods = new ArrayList<>();
        for (HasMetadata o : objects) {
            String where = Repo.relative(dir) + " " + o.getKind() + "/" + o.getMetadata().getName();
            if (o instanceof Deployment d) {
                pods.add(new Pod(where, o, d.getSpec().getTemplate()));
            } else if (o instanceof Job j) {
                pods.add(new Pod(where, o, j.getSpec().getTemplate()));
            } else if (o instanceof CronJob c) {
                pods.add(new Pod(where, o, c.getSpec().getJobTemplate().getSpec().getTemplate()));
            }
        }
        return pods;
    }

    static List<Pod> allPods() {
        List<Pod> pods = new ArrayList<>();
        renderAll().forEach((dir, objects) -> pods.addAll(pods(dir, objects)));
        return nonEmpty("pod templates in the rendered kustomizations", pods);
    }

    static boolean isExtguard(String image) {
        String name = imageName(image);
        return name.equals(EXTGUARD_IMAGE) || name.endsWith("/" + EXTGUARD_IMAGE);
    }

    /** The image reference without tag or digest. */
    static String imageName(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    /** The tag, or null when the reference has none (which means :latest). */
    static String imageTag(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(colon + 1) : null;
    }

    /** Why the image reference is not pinned, or null when it is (an exact tag, or a digest). */
    static String unpinned(String image) {
        if (image == null || image.isBlank()) {
            return "no image";
        }
        if (image.contains("@sha256:")) {
            return null;
        }
        String tag = imageTag(image);
        if (tag == null) {
            return "no tag, so :latest";
        }
        if (tag.equals("latest")) {
            return ":latest";
        }
        if (image.contains("${") || image.contains("$")) {
            return "an unresolved variable";
        }
        return null;
    }

    /** Every HTTP path a recipe points at the sidecar: probes, the ServiceMonitor, the compose healthcheck. */
    static Map<String, Set<String>> httpPathsUsed() {
        Map<String, Set<String>> used = new LinkedHashMap<>();
        renderAll().forEach((dir, objects) -> {
            for (Pod pod : pods(dir, objects)) {
                for (Container c : pod.extguardContainers()) {
                    for (Probe probe : Stream.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())
                            .filter(p -> p != null && p.getHttpGet() != null).toList()) {
                        used.computeIfAbsent(probe.getHttpGet().getPath(), k -> new LinkedHashSet<>())
                                .add(pod.where() + " " + c.getName());
                    }
                }
            }
            for (HasMetadata o : objects) {
                if (o instanceof ServiceMonitor monitor) {
                    monitor.getSpec().getEndpoints().forEach(e -> used.computeIfAbsent(e.getPath(),
                            k -> new LinkedHashSet<>()).add(Repo.relative(dir) + " ServiceMonitor/" + o.getMetadata().getName()));
                }
            }
        });
        composeHealthchecks().forEach((service, command) -> {
            Matcher m = COMPOSE_HEALTH_GET.matcher(command);
            if (m.find()) {
                used.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add("compose service " + service);
            }
        });
        return used;
    }

    static List<Path> composeFiles() {
        return nonEmpty("compose files", Repo.files(Repo.compose(), ".yaml", ".yml"));
    }

    /**
     * The tests loop over these collections: an empty one (a moved directory, a renamed file)
     * would make every such loop pass while checking nothing, so it fails here instead.
     */
    static <C extends java.util.Collection<?>> C nonEmpty(String what, C found) {
        org.assertj.core.api.Assertions.assertThat(found).as(what).isNotEmpty();
        return found;
    }

    static JsonNode composeFile(Path file) {
        return StrictYaml.single(file);
    }

    static JsonNode mainCompose() {
        return composeFile(Repo.compose().resolve("compose.yaml"));
    }

    /** The healthcheck command of each extguard service of compose.yaml, as one string. */
    static Map<String, String> composeHealthchecks() {
        Map<String, String> checks = new LinkedHashMap<>();
        mainCompose().path("services").properties().forEach(e -> {
            JsonNode test = e.getValue().path("healthcheck").path("test");
            if (isExtguard(e.getValue().path("image").asText()) && test.isArray()) {
                List<String> parts = new ArrayList<>();
                test.forEach(t -> parts.add(t.asText()));
                checks.put(e.getKey(), String.join(" ", parts));
            }
        });
        return checks;
    }

    /** The port a compose healthcheck command connects to, or -1. */
    static int composeHealthcheckPort(String command) {
        Matcher m = COMPOSE_HEALTH_PORT.matcher(command);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The command of a compose healthcheck as it runs in the container: CMD's arguments. */
    static List<String> composeHealthcheckArgv(String service) {
        JsonNode test = mainCompose().path("services").path(service).path("healthcheck").path("test");
        List<String> argv = new ArrayList<>();
        test.forEach(t -> argv.add(t.asText()));
        if (argv.isEmpty() || !argv.get(0).equals("CMD")) {
            throw new IllegalStateException("The healthcheck of " + service + " is not in CMD form");
        }
        return argv.subList(1, argv.size());
    }
}
