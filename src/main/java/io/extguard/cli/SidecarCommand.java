package io.extguard.cli;

import io.extguard.config.ExtguardConfig;
import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.model.ExtguardException;
import io.extguard.model.Mode;
import io.extguard.sidecar.SidecarRuntime;
import io.extguard.sidecar.SidecarSettings;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import java.util.concurrent.Callable;
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
    private static final Logger LOG = Logger.getLogger(SidecarCommand.class);

    @Mixin
    RunOptions options;

    @Mixin
    UpdateOptions updateOptions;

    @Option(names = "--interval", paramLabel = "DURATION|off",
            description = "How often to re-check (1s to 1d); off runs only the first check. Property "
                    + "extguard.sidecar.interval. Default: ${DEFAULT-VALUE}.")
    String interval;

    @Option(names = "--full-sweep-interval", paramLabel = "DURATION",
            description = "Visit every database at least this often, even when nothing seems to have changed. "
                    + "Property extguard.sidecar.full-sweep-interval. Default: ${DEFAULT-VALUE}.")
    String fullSweepInterval;

    @Option(names = "--remediate", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Fix drift found by a check, as preflight would. Property extguard.sidecar.remediate. "
                    + "Default: ${DEFAULT-VALUE}.")
    String remediate;

    @Option(names = "--health-degraded", paramLabel = "down|up",
            description = "Whether drift makes readiness fail (down) or only shows in the data (up). "
                    + "Property extguard.health.degraded. Default: ${DEFAULT-VALUE}.")
    String degraded;

    @Override
    public Integer call() {
        try {
            ExtguardConfig config = options.config().requireKnownNames().validateAll();
            RunOptions.requireOutputFor(config, "sidecar");
            if (config.preflightRole().isPresent()) {
                throw io.extguard.model.ExtguardException.usage(config.setting(io.extguard.config.Key.PREFLIGHT_ROLE).source()
                        + " is for check only: the sidecar runs as the role it connects as.");
            }
            if (config.libraryFrom().isPresent()) {
                throw io.extguard.model.ExtguardException.usage(config.setting(io.extguard.config.Key.LIBRARY_FROM).source()
                        + " is for check only: the sidecar watches the libraries of the server it runs beside.");
            }
            ConnectionSettings connection = new ConnectionSettingsResolver(System.getenv())
                    .resolve(config.url().orElse(null), config.passwordFile().orElse(null));
            SidecarSettings sidecar = new SidecarSettings(config.sidecarInterval().orElse(null),
                    config.fullSweepInterval(), config.remediate(), config.degradedIsDown());
            Arc.container().instance(SidecarRuntime.class).get()
                    .start(connection, RunOptions.toSettings(config, Mode.CHECK), sidecar, RunOptions.citusSettings(config));
            LOG.infof("extguard sidecar watching %s; health and metrics on port %d", connection.describe(),
                    config.httpPort());
            Quarkus.waitForExit();
            return 0;
        } catch (ExtguardException e) {
            LOG.error(e.getMessage());
            return e.exitCode().code();
        }
    }
}
