package io.extguard.cli;

import io.extguard.apply.ActiveProbes;
import io.extguard.citus.CitusSettings;
import io.extguard.config.ConfigSources;
import io.extguard.config.ExtguardConfig;
import io.extguard.config.Key;
import io.extguard.config.Setting;
import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.model.ExtguardException;
import io.extguard.discovery.NameFilter;
import io.extguard.plan.Selection;
import io.extguard.recipe.Recipes;
import io.extguard.model.Mode;
import io.extguard.config.RunSettings;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The options that {@code preflight}, {@code check} and {@code sidecar} share. Each is also a
 * property {@code extguard.<option>} and an environment variable {@code EXTGUARD_<OPTION>}.
 * picocli only collects the text the user typed; {@link ExtguardConfig} reads and checks it, so
 * every value is literal and every error names the option, property or variable as written.
 */
public final class RunOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--url", paramLabel = "URL",
            description = "postgresql:// URI or JDBC URL of the server; what it says beats libpq's PGHOST, PGPORT, PGUSER, "
                    + "PGPASSWORD, PGSSLMODE, PGSSLROOTCERT, PGSSLCERT, PGSSLKEY and PGDATABASE (the maintenance "
                    + "database, default postgres). A password in the URL is visible in ps: prefer --password-file. "
                    + "Every option is also a property extguard.<option> and an environment variable EXTGUARD_<OPTION>.")
    String url;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from this file, e.g. a mounted Kubernetes secret; beats the URL, PGPASSWORD "
                    + "and .pgpass.")
    String passwordFile;

    @Option(names = "--library-from", paramLabel = "URL",
            description = "check only: plan with the extension files of the server at URL, started from the image about "
                    + "to be rolled out, against the versions installed on --url's server; changes nothing on either. "
                    + "Same forms as --url; its password comes from its own URL or --library-password-file, never from "
                    + "--password-file or PGPASSWORD.")
    String libraryFrom;

    @Option(names = "--library-password-file", paramLabel = "FILE",
            description = "Read the password of --library-from's server from this file.")
    String libraryPasswordFile;

    @Option(names = "--preflight-role", paramLabel = "ROLE",
            description = "check only: foresee what ROLE, the role preflight runs as, may update, instead of the "
                    + "connected role; lets a read-only role gate an image for a deployment role.")
    String preflightRole;

    @Option(names = "--wait", paramLabel = "DURATION",
            description = "How long to wait for the server to accept connections (0s to 1d). Default: ${DEFAULT-VALUE}.")
    String wait;

    @Option(names = "--databases", paramLabel = "GLOB",
            description = "Only databases matching these comma-separated globs (* and ?; _ is literal). "
                    + "Default: all that allow connections.")
    List<String> databases;

    @Option(names = "--exclude-databases", paramLabel = "GLOB", description = "Skip databases matching these globs.")
    List<String> excludeDatabases;

    @Option(names = "--extensions", paramLabel = "GLOB",
            description = "Only these extensions. Default: every installed extension.")
    List<String> extensions;

    @Option(names = "--exclude-extensions", paramLabel = "GLOB", description = "Leave these extensions alone.")
    List<String> excludeExtensions;

    @Option(names = "--pin", paramLabel = "EXTENSION=VERSION",
            description = "Take EXTENSION to VERSION instead of the library's default (property extguard.pin.<extension>). "
                    + "The extension must be one the server offers.")
    List<String> pins;

    @Option(names = "--ensure", paramLabel = "EXTENSION",
            description = "Create EXTENSION where it is missing, at its pinned version if one is set.")
    List<String> ensure;

    @Option(names = "--recreate", paramLabel = "EXTENSION",
            description = "Where the image has no update script for EXTENSION, drop it and create it again at the target, "
                    + "in the same schema and the database's transaction; only where nothing outside the extension "
                    + "depends on it (never CASCADE). Its configuration tables' rows are lost.")
    List<String> recreate;

    @Option(names = "--citus", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Where a database's server is its Citus coordinator, also visit every worker in pg_dist_node "
                    + "(property extguard.citus.enabled). Default: ${DEFAULT-VALUE}.")
    String citus;

    @Option(names = "--citus-node-address", paramLabel = "NODE=HOST:PORT",
            description = "Reach the Citus node that pg_dist_node calls NODE (or NODE:PORT) at HOST:PORT "
                    + "(property extguard.citus.node-address.<node>).")
    List<String> citusNodeAddresses;

    @Option(names = "--citus-node-url", paramLabel = "NODE=URL",
            description = "Connect to the Citus node NODE with this postgresql:// URI instead of the coordinator's "
                    + "user and TLS settings (property extguard.citus.node-url.<node>).")
    List<String> citusNodeUrls;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Databases visited at once, one connection each (1 to 256). Default: ${DEFAULT-VALUE}.")
    String concurrency;

    @Option(names = "--statement-timeout", paramLabel = "DURATION",
            description = "statement_timeout for each update and probe. Default: ${DEFAULT-VALUE}.")
    String statementTimeout;

    @Option(names = "--retries", paramLabel = "N",
            description = "Retries of a database after a transient failure (lock timeout, lost connection; 0 to 100). "
                    + "Default: ${DEFAULT-VALUE}.")
    String retries;

    @Option(names = "--on-failure", paramLabel = "fail|warn",
            description = "warn: log failures but exit 0 (the dev profile's default). Default: ${DEFAULT-VALUE}.")
    String onFailure;

    @Option(names = "--output", paramLabel = "text|json|sql",
            description = "text: a table (check) or log lines; json: the whole report on stdout; sql (check only): the "
                    + "plan as a psql script. Default: ${DEFAULT-VALUE}.")
    String output;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write the whole JSON report to FILE; checked before anything changes, replaced by every run.")
    String report;

    /** The configuration of this invocation: what was typed, over the environment and properties. */
    ExtguardConfig config() {
        return new ExtguardConfig(typed(command.commandLine().getParseResult()), ConfigSources.current(System.getenv()));
    }

    /** The options given on the command line, as typed; a repeated list option adds to the list. */
    static Map<Key, Setting> typed(ParseResult parsed) {
        Map<Key, Setting> given = new EnumMap<>(Key.class);
        for (Key key : Key.values()) {
            key.option().filter(parsed::hasMatchedOption).ifPresent(option -> {
                List<String> values = parsed.matchedOption(option).stringValues();
                String value = values.isEmpty() ? "true" : String.join(",", values);
                given.put(key, new Setting(key, null, value, option));
            });
        }
        return given;
    }

    /**
     * The Citus node mappings, checked here, before any work: a malformed one would otherwise
     * surface only when a worker is reached, inside a worker thread.
     */
    static CitusSettings citusSettings(ExtguardConfig config) {
        config.citusNodeAddresses().forEach((node, address) -> {
            if (!NODE_ADDRESS.matcher(address).matches() || !portInRange(address)) {
                throw ExtguardException.usage("The address '" + address + "' for Citus node " + node + " ("
                        + config.sources(Key.CITUS_NODE_ADDRESS).get(node) + ") is not HOST or HOST:PORT with a port "
                        + "from 1 to 65535.");
            }
        });
        config.citusNodeUrls().forEach((node, url) -> {
            try {
                new ConnectionSettingsResolver(Map.of()).resolve(url, null);
            } catch (ExtguardException e) {
                throw ExtguardException.usage("The URL for Citus node " + node + " ("
                        + config.sources(Key.CITUS_NODE_URL).get(node) + ") is not usable: " + e.getMessage());
            }
        });
        return new CitusSettings(config.citusEnabled(), config.citusNodeAddresses(), config.citusNodeUrls());
    }

    /**
     * The candidate image's server for {@code check --library-from}, or null. Resolved like --url
     * but without PGPASSWORD, so the production password is never sent to the candidate.
     */
    static ConnectionSettings candidate(ExtguardConfig config, Mode mode) {
        if (config.libraryFrom().isEmpty()) {
            if (config.libraryPasswordFile().isPresent()) {
                throw ExtguardException.usage(config.setting(Key.LIBRARY_PASSWORD_FILE).source()
                        + " is the password of --library-from's server, and no --library-from is given.");
            }
            return null;
        }
        if (mode != Mode.CHECK) {
            throw ExtguardException.usage(config.setting(Key.LIBRARY_FROM).source() + " is for check only: "
                    + mode.command() + " works with the libraries of the server it runs against. Run "
                    + "extguard check --library-from before the rollout, and preflight after it.");
        }
        Map<String, String> environment = new java.util.HashMap<>(System.getenv());
        environment.remove("PGPASSWORD");
        return new ConnectionSettingsResolver(environment)
                .resolve(config.libraryFrom().get(), config.libraryPasswordFile().orElse(null));
    }

    /** The role whose privileges check foresees instead of the connected role's; check only. */
    static String preflightRole(ExtguardConfig config, Mode mode) {
        if (config.preflightRole().isPresent() && mode != Mode.CHECK) {
            throw ExtguardException.usage(config.setting(Key.PREFLIGHT_ROLE).source() + " is for check only: "
                    + mode.command() + " runs as the role it connects as.");
        }
        return config.preflightRole().orElse(null);
    }

    /** {@code --output sql} writes check's plan; other commands have no plan to write. */
    static void requireOutputFor(ExtguardConfig config, String command) {
        if (config.output() == ExtguardConfig.Output.SQL) {
            throw ExtguardException.usage(config.setting(Key.OUTPUT).source() + "=sql is for check only: it writes "
                    + "the plan as a psql script; " + command + " has no plan to write.");
        }
    }

    private static final Pattern NODE_ADDRESS = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^\\s:\\[\\]/]+)(:[0-9]{1,5})?");

    private static boolean portInRange(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0 || address.endsWith("]")) {
            return true;
        }
        int port = Integer.parseInt(address.substring(colon + 1));
        return port >= 1 && port <= 65535;
    }

    static RunSettings toSettings(ExtguardConfig config, Mode mode) {
        Selection selection = new Selection(new NameFilter(config.extensions(), config.excludeExtensions()),
                config.pins(), new LinkedHashSet<>(config.ensure()), new LinkedHashSet<>(config.recreate()));
        return RunSettings.builder(mode).serverWait(config.serverWait())
                .databases(new NameFilter(config.databases(), config.excludeDatabases())).selection(selection)
                .concurrency(config.concurrency()).lockTimeout(config.lockTimeout())
                .statementTimeout(config.statementTimeout()).retries(config.retries()).onFailure(config.onFailure())
                .probes(new ActiveProbes(probes(config))).build();
    }

    /** The built-in active probes, overridden or extended by {@code extguard.probe.<extension>=<SQL>}. */
    static Map<String, String> probes(ExtguardConfig config) {
        Map<String, String> probes = new TreeMap<>(Recipes.standard().probes());
        probes.putAll(config.probes());
        return probes;
    }
}
