package io.extguard.metrics;

import io.extguard.model.Result;
import io.extguard.model.UpdateOutcome;
import io.extguard.model.RunReport;
import io.extguard.sidecar.DriftStatus;
import io.extguard.sidecar.HealthState;
import io.extguard.sidecar.SidecarEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prometheus metrics, all derived from the cached {@link DriftStatus}: a scrape reads memory and
 * never touches the database. The per-pair drift gauge has series only for drifted pairs, so a
 * fleet of healthy databases costs no series at all.
 */
@ApplicationScoped
public class DriftMetrics implements SidecarEvents {
    private final AtomicReference<DriftStatus> last = new AtomicReference<>(DriftStatus.initial());

    @Inject
    MeterRegistry registry;

    /** The gauges read this bean's {@code last}: they go when the bean does (see {@link #unregister}). */
    private final List<Gauge> gauges = new ArrayList<>();
    private MultiGauge drift;
    private Timer checkDuration;

    @PostConstruct
    void register() {
        gauges.add(Gauge.builder("extguard.databases.checked", last, s -> s.get().databases())
                .description("Databases visited by the last full check").register(registry));
        gauges.add(Gauge.builder("extguard.drifted.pairs", last, s -> s.get().drift().size())
                .description("(database, extension) pairs not at their target version").register(registry));
        gauges.add(Gauge.builder("extguard.last.success.timestamp", last, DriftMetrics::lastSuccessSeconds).baseUnit("seconds")
                .description("Unix time of the last check that reached the server").register(registry));
        gauges.add(Gauge.builder("extguard.last.check.success", last, s -> s.get().lastCheckSucceeded() ? 1 : 0)
                .description("1 if the last check reached the server, else 0").register(registry));
        for (HealthState state : HealthState.values()) {
            gauges.add(Gauge.builder("extguard.health.state", last, s -> s.get().state() == state ? 1 : 0)
                    .tag("state", state.name()).description("1 for the current extension health state")
                    .register(registry));
        }
        drift = MultiGauge.builder("extguard.extension.drift")
                .description("1 for each (database, extension) pair that is not at its target version").register(registry);
        checkDuration = Timer.builder("extguard.check.duration").description("Duration of drift checks")
                .register(registry);
    }

    /**
     * A registry that outlives this bean (Quarkus's test launcher boots the application again and
     * again in one JVM) would keep gauges bound to a discarded bean's state, and ignore the next
     * bean's registration of the same names: a scrape would then show none of them.
     */
    @PreDestroy
    void unregister() {
        gauges.forEach(registry::remove);
        gauges.clear();
        drift.register(List.of(), true);
    }

    @Override
    public void checkFinished(DriftStatus status, Duration took, boolean fullSweep) {
        last.set(status);
        checkDuration.record(took);
        Counter.builder("extguard.checks").tag("kind", fullSweep ? "full" : "fingerprint")
                .description("Drift checks, by whether every database was visited").register(registry).increment();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (DriftStatus.Drift d : status.drift()) {
            rows.add(MultiGauge.Row.of(Tags.of("database", d.database(), "node", d.node() == null ? "" : d.node(),
                    "extension", d.extension(),
                    "installed", d.installed() == null ? "" : d.installed(), "expected", d.expected()), 1));
        }
        drift.register(rows, true);
    }

    @Override
    public void remediated(RunReport report) {
        Counter.builder("extguard.remediations").description("Remediation runs started by the sidecar")
                .register(registry).increment();
        for (var db : report.databases()) {
            for (UpdateOutcome o : db.outcomes()) {
                countUpdate(o.extension(), o.result());
            }
        }
    }

    private void countUpdate(String extension, Result result) {
        Counter.builder("extguard.updates").tag("extension", extension).tag("result", result.name().toLowerCase(Locale.ROOT))
                .description("Extension updates attempted, by result").register(registry).increment();
    }

    private static double lastSuccessSeconds(AtomicReference<DriftStatus> s) {
        var at = s.get().lastSuccess();
        return at == null ? 0 : at.toEpochMilli() / 1000.0;
    }
}
