package io.extguard.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict readers catch the mistakes that kubectl or the API server would reject, or silently ignore. */
class StrictParsingTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
            spec:
              selector:
                matchLabels: {app: x}
              template:
                metadata:
                  labels: {app: x}
                spec:
                  containers:
                    - name: app
                      image: registry.example.com/app:1.0.0
                      ports:
                        - containerPort: 9000
                      env:
                        - name: PGPORT
                          value: "5432"
                      securityContext:
                        readOnlyRootFilesystem: true
            """;

    private static HasMetadata parse(String yaml) {
        JsonNode doc = StrictYaml.documents(yaml).get(0);
        return KubernetesModel.parse(doc, "snippet");
    }

    @Test
    void aCorrectManifestParses() {
        Deployment d = (Deployment) parse(DEPLOYMENT);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext()
                .getReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void aTypoInAFieldNameFails() {
        // fabric8 would keep it in additionalProperties, and Kubernetes would drop it: the root
        // filesystem would stay writable without anyone noticing.
        assertThatThrownBy(() -> parse(DEPLOYMENT.replace("readOnlyRootFilesystem", "readOnlyRootFileSystem")))
                .isInstanceOf(KubernetesModel.StrictnessError.class)
                .hasMessageContaining("readOnlyRootFileSystem");
        assertThatThrownBy(() -> parse(DEPLOYMENT.replace("containerPort:", "containerport:")))
                .isInstanceOf(KubernetesModel.StrictnessError.class).hasMessageContaining("containerport");
        assertThatThrownBy(() -> parse(DEPLOYMENT.replace("  template:", "  templates:")))
                .isInstanceOf(KubernetesModel.StrictnessError.class).hasMessageContaining("templates");
    }

    @Test
    void aValueOfTheWrongTypeFails() {
        assertThatThrownBy(() -> parse(DEPLOYMENT.replace("containerPort: 9000", "containerPort: \"9000\"")))
                .isInstanceOf(KubernetesModel.StrictnessError.class);
        // kubectl: "cannot unmarshal number into Go struct field EnvVar.value of type string"
        assertThatThrownBy(() -> parse(DEPLOYMENT.replace("value: \"5432\"", "value: 5432")))
                .isInstanceOf(KubernetesModel.StrictnessError.class);
        assertThatThrownBy(() -> parse(DEPLOYMENT.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: \"true\"")))
                .isInstanceOf(KubernetesModel.StrictnessError.class);
    }

    @Test
    void aKeyGivenTwiceFails() {
        assertThatThrownBy(() -> parse(DEPLOYMENT.replace("      image: registry.example.com/app:1.0.0",
                "      image: registry.example.com/app:1.0.0\n          image: registry.example.com/app:2.0.0")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("Duplicate field 'image'");
    }

    @Test
    void anUnknownKindFails() {
        assertThatThrownBy(() -> parse(DEPLOYMENT.replace("kind: Deployment", "kind: Deploymnet")))
                .isInstanceOf(KubernetesModel.StrictnessError.class).hasMessageContaining("Deploymnet");
        assertThatThrownBy(() -> parse(DEPLOYMENT.replace("apps/v1", "apps/v1beta1")))
                .isInstanceOf(KubernetesModel.StrictnessError.class).hasMessageContaining("apps/v1beta1");
    }

    @Test
    void aTypoInAPrometheusRuleFails() {
        String rule = """
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: r
                spec:
                  groups:
                    - name: g
                      rules:
                        - alert: A
                          expresion: up == 0
                """;
        assertThatThrownBy(() -> parse(rule)).isInstanceOf(KubernetesModel.StrictnessError.class)
                .hasMessageContaining("expresion");
    }

    @Test
    void aKustomizationFieldKustomizeDoesNotKnowFails(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: []
                namePrefx: x-
                """);
        assertThatThrownBy(() -> Kustomize.build(dir)).hasMessageContaining("namePrefx");
        assertThatThrownBy(() -> Kustomize.kustomization(dir)).isInstanceOf(KubernetesModel.StrictnessError.class)
                .hasMessageContaining("namePrefx");
    }

    @Test
    void aKustomizationListingAMissingFileFails(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - deployment.yml
                """);
        assertThatThrownBy(() -> Kustomize.build(dir)).hasMessageContaining("deployment.yml");
    }
}
