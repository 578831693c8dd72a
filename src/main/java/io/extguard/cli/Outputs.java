package io.extguard.cli;

import io.extguard.config.ExtguardConfig;
import io.extguard.config.ExtguardConfig.Output;
import io.extguard.model.ExtguardException;
import io.extguard.model.ProblemCode;
import io.extguard.report.JsonReport;
import io.extguard.report.ReportFile;
import io.extguard.report.SqlScript;
import io.extguard.report.TextReport;
import io.extguard.model.Mode;
import io.extguard.model.RunReport;
import java.io.PrintStream;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Where a run's report goes: stdout as text or JSON, and the {@code --report} file. Read before
 * anything else, and leniently, so that even a run stopped by a configuration mistake still
 * prints its JSON error and replaces the report file.
 */
final class Outputs {
    private static final Logger LOG = Logger.getLogger(Outputs.class);

    private final Output output;
    private final Optional<ReportFile> file;

    private Outputs(Output output, Optional<ReportFile> file) {
        this.output = output;
        this.file = file;
    }

    /** The outputs as configured, or the defaults where those settings are themselves wrong. */
    static Outputs bestEffort(ExtguardConfig config) {
        Output output;
        try {
            output = config.output();
        } catch (ExtguardException e) {
            output = Output.TEXT;
        }
        Optional<ReportFile> file;
        try {
            file = config.report().map(ReportFile::new);
        } catch (ExtguardException e) {
            file = Optional.empty();
        }
        return new Outputs(output, file);
    }

    /** Progress lines only on a terminal reading the text output: never in JSON, a script, a file or a pipe. */
    boolean showsProgress(boolean stdoutIsTerminal) {
        return output == Output.TEXT && stdoutIsTerminal;
    }

    void requireWritable() {
        file.ifPresent(ReportFile::requireWritable);
    }

    void publish(RunReport report, Mode mode) {
        PrintStream out = System.out;
        if (output == Output.JSON) {
            out.println(JsonReport.render(report));
        } else if (output == Output.SQL) {
            if (report.error() == null) {
                out.print(SqlScript.render(report));
            }
        } else if (mode == Mode.CHECK && report.error() == null) {
            TextReport.print(report, out);
        }
        out.flush();
        file.ifPresent(f -> f.write(report));
    }

    /** The report of a run that stopped early; its own failure to write is logged, not thrown over the first. */
    void publishFailure(RunReport report) {
        if (output == Output.JSON) {
            System.out.println(JsonReport.render(report));
            System.out.flush();
        }
        if (report.error() != null && report.error().code() == ProblemCode.REPORT_UNWRITABLE) {
            return;
        }
        file.ifPresent(f -> {
            try {
                f.write(report);
            } catch (ExtguardException e) {
                LOG.error(e.getMessage());
            }
        });
    }

}
