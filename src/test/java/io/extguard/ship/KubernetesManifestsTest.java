package io.extguard.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes recipe under k8s/: every file parses strictly into typed objects, every overlay
 * renders, and what it renders is hardened, pinned and consistent with extguard itself (options,
 * health paths, port, metrics path).
 */
class KubernetesManifestsTest {
    private static final Path SIDECAR_OVERLAY = Repo.k8s().resolve("overlays/sidecar");
    private static final Path PROMETHEUS_RULE = Repo.k8s().resolve("base/prometheus-rule.yaml");

    @Test
    void everyFileIsAKustomizationAResourceOrAPatch() {
        Set<Path> known = new TreeSet<>();
        Recipes.kustomizeDirs().forEach(d -> known.add(Kustomize.kustomizationFile(d)));
        known.addAll(Recipes.resourceFiles());
        known.addAll(Recipes.patchFiles());
        List<Path> yaml = Repo.files(Repo.k8s(), ".yaml", ".yml");
        assertThat(yaml).as("YAML files under k8s/ that no kustomization uses (nothing would check them)")
                .allMatch(known::contains);
        assertThat(Recipes.kustomizeDirs()).extracting(Repo::relative)
                .contains("k8s/base", "k8s/overlays/initcontainer", "k8s/overlays/sidecar", "k8s/overlays/preflight-job");
    }

    @Test
    void everyResourceFileParsesStrictlyIntoTypedObjects() {
        assertThat(Files.isRegularFile(PROMETHEUS_RULE))
                .as("k8s/base/prometheus-rule.yaml (the sidecar's alert rules) is listed in k8s/base/kustomization.yaml "
                        + "but missing").isTrue();
        for (Path file : Recipes.resourceFiles()) {
            List<JsonNode> docs = StrictYaml.documents(file);
            assertThat(docs).as(Repo.relative(file)).isNotEmpty();
            for (JsonNode doc : docs) {
                KubernetesModel.parse(doc, Repo.relative(file));
            }
        }
    }

    @Test
    void everyPatchParsesStrictlyAsAPartialObjectOfItsKind() {
        assertThat(Recipes.patchFiles()).isNotEmpty();
        for (Path file : Recipes.patchFiles()) {
            for (JsonNode doc : StrictYaml.documents(file)) {
                KubernetesModel.parse(doc, Repo.relative(file));
            }
        }
    }

