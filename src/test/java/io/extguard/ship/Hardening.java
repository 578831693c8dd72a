package io.extguard.ship;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What every pod and container of the Kubernetes recipe must have (see the hardening list). */
final class Hardening {
    private Hardening() {
    }

    static List<String> kubernetes(Recipes.Pod pod) {
        List<String> problems = new ArrayList<>();
        var spec = pod.spec();
        PodSecurityContext podSecurity = spec.getSecurityContext();
        if (!Boolean.FALSE.equals(spec.getAutomountServiceAccountToken())) {
            problems.add(pod.where() + ": automountServiceAccountToken is not false");
        }
        Map<String, Volume> volumes = new HashMap<>();
        Objects.requireNonNullElse(spec.getVolumes(), List.<Volume>of()).forEach(v -> volumes.put(v.getName(), v));
        for (Container c : pod.containers()) {
            String where = pod.where() + " container " + c.getName();
            SecurityContext sc = c.getSecurityContext();
            if (sc == null) {
                problems.add(where + ": no securityContext");
                continue;
            }
            boolean nonRoot = Boolean.TRUE.equals(sc.getRunAsNonRoot())
                    || (sc.getRunAsNonRoot() == null && podSecurity != null && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot()));
            if (!nonRoot) {
                problems.add(where + ": runAsNonRoot is not true");
            }
            if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
                problems.add(where + ": runAsUser 0");
            }
            if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                problems.add(where + ": readOnlyRootFilesystem is not true");
            }
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                problems.add(where + ": allowPrivilegeEscalation is not false");
            }
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                problems.add(where + ": privileged");
            }
            Capabilities caps = sc.getCapabilities();
            if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
                problems.add(where + ": capabilities do not drop ALL");
            } else if (caps.getAdd() != null && !caps.getAdd().isEmpty()) {
                problems.add(where + ": capabilities add " + caps.getAdd());
            }
            String seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
                    : podSecurity != null && podSecurity.getSeccompProfile() != null
                    ? podSecurity.getSeccompProfile().getType() : null;
            if (!"RuntimeDefault".equals(seccomp)) {
                problems.add(where + ": seccomp profile is " + seccomp + ", not RuntimeDefault");
            }
            ResourceRequirements r = c.getResources();
            for (String resource : List.of("cpu", "memory")) {
                if (r == null || r.getRequests() == null || !r.getRequests().containsKey(resource)) {
                    problems.add(where + ": no " + resource + " request");
                }
                if (r == null || r.getLimits() == null || !r.getLimits().containsKey(resource)) {
                    problems.add(where + ": no " + resource + " limit");
                }
            }
            VolumeMount tmp = Objects.requireNonNullElse(c.getVolumeMounts(), List.<VolumeMount>of()).stream()
                    .filter(m -> m.getMountPath().equals("/tmp")).findFirst().orElse(null);
            if (tmp == null) {
                problems.add(where + ": nothing mounted on /tmp (the root filesystem is read-only)");
            } else if (volumes.get(tmp.getName()) == null || volumes.get(tmp.getName()).getEmptyDir() == null) {
                problems.add(where + ": /tmp is not an emptyDir");
            }
            for (VolumeMount m : Objects.requireNonNullElse(c.getVolumeMounts(), List.<VolumeMount>of())) {
                if (!volumes.containsKey(m.getName())) {
                    problems.add(where + ": mounts volume " + m.getName() + ", which the pod does not have");
                }
            }
        }
        return problems;
    }
}
