package io.extguard.report;

import io.extguard.model.CandidateIdentity;
import io.extguard.apply.AdvisoryLock;
import io.extguard.model.DatabaseReport;
import io.extguard.catalog.CandidateImage;
import io.extguard.model.Problem;
import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.recipe.Recipes;
import io.extguard.model.RunReport;
import java.util.List;

/**
 * The plan as a psql script, for teams that apply changes through reviewed migrations:
 * {@code psql -X -f plan.sql <production connection>}. It is what preflight would do, statement
 * for statement, in the same order, each database in one transaction under the same advisory
 * lock, so a script and a running extguard never update the same database at once. What extguard
 * could not plan is listed as comments and left out; the script then stops nothing, but the
 * check that wrote it exited 1.
 */
public final class SqlScript {
    private static final Recipes RECIPES = Recipes.standard();
    /** The advisory lock extguard's preflight takes per database ({@code apply/DatabaseUpdate}). */
    /** The same lock as preflight's, so a script and an extguard never update one database at once. */
    static final String ADVISORY_LOCK = AdvisoryLock.SQL + ";";

    private SqlScript() {
    }

    public static String render(RunReport report) {
        StringBuilder out = new StringBuilder();
        header(report, out);
        for (DatabaseReport db : report.databases()) {
            database(db, out);
        }
        out.append("\n-- End of the extguard plan.\n");
        return out.toString();
    }

    private static void header(RunReport report, StringBuilder out) {
        out.append("-- extguard ").append(report.command()).append(": the plan as a psql script.\n");
        out.append(comment("Planned for " + report.server() + " at " + report.startedAt() + "."));
        CandidateIdentity candidate = report.candidate();
        if (candidate != null) {
            out.append(comment("Library facts from the candidate image's server " + candidate.server()
                    + " (PostgreSQL " + candidate.serverVersion() + "): run this after the rollout."));
        }
        out.append("-- Run it with: psql -X -f this-file.sql <the same connection as extguard's --url>\n");
        out.append("-- Each database's changes run in one transaction; on any error psql stops, and that database\n");
        out.append("-- is left as it was. Running it again is safe: check tells what is left.\n");
        for (Problem warning : report.warnings()) {
            out.append(comment("WARNING: " + warning.message()));
        }
        long notIncluded = report.databases().stream().flatMap(d -> d.plan().stream())
                .filter(e -> e.action().isProblem()).count();
        if (notIncluded > 0) {
            out.append(comment("WARNING: " + notIncluded + " planned change(s) cannot be made by this script; "
                    + "see the NOT INCLUDED comments."));
        }
        out.append("\\set ON_ERROR_STOP on\n");
    }

    private static void database(DatabaseReport db, StringBuilder out) {
        List<PlanEntry> changes = db.plan().stream().filter(PlanEntry::isDrift).toList();
        List<PlanEntry> errors = db.plan().stream().filter(e -> e.action().isProblem()).toList();
        if (changes.isEmpty() && errors.isEmpty() && db.error() == null) {
            return;
        }
        out.append('\n').append(comment("Database " + db.where()));
        if (db.node() != null) {
            // The script connects through the previous connection's host; a worker needs its own.
            out.append(comment("NOT INCLUDED: this database lives on the cluster's worker " + db.node() + "; run "
                    + "extguard preflight, which visits every worker before the coordinator, or check against the worker"));
            return;
        }
        if (db.error() != null && db.plan().isEmpty()) {
            out.append(comment("NOT INCLUDED: " + db.error()));
            return;
        }
        for (PlanEntry e : errors) {
            out.append(comment("NOT INCLUDED: " + e.extension() + " " + orDash(e.installed()) + " -> "
                    + orDash(e.target()) + ": " + e.reason()));
        }
        if (changes.isEmpty()) {
            return;
        }
        out.append(connect(db.database(), RECIPES.sessionSettings())).append('\n');
        out.append("BEGIN;\n");
        out.append("-- Waits for an extguard preflight working on this database, and keeps it out meanwhile.\n");
        out.append(ADVISORY_LOCK).append('\n');
        List<PlanEntry> ordered = RECIPES.ordered(changes);
        for (PlanEntry e : ordered) {
            out.append(comment(e.extension() + " " + orDash(e.installed()) + " -> " + e.target() + ": " + e.reason()));
            for (String line : RECIPES.script(e, ordered)) {
                out.append(line).append('\n');
            }
        }
        out.append("COMMIT;\n");
    }

    /**
     * {@code \connect} to a database of any name, reusing the host, port and user of the previous
     * connection. Built as PostgreSQL's own appendPsqlMetaConnect (src/fe_utils/string_utils.c)
     * does: a libpq connection string {@code dbname='...'} (appendConnStrVal: ' and \ escaped by
     * \), inside SQL identifier quotes, which psql strips from \connect's arguments (read_connect_arg
     * in src/bin/psql/command.c reads them as OT_SQLIDHACK). appendPsqlMetaConnect refuses names with
     * a newline; here the whole argument is also a psql single-quoted string, in which psql
     * (src/bin/psql/psqlscanslash.l) turns octal escapes such as \012 back into the character, so
     * every name PostgreSQL accepts fits on one line.
     */
    public static String connect(String database, List<String> sessionSettings) {
        String connectionString = "dbname=" + connectionValue(database);
        if (!sessionSettings.isEmpty()) {
            // The settings every extguard session starts with (recipes' session settings, such as
            // TimescaleDB's disable_load), so the script's sessions look like preflight's.
            connectionString += " options=" + connectionValue(String.join(" ", sessionSettings));
        }
        String identifierQuoted = '"' + connectionString.replace("\"", "\"\"") + '"';
        return "\\connect -reuse-previous=on " + psqlQuoted(identifierQuoted);
    }

    /** A value in a libpq connection string (appendConnStrVal): in quotes, ' and \ escaped by \. */
    private static String connectionValue(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A psql meta-command argument in single quotes: ' doubled, \ and control characters escaped. */
    private static String psqlQuoted(String value) {
        StringBuilder out = new StringBuilder("'");
        value.codePoints().forEach(cp -> {
            if (cp == '\'') {
                out.append("''");
            } else if (cp == '\\') {
                out.append("\\\\");
            } else if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format("\\%03o", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('\'').toString();
    }

    /**
     * A one-line SQL comment. Names from the catalog may hold newlines: unescaped, one could end
     * the comment and put a statement of its own choosing into the script.
     */
    static String comment(String text) {
        StringBuilder out = new StringBuilder("-- ");
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.LINE_SEPARATOR
                    || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('\n').toString();
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
