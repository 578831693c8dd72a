package io.extguard.ship;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes objects parsed strictly into fabric8's typed model. The model types keep unknown
 * fields in {@code additionalProperties} instead of failing (Jackson's FAIL_ON_UNKNOWN_PROPERTIES
 * never sees them), so after parsing every object in the tree is walked and any non-empty
 * {@code additionalProperties} is a failure that names the field: a typo such as
 * {@code readOnlyRootFileSystem} fails instead of silently doing nothing.
 */
final class KubernetesModel {
    /** The kinds the recipes may contain; anything else is an error, not a pass. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1 Deployment", Deployment.class,
            "batch/v1 Job", Job.class,
            "batch/v1 CronJob", CronJob.class,
            "v1 Service", Service.class,
            "v1 Secret", Secret.class,
            "monitoring.coreos.com/v1 PrometheusRule", PrometheusRule.class,
            "monitoring.coreos.com/v1 ServiceMonitor", ServiceMonitor.class);

    private KubernetesModel() {
    }

    static HasMetadata parse(JsonNode doc, String where) {
        String apiVersion = doc.path("apiVersion").asText("");
        String kind = doc.path("kind").asText("");
        Class<? extends HasMetadata> type = KINDS.get(apiVersion + " " + kind);
        if (type == null) {
            throw new StrictnessError(where + ": apiVersion '" + apiVersion + "' kind '" + kind
                    + "' is none of the kinds the recipes use: " + KINDS.keySet());
        }
        return parse(doc, type, where);
    }

    static <T> T parse(JsonNode doc, Class<T> type, String where) {
        T value;
        try {
            value = StrictYaml.MAPPER.treeToValue(doc, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new StrictnessError(where + ": not a valid " + type.getSimpleName() + ": " + e.getMessage());
        }
        List<String> unknown = unknownFields(value, type.getSimpleName());
        if (!unknown.isEmpty()) {
            throw new StrictnessError(where + ": unknown fields (typos?) " + unknown);
        }
        return value;
    }

    /** Paths of every field the typed model did not recognise. */
    static List<String> unknownFields(Object root, String rootName) {
        List<String> found = new ArrayList<>();
        walk(root, rootName, found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || value instanceof JsonNode) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, found));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object child;
                try {
                    child = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        extra.keySet().forEach(k -> found.add(path + "." + k));
                    }
                } else {
                    walk(child, path + "." + field.getName(), found);
                }
            }
        }
    }

    /** A manifest that the strict model rejects. */
    static final class StrictnessError extends RuntimeException {
        StrictnessError(String message) {
            super(message);
        }
    }
}
