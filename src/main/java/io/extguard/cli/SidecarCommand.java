package io.extguard.cli;

import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.error.ExtguardException;
import io.extguard.run.Mode;
import io.extguard.sidecar.SidecarRuntime;
import io.extguard.sidecar.SidecarSettings;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sidecar", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
        versionProvider = ExtguardCommand.Version.class,
        description = {"Watch for drift for the lifetime of the pod; serve readiness health and Prometheus metrics.",
                "HTTP port: extguard.http.port (EXTGUARD_HTTP_PORT), default 9000. Endpoints: /q/health/ready, "
                        + "/q/health/live, /q/health/started, /q/health/group/extensions, /q/metrics."})
public class SidecarCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger("io.extguard");

    @Mixin
    RunOptions options;

    @Option(names = "--interval", descriptionKey = "sidecar.interval", paramLabel = "DURATION|off",
            description = "How often to re-check; off runs only the first check. Property extguard.sidecar.interval. "
                    + "Default: ${DEFAULT-VALUE}.")
    String interval;

    @Option(names = "--full-sweep-interval", descriptionKey = "sidecar.full-sweep-interval", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Visit every database at least this often, even when nothing seems to have changed. "
                    + "Property extguard.sidecar.full-sweep-interval. Default: ${DEFAULT-VALUE}.")
    Duration fullSweepInterval;

    @Option(names = "--remediate", descriptionKey = "sidecar.remediate", paramLabel = "true|false", arity = "0..1",
            fallbackValue = "true",
            description = "Fix drift found by a check, as preflight would. Property extguard.sidecar.remediate. "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean remediate;

    @Option(names = "--health-degraded", descriptionKey = "health.degraded", paramLabel = "down|up",
            description = "Whether drift makes readiness fail (down) or only shows in the data (up). "
                    + "Property extguard.health.degraded. Default: ${DEFAULT-VALUE}.")
    String degraded;

    @Override
    public Integer call() {
        try {
            ConnectionSettings connection = new ConnectionSettingsResolver(System.getenv())
                    .resolve(options.url, options.passwordFile);
            SidecarSettings sidecar = new SidecarSettings(parseInterval(interval), fullSweepInterval, remediate,
                    parseDegraded(degraded));
            Arc.container().instance(SidecarRuntime.class).get()
                    .start(connection, options.toSettings(Mode.CHECK), sidecar, options.citusSettings());
            LOG.infof("extguard sidecar watching %s; health and metrics on port %s", connection.describe(),
                    ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", String.class).orElse("9000"));
            Quarkus.waitForExit();
            return 0;
        } catch (ExtguardException e) {
            LOG.error(e.getMessage());
            return e.exitCode().code();
        }
    }

    static Duration parseInterval(String value) {
        if (value == null || value.equalsIgnoreCase("off") || value.equalsIgnoreCase("disabled")) {
            return null;
        }
        try {
            return new DurationConverter().convert(value);
        } catch (RuntimeException e) {
            throw ExtguardException.usage("--interval '" + value + "' is neither a duration (60s, 5m) nor off.");
        }
    }

    static boolean parseDegraded(String value) {
        if (value == null || value.equalsIgnoreCase("down")) {
            return true;
        }
        if (value.equalsIgnoreCase("up")) {
            return false;
        }
        throw ExtguardException.usage("extguard.health.degraded must be down or up, not '" + value + "'.");
    }
}
