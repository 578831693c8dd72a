package io.extguard.cli;

import io.extguard.run.Mode;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "preflight", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
        versionProvider = ExtguardCommand.Version.class,
        description = {"Bring every selected database's extensions to the versions the server's libraries expect, "
                + "verify, and exit 0 (all at target) or 1 (something failed).",
                "Run it as an initContainer or a one-shot compose service before the application starts."})
public class PreflightCommand extends RunCommand {
    private static final Logger LOG = Logger.getLogger("io.extguard");

    @Option(names = "--skip", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Log that the update was skipped and exit 0 without connecting (also SKIP_EXTENSION_UPDATE=true). "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean skip;

    @Override
    Mode mode() {
        return Mode.PREFLIGHT;
    }

    @Override
    public Integer call() {
        if (skip || skipRequestedByEnvironment()) {
            LOG.info("Extension update skipped (SKIP_EXTENSION_UPDATE or --skip is set); nothing was checked or changed");
            return 0;
        }
        return super.call();
    }

    private static boolean skipRequestedByEnvironment() {
        return ConfigProvider.getConfig().getOptionalValue("SKIP_EXTENSION_UPDATE", Boolean.class).orElse(false);
    }
}
