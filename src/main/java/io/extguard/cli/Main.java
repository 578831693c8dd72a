package io.extguard.cli;

import io.extguard.error.ExitCode;
import io.extguard.error.ExtguardException;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/** The single entry point: {@code extguard <command>}. Quarkus boots, picocli dispatches. */
@QuarkusMain
public class Main implements QuarkusApplication {

    @Override
    public int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ExtguardCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ExtguardException ee) {
                commandLine.getErr().println(ee.getMessage());
                return ee.exitCode().code();
            }
            throw e;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println(e.getMessage());
            cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
            return ExitCode.USAGE.code();
        });
        return cli;
    }
}
