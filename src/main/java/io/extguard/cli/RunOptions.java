package io.extguard.cli;

import io.extguard.apply.ActiveProbes;
import io.extguard.citus.CitusSettings;
import io.extguard.discovery.NameFilter;
import io.extguard.error.ExtguardException;
import io.extguard.plan.Selection;
import io.extguard.run.Mode;
import io.extguard.run.OnFailure;
import io.extguard.run.RunSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that {@code preflight} and {@code check} share. Each has a property
 * {@code extguard.<option>} and an environment variable {@code EXTGUARD_<OPTION>}; defaults live
 * in {@code application.properties}.
 */
public final class RunOptions {
    public enum Output { TEXT, JSON }

    @Option(names = "--url", paramLabel = "URL",
            description = "postgresql:// URI or JDBC URL of the server; what it says beats libpq's PGHOST, PGPORT, PGUSER, "
                    + "PGPASSWORD, PGSSLMODE, PGSSLROOTCERT, PGSSLCERT, PGSSLKEY and PGDATABASE (the maintenance "
                    + "database, default postgres). Every option is also a property extguard.<option> and an "
                    + "environment variable EXTGUARD_<OPTION>.")
    String url;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from this file, e.g. a mounted Kubernetes secret; beats the URL and PGPASSWORD.")
    Path passwordFile;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for the server to accept connections. Default: ${DEFAULT-VALUE}.")
    Duration wait;

    @Option(names = "--databases", split = ",", paramLabel = "GLOB",
            description = "Only databases matching these globs (* and ?; _ is literal). Default: all that allow connections.")
    List<String> databases = List.of();

    @Option(names = "--exclude-databases", split = ",", paramLabel = "GLOB",
            description = "Skip databases matching these globs.")
    List<String> excludeDatabases = List.of();

    @Option(names = "--extensions", split = ",", paramLabel = "GLOB",
            description = "Only these extensions. Default: every installed extension.")
    List<String> extensions = List.of();

    @Option(names = "--exclude-extensions", split = ",", paramLabel = "GLOB",
            description = "Leave these extensions alone.")
    List<String> excludeExtensions = List.of();

    @Option(names = "--pin", split = ",", paramLabel = "EXTENSION=VERSION",
            description = "Take EXTENSION to VERSION instead of the library's default (property extguard.pin.<extension>).")
    Map<String, String> pins = new LinkedHashMap<>();

    @Option(names = "--ensure", split = ",", paramLabel = "EXTENSION",
            description = "Create EXTENSION where it is missing, at its pinned version if one is set.")
    List<String> ensure = List.of();

    @Option(names = "--recreate", split = ",", paramLabel = "EXTENSION",
            description = "Where the image has no update script for EXTENSION, drop it and create it again at the target, "
                    + "in the same schema and the database's transaction; only where nothing outside the extension "
                    + "depends on it (never CASCADE). Its configuration tables' rows are lost.")
    List<String> recreate = List.of();

    @Option(names = "--citus", descriptionKey = "citus.enabled", paramLabel = "true|false", arity = "0..1",
            fallbackValue = "true",
            description = "Where a database's server is its Citus coordinator, also visit every worker in pg_dist_node "
                    + "(property extguard.citus.enabled). Default: ${DEFAULT-VALUE}.")
    boolean citus;

    @Option(names = "--citus-node-address", descriptionKey = "citus.node-address", split = ",",
            paramLabel = "NODE=HOST:PORT",
            description = "Reach the Citus node that pg_dist_node calls NODE (or NODE:PORT) at HOST:PORT "
                    + "(property extguard.citus.node-address.<node>).")
    Map<String, String> citusNodeAddresses = new LinkedHashMap<>();

    @Option(names = "--citus-node-url", descriptionKey = "citus.node-url", split = ",", paramLabel = "NODE=URL",
            description = "Connect to the Citus node NODE with this postgresql:// URI instead of the coordinator's "
                    + "user and TLS settings (property extguard.citus.node-url.<node>).")
    Map<String, String> citusNodeUrls = new LinkedHashMap<>();

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Databases visited at once, one connection each. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "lock_timeout for each update. Default: ${DEFAULT-VALUE}.")
    Duration lockTimeout;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "statement_timeout for each update. Default: ${DEFAULT-VALUE}.")
    Duration statementTimeout;

    @Option(names = "--retries", paramLabel = "N",
            description = "Retries of a database after a transient failure (lock timeout, lost connection). Default: ${DEFAULT-VALUE}.")
    int retries;

    @Option(names = "--on-failure", paramLabel = "fail|warn",
            description = "warn: log failures but exit 0 (the dev profile's default). Default: ${DEFAULT-VALUE}.")
    OnFailure onFailure;

    @Option(names = "--output", paramLabel = "text|json",
            description = "text: a table (check) or log lines; json: the whole report on stdout. Default: ${DEFAULT-VALUE}.")
    Output output;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write the whole JSON report to FILE.")
    Path report;

    CitusSettings citusSettings() {
        return new CitusSettings(citus, citusNodeAddresses, citusNodeUrls);
    }

    RunSettings toSettings(Mode mode) {
        requirePositive("--concurrency", concurrency);
        if (retries < 0) {
            throw ExtguardException.usage("--retries must be 0 or more, not " + retries + ".");
        }
        Selection selection = new Selection(new NameFilter(extensions, excludeExtensions), pins,
                new LinkedHashSet<>(ensure), new LinkedHashSet<>(recreate));
        return new RunSettings(mode, wait, new NameFilter(databases, excludeDatabases), selection, concurrency,
                lockTimeout, statementTimeout, retries, onFailure, new ActiveProbes(ConfigDefaults.probes()));
    }

    private static void requirePositive(String option, int value) {
        if (value < 1) {
            throw ExtguardException.usage(option + " must be at least 1, not " + value + ".");
        }
    }
}
