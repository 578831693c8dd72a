package io.extguard.cli;

import io.extguard.config.ExtguardConfig;
import io.extguard.config.Key;
import io.extguard.config.Setting;
import io.extguard.config.Values;
import io.extguard.model.Mode;
import io.extguard.model.RunReport;
import java.time.Instant;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "preflight", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
        versionProvider = ExtguardCommand.Version.class,
        description = {"Bring every selected database's extensions to the versions the server's libraries expect, "
                + "verify, and exit 0 (all at target) or 1 (something failed).",
                "Run it as an initContainer or a one-shot compose service before the application starts."})
public class PreflightCommand extends RunCommand {
    private static final Logger LOG = Logger.getLogger(PreflightCommand.class);
    /** The variable other images' entrypoints use for the same switch; read as strictly as EXTGUARD_SKIP. */
    static final String SKIP_VARIABLE = "SKIP_EXTENSION_UPDATE";

    @Mixin
    UpdateOptions updateOptions;

    @Option(names = "--skip", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Log that the update was skipped and exit 0 without connecting (also SKIP_EXTENSION_UPDATE=true). "
                    + "Default: ${DEFAULT-VALUE}.")
    String skip;

    @Override
    Mode mode() {
        return Mode.PREFLIGHT;
    }

    @Override
    RunReport beforeConnecting(ExtguardConfig config, Instant startedAt) {
        if (config.skip() || skipRequestedByEnvironment()) {
            String why = "Extension update skipped (SKIP_EXTENSION_UPDATE or --skip is set); nothing was checked or changed";
            LOG.info(why);
            return skipped(mode(), startedAt, why);
        }
        return null;
    }

    /** The environment variable, or a -D system property of the same name (which wins, as in SmallRye Config). */
    private static boolean skipRequestedByEnvironment() {
        String property = System.getProperty(SKIP_VARIABLE);
        String value = property != null ? property : System.getenv(SKIP_VARIABLE);
        String source = property != null ? "-D" + SKIP_VARIABLE : SKIP_VARIABLE;
        return value != null && Values.bool(new Setting(Key.SKIP, null, value, source));
    }
}
