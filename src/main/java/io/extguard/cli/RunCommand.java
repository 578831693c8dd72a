package io.extguard.cli;

import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.connect.Sleeper;
import io.extguard.error.ExitCode;
import io.extguard.error.ExtguardException;
import io.extguard.report.JsonReport;
import io.extguard.report.TextReport;
import io.extguard.report.TransitionLog;
import io.extguard.run.FleetRun;
import io.extguard.run.Mode;
import io.extguard.run.RunReport;
import io.extguard.run.RunSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;
import picocli.CommandLine.Mixin;

/** What {@code preflight} and {@code check} have in common: resolve, run, report, exit. */
abstract class RunCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger("io.extguard");

    @Mixin
    RunOptions options;

    abstract Mode mode();

    @Override
    public Integer call() {
        try {
            ConnectionSettings connection = new ConnectionSettingsResolver(System.getenv())
                    .resolve(options.url, options.passwordFile);
            RunSettings settings = options.toSettings(mode());
            LOG.infof("extguard %s against %s", mode().command(), connection.describe());
            RunReport report = new FleetRun(connection, settings, options.citusSettings(), Sleeper.REAL,
                    new TransitionLog()).run();
            warnIfNothingMatched(report);
            TransitionLog.logSummary(report);
            publish(report);
            return report.exitCode();
        } catch (ExtguardException e) {
            LOG.error(e.getMessage());
            return e.exitCode().code();
        }
    }

    /** A glob with a typo would otherwise pass as "nothing to do". */
    private void warnIfNothingMatched(RunReport report) {
        if (report.databases().isEmpty() && !options.databases.isEmpty()) {
            LOG.warnf("No database matches --databases %s (after --exclude-databases %s); nothing was checked",
                    options.databases, options.excludeDatabases);
        }
    }

    private void publish(RunReport report) {
        PrintStream out = System.out;
        if (options.output == RunOptions.Output.JSON) {
            out.println(JsonReport.render(report));
        } else if (mode() == Mode.CHECK) {
            TextReport.print(report, out);
        }
        out.flush();
        if (options.report != null) {
            writeReportFile(report);
        }
    }

    private void writeReportFile(RunReport report) {
        try {
            Files.writeString(options.report, JsonReport.render(report) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExtguardException(ExitCode.FAILED,
                    "Cannot write the report to " + options.report + ": " + e.getMessage(), e);
        }
    }
}
