package io.extguard.cli;

import io.extguard.model.Problem;
import io.extguard.model.ProblemCode;
import io.extguard.report.JsonReport;
import io.extguard.model.Mode;
import io.extguard.model.RunReport;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON report of a command line picocli could not parse. A script that asked for
 * {@code --output json} reads stdout as JSON whatever happens, so even a mistyped option gets a
 * document with {@code error.code = USAGE} there.
 */
final class UsageReport {
    private UsageReport() {
    }

    static void printIfJsonWasAsked(String command, String[] args, String message) {
        if (!asksForJson(Arrays.asList(args))) {
            return;
        }
        Mode mode = command.equals("preflight") ? Mode.PREFLIGHT : Mode.CHECK;
        RunReport report = RunReport.failed(mode, null, Instant.now().toString(), 0,
                new Problem(ProblemCode.USAGE, message));
        System.out.println(JsonReport.render(report));
        System.out.flush();
    }

    static boolean asksForJson(List<String> args) {
        int i = args.indexOf("--output");
        return args.contains("--output=json") || (i >= 0 && i + 1 < args.size() && args.get(i + 1).equals("json"));
    }
}
