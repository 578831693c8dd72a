package io.extguard.cli;

import io.extguard.model.ExitCode;
import io.extguard.model.ExtguardException;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.extguard.config.Key;
import io.extguard.config.RawConfig;
import io.extguard.config.Setting;
import io.extguard.config.Values;
import java.util.Optional;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The single entry point: {@code extguard <command>}. Quarkus boots, picocli dispatches. */
@QuarkusMain
public class Main implements QuarkusApplication {

    /**
     * Only the sidecar serves HTTP and schedules checks. The choice must be made before Quarkus
     * boots, because the HTTP server and the scheduler start with it.
     */
    public static void main(String... args) {
        if (!FastStart.launchedByQuarkus(Main.class)
                && FastStart.applies(List.of(args), System.getenv(), System.getProperties(), Path.of("").toAbsolutePath())) {
            System.exit(FastStart.run(args));
        }
        Map<String, String> mode;
        try {
            mode = modeProperties(System.getenv(), args);
        } catch (ExtguardException e) {
            System.err.println(e.getMessage());
            System.exit(e.exitCode().code());
            return;
        }
        Map<String, String> previous = setSystemProperties(mode);
        try {
            Quarkus.run(Main.class, args);
        } finally {
            // The test launcher (@QuarkusMainTest) calls main inside the test JVM: a check's
            // "no HTTP" must not outlive its run, or a later sidecar test would serve nothing.
            setSystemProperties(previous);
        }
    }

    /** Sets each property (null clears it); returns what was there before, to put back. */
    static Map<String, String> setSystemProperties(Map<String, String> properties) {
        Map<String, String> previous = new HashMap<>();
        properties.forEach((name, value) -> {
            previous.put(name, System.getProperty(name));
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        return previous;
    }

    /**
     * The sidecar's port is checked here, before Quarkus boots and binds it, and handed to Quarkus
     * as a literal: an out-of-range EXTGUARD_HTTP_PORT is exit 2 naming the variable, not a stack trace.
     */
    static Map<String, String> modeProperties(Map<String, String> env, String... args) {
        boolean sidecar = args.length > 0 && args[0].equals("sidecar");
        if (!sidecar) {
            return Map.of("quarkus.http.host-enabled", "false");
        }
        Setting port = Optional.ofNullable(System.getProperty(Key.HTTP_PORT.property()))
                .map(v -> new Setting(Key.HTTP_PORT, null, v, "-D" + Key.HTTP_PORT.property()))
                .or(() -> RawConfig.ofEnvironment(env).get(Key.HTTP_PORT))
                .orElse(Setting.builtIn(Key.HTTP_PORT));
        return Map.of("quarkus.scheduler.start-mode", "forced",
                "quarkus.http.port", String.valueOf(Values.integer(port, 1, 65535)));
    }

    @Override
    public int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return configured(new CommandLine(new ExtguardCommand()));
    }

    /**
     * {@code extguard} with only {@code command} under it, for a run that is known to be that
     * command (FastStart's check or preflight): picocli builds every subcommand's model from its
     * annotations when the command line is made, and the sidecar's and help's were a third of
     * that, read on every start and never used. Messages and exit codes are those of
     * {@link #commandLine()}: the same name, the same handlers.
     */
    static CommandLine commandLine(String command) {
        CommandLine only = new CommandLine(CommandSpec.create().name("extguard"));
        only.addSubcommand(command, new CommandLine(switch (command) {
            case "check" -> new CheckCommand();
            case "preflight" -> new PreflightCommand();
            default -> throw new IllegalArgumentException("no fast command line for " + command);
        }));
        return configured(only);
    }

    private static CommandLine configured(CommandLine cli) {
        // Arguments are literal: "@file" is not read as a file of arguments, as a password may start with '@'.
        cli.setExpandAtFiles(false);
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
            String error = usageError(e);
            cmd.getErr().println(error);
            cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
            UsageReport.printIfJsonWasAsked(cmd.getCommandName(), args, error);
            return ExitCode.USAGE.code();
        });
        return cli;
    }

    /**
     * The parse error in words, with picocli's suggestions as "did you mean": {@code extguard chek}
     * says "Unknown command 'chek'. Did you mean 'check'?".
     */
    static String usageError(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return e.getMessage();
        }
        String argument = unmatched.getUnmatched().get(0);
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        String message;
        if (unmatched.isUnknownOption()) {
            message = "Unknown option '" + argument + "'";
        } else if (!spec.subcommands().isEmpty() && spec.parent() == null) {
            message = "Unknown command '" + argument + "'";
        } else {
            message = "Unexpected argument '" + argument + "'";
        }
        // picocli lists every name that is somewhat alike, most alike first; only the first helps.
        List<String> suggestions = unmatched.getSuggestions();
        return suggestions.isEmpty() ? message + "." : message + ". Did you mean '" + suggestions.get(0) + "'?";
    }
}
