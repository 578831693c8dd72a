package io.extguard.cli;

import io.extguard.model.ExitCode;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import java.util.concurrent.Callable;

@Command(name = "extguard", mixinStandardHelpOptions = true, versionProvider = ExtguardCommand.Version.class,
        subcommands = {PreflightCommand.class, CheckCommand.class, SidecarCommand.class, HelpCommand.class},
        description = "Keeps every database's PostgreSQL extensions in line with the server's libraries.")
public class ExtguardCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a command there is nothing to do; say what the commands are. */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return ExitCode.USAGE.code();
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"extguard " + ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.application.version", String.class).orElse("unknown")};
        }
    }
}