    @Test
    void everyKustomizationRendersObjectsThatParseStrictly() {
        Map<String, List<String>> rendered = new TreeMap<>();
        Recipes.renderAll().forEach((dir, objects) -> rendered.put(Repo.relative(dir),
                objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).sorted().toList()));
        assertThat(rendered).containsEntry("k8s/overlays/initcontainer",
                List.of("CronJob/extguard-check", "Deployment/app", "PrometheusRule/extguard-alerts"));
        assertThat(rendered).containsEntry("k8s/overlays/sidecar", List.of("CronJob/extguard-check", "Deployment/app",
                "PrometheusRule/extguard-alerts", "Service/app-extguard-metrics", "ServiceMonitor/app-extguard"));
        assertThat(rendered).containsEntry("k8s/overlays/preflight-job", List.of("Job/extguard-preflight"));
    }

    @Test
    void noImageUsesLatestAndExtguardIsTaggedWithTheRelease() {
        for (Recipes.Pod pod : Recipes.allPods()) {
            for (Container c : pod.containers()) {
                assertThat(Recipes.unpinned(c.getImage())).as(pod.where() + " container " + c.getName()
                        + " image " + c.getImage() + " is not pinned").isNull();
                if (Recipes.isExtguard(c.getImage())) {
                    assertThat(Recipes.imageTag(c.getImage())).as(pod.where() + " " + c.getName())
                            .isEqualTo(Repo.releaseVersion());
                }
            }
        }
    }

    @Test
    void everyPodAndContainerIsHardened() {
        List<String> problems = new ArrayList<>();
        for (Recipes.Pod pod : Recipes.allPods()) {
            problems.addAll(Hardening.kubernetes(pod));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void extguardContainersSetOnlyVariablesExtguardReadsWithValuesItAccepts() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Recipes.Pod pod : Recipes.allPods()) {
            for (Container c : pod.extguardContainers()) {
                for (EnvVar env : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
                    checked++;
                    String where = pod.where() + " " + c.getName() + " " + env.getName();
                    if (ExtguardEnvironment.reads(env.getName()).isEmpty()) {
                        problems.add(where + ": extguard does not read this variable");
                    }
                    if (env.getValue() != null) {
                        ExtguardEnvironment.rejects(env.getName(), env.getValue())
                                .ifPresent(why -> problems.add(where + "=" + env.getValue() + ": " + why));
                    }
                }
            }
        }
        assertThat(checked).isPositive();
        assertThat(problems).isEmpty();
    }

    @Test
    void credentialsComeFromASecretVolumeNeverFromAValue() {
        for (Recipes.Pod pod : Recipes.allPods()) {
            Map<String, Volume> volumes = new HashMap<>();
            pod.spec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
            for (Container c : pod.containers()) {
                for (EnvVar env : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
                    assertThat(env.getName()).as(pod.where() + " " + c.getName() + ": a secret in an environment value")
                            .doesNotMatch("(?i).*(PASSWORD|SECRET|TOKEN)(?!_FILE).*");
                }
            }
            for (Container c : pod.extguardContainers()) {
                String file = c.getEnv().stream().filter(e -> e.getName().equals("EXTGUARD_PASSWORD_FILE"))
                        .map(EnvVar::getValue).findFirst().orElse(null);
                assertThat(file).as(pod.where() + " " + c.getName() + " has no EXTGUARD_PASSWORD_FILE").isNotNull();
                VolumeMount mount = c.getVolumeMounts().stream()
                        .filter(m -> file.startsWith(m.getMountPath() + "/")).findFirst().orElse(null);
                assertThat(mount).as(pod.where() + " " + c.getName() + ": no volume mounted where " + file + " is").isNotNull();
                Volume volume = volumes.get(mount.getName());
                assertThat(volume.getSecret()).as(pod.where() + " volume " + mount.getName() + " is not a Secret").isNotNull();
                assertThat(mount.getReadOnly()).as(pod.where() + " " + c.getName() + " mounts the secret writable").isTrue();
                String item = file.substring(mount.getMountPath().length() + 1);
                assertThat(volume.getSecret().getItems()).as(pod.where() + ": the secret's items").anyMatch(i -> i.getPath().equals(item));
            }
        }
    }

    @Test
    void sidecarOverlayRunsPreflightThenTheNativeSidecarWithItsProbes() {
        List<HasMetadata> objects = Recipes.render(SIDECAR_OVERLAY);
        Deployment app = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
        List<Container> init = app.getSpec().getTemplate().getSpec().getInitContainers();
        assertThat(init).extracting(Container::getName).containsExactly("extguard-preflight", "extguard-sidecar");
        Container preflight = init.get(0);
        Container sidecar = init.get(1);
        assertThat(preflight.getArgs()).containsExactly("preflight");
        assertThat(preflight.getRestartPolicy()).as("preflight runs to completion").isNull();
        assertThat(sidecar.getArgs()).containsExactly("sidecar");
        assertThat(sidecar.getRestartPolicy()).as("a native sidecar is an initContainer with restartPolicy Always")
                .isEqualTo("Always");

        int httpPort = Integer.parseInt(ExtguardEnvironment.property("quarkus.http.port"));
        assertThat(httpPort).isEqualTo(Integer.parseInt(ExtguardEnvironment.defaultOf(io.extguard.config.Key.HTTP_PORT)));
        ContainerPort port = sidecar.getPorts().stream().filter(p -> p.getContainerPort() == httpPort).findFirst()
                .orElseThrow(() -> new AssertionError("the sidecar does not declare port " + httpPort));
        assertThat(sidecar.getEnv()).extracting(EnvVar::getName).doesNotContain("EXTGUARD_HTTP_PORT", "QUARKUS_HTTP_PORT");

        Map<String, Probe> probes = Map.of("startupProbe", sidecar.getStartupProbe(),
                "readinessProbe", sidecar.getReadinessProbe(), "livenessProbe", sidecar.getLivenessProbe());
        Map<String, String> expectedPath = Map.of("startupProbe", Health.STARTED, "readinessProbe", Health.READY,
                "livenessProbe", Health.LIVE);
        probes.forEach((kind, probe) -> {
            assertThat(probe).as(kind).isNotNull();
            assertThat(probe.getHttpGet()).as(kind + " is an HTTP probe").isNotNull();
            assertThat(probe.getHttpGet().getPath()).as(kind).isEqualTo(expectedPath.get(kind));
            String probePort = probe.getHttpGet().getPort().getStrVal();
            assertThat(probePort != null ? probePort : String.valueOf(probe.getHttpGet().getPort().getIntVal()))
                    .as(kind + " port").isIn(port.getName(), String.valueOf(httpPort));
        });
        assertThat(sidecar.getStartupProbe().getFailureThreshold() * sidecar.getStartupProbe().getPeriodSeconds())
                .as("seconds the first check may take before the kubelet restarts the sidecar").isGreaterThanOrEqualTo(300);
    }

    @Test
    void metricsServiceAndServiceMonitorReachTheSidecarEvenWhenThePodIsNotReady() {
        List<HasMetadata> objects = Recipes.render(SIDECAR_OVERLAY);
        Deployment app = one(objects, Deployment.class);
        Service service = one(objects, Service.class);
        ServiceMonitor monitor = one(objects, ServiceMonitor.class);
        Container sidecar = app.getSpec().getTemplate().getSpec().getInitContainers().stream()
                .filter(c -> "Always".equals(c.getRestartPolicy())).findFirst().orElseThrow();

        assertThat(app.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPublishNotReadyAddresses())
                .as("drift makes the pod NotReady; its metrics must still be scraped").isTrue();
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
        assertThat(monitor.getSpec().getEndpoints()).hasSize(1);
        var endpoint = monitor.getSpec().getEndpoints().get(0);
        ServicePort servicePort = service.getSpec().getPorts().stream().filter(p -> p.getName().equals(endpoint.getPort()))
                .findFirst().orElseThrow(() -> new AssertionError("the ServiceMonitor's port is not a port of the Service"));
        assertThat(sidecar.getPorts()).anyMatch(p -> p.getName().equals(servicePort.getTargetPort().getStrVal())
                || Objects.equals(p.getContainerPort(), servicePort.getTargetPort().getIntVal()));
        assertThat(endpoint.getPath()).isEqualTo(ExtguardEnvironment.property("quarkus.micrometer.export.prometheus.path"));
    }

    @Test
    void preflightJobRunsOnceAndTheCheckCronJobNeverOverlaps() {
        Job job = one(Recipes.render(Repo.k8s().resolve("overlays/preflight-job")), Job.class);
        Container preflight = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(preflight.getArgs()).containsExactly("preflight");
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isNotNull();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isNotNull();

        CronJob cron = one(Recipes.render(Repo.k8s().resolve("base")), CronJob.class);
        assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        Container check = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(check.getArgs()).first().isEqualTo("check");
        assertThat(cron.getSpec().getJobTemplate().getSpec().getBackoffLimit())
                .as("a drift (exit 3) is a finding, not a reason to retry").isZero();
    }

    @Test
    void resourceRequestsFitTheirLimits() {
        for (Recipes.Pod pod : Recipes.allPods()) {
            for (Container c : pod.containers()) {
                ResourceRequirements r = c.getResources();
                for (String resource : List.of("cpu", "memory")) {
                    Quantity request = r.getRequests().get(resource);
                    Quantity limit = r.getLimits().get(resource);
                    assertThat(request.getNumericalAmount()).as(pod.where() + " " + c.getName() + " " + resource)
                            .isLessThanOrEqualTo(limit.getNumericalAmount());
                }
            }
        }
    }

    @Test
    void prometheusRuleIsTheOneCopyOfTheAlertRules() {
        PrometheusRule rule = (PrometheusRule) KubernetesModel.parse(StrictYaml.single(PROMETHEUS_RULE),
                Repo.relative(PROMETHEUS_RULE));
        assertThat(rule.getMetadata().getName()).isEqualTo("extguard-alerts");
        List<Rule> rules = rule.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream()).toList();
        assertThat(rules).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getAlert() != null || r.getRecord() != null).as("a rule is an alert or a recording rule").isTrue();
            assertThat(r.getExpr()).isNotNull();
        });
        List<String> alerts = rules.stream().map(Rule::getAlert).filter(Objects::nonNull).toList();
        List<String> copies = new ArrayList<>();
        for (Path file : Repo.sourceFiles().stream()
                .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")
                        || p.toString().endsWith(".json") || p.toString().endsWith(".rules"))
                .filter(p -> !p.equals(PROMETHEUS_RULE)).toList()) {
            String text = Repo.read(file);
            for (String alert : alerts) {
                if (text.matches("(?s).*\\balert:\\s*\"?" + Pattern.quote(alert) + "\"?\\s.*")) {
                    copies.add(Repo.relative(file) + " defines alert " + alert);
                }
            }
        }
        assertThat(copies).as("a second copy of the alert rules, which would drift from k8s/base/prometheus-rule.yaml")
                .isEmpty();
    }

    private static <T> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName() + " objects").hasSize(1);
        return found.get(0);
    }
}
