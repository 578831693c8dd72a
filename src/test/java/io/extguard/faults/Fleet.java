package io.extguard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.connect.Sleeper;
import io.extguard.discovery.NameFilter;
import io.extguard.run.FleetRun;
import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.config.RunSettings;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.Sql;
import io.extguard.testsupport.Connections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Fleets of tenant databases for the fault tests, and the checks every fault test ends with:
 * each database is at its old versions or at its targets, never in between.
 */
final class Fleet {
    /** The contrib extensions every tenant gets, at versions older than the server's defaults. */
    static final Map<String, String> OLD = Map.of("citext", "1.4", "hstore", "1.4", "pg_trgm", "1.3");
    /** What PostgreSQL 15's contrib ships as default versions. */
    static final Map<String, String> TARGET = Map.of("citext", "1.6", "hstore", "1.8", "pg_trgm", "1.6");

    private static final String VERSIONS = "SELECT extname, extversion FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql'";

    private Fleet() {
    }

    static String[] oldExtensions() {
        return OLD.entrySet().stream()
                .map(e -> "CREATE EXTENSION " + e.getKey() + " VERSION " + Sql.literal(e.getValue()))
                .toArray(String[]::new);
    }

    static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add(String.format("%s_%03d", prefix, i));
        }
        return names;
    }

    /**
     * Creates the databases as copies of a template prepared with {@code sqlInTemplate}; much
     * faster than creating each and running the SQL in it. The template does not allow
     * connections afterwards, so extguard never sees it. The copies inherit its tablespace.
     */
    static void createFromTemplate(PgServer server, List<String> names, String... sqlInTemplate) throws Exception {
        createFromTemplate(server, null, names, sqlInTemplate);
    }

    /** The same, with the databases in the given tablespace (null: the default one). */
    static void createFromTemplate(PgServer server, MemoryTablespace tablespace, List<String> names,
                                   String... sqlInTemplate) throws Exception {
        String template = "faults_template_" + Integer.toHexString(names.hashCode());
        String location = tablespace == null || tablespace.name() == null ? ""
                : " TABLESPACE " + Sql.ident(tablespace.name());
        server.execute(PgServer.ADMIN_DATABASE, "CREATE DATABASE " + Sql.ident(template) + location);
        server.execute(template, sqlInTemplate);
        server.execute(PgServer.ADMIN_DATABASE, "ALTER DATABASE " + Sql.ident(template) + " WITH ALLOW_CONNECTIONS false");
        int threads = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    try (Connection c = server.connect(PgServer.ADMIN_DATABASE); Statement st = c.createStatement()) {
                        for (int i = first; i < names.size(); i += threads) {
                            // FILE_COPY: a checkpoint and a directory copy, several times faster than WAL_LOG here.
                            st.execute("CREATE DATABASE " + Sql.ident(names.get(i)) + " TEMPLATE " + Sql.ident(template)
                                    + " STRATEGY FILE_COPY");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Extension name to version in one database, plpgsql left out. */
    static Map<String, String> versions(PgServer server, String database) throws SQLException {
        Map<String, String> versions = new TreeMap<>();
        try (Connection c = server.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(VERSIONS)) {
            while (rs.next()) {
                versions.put(rs.getString(1), rs.getString(2));
            }
        }
        return versions;
    }

    /**
     * Asserts that every database is exactly at {@code old} or exactly at {@code target}: one
     * transaction per database means no database may be part-way. Returns those still at old.
     */
    static List<String> assertOldOrTarget(PgServer server, List<String> databases, Map<String, String> old,
                                          Map<String, String> target) throws SQLException {
        List<String> stillOld = new ArrayList<>();
        for (String db : databases) {
            Map<String, String> actual = versions(server, db);
            assertThat(actual).as("extension versions in %s: its old versions or its targets, never in between", db)
                    .isIn(new TreeMap<>(old), new TreeMap<>(target));
            if (actual.equals(new TreeMap<>(old)) && !old.equals(target)) {
                stillOld.add(db);
            }
        }
        return stillOld;
    }

    static void assertAllAt(PgServer server, List<String> databases, Map<String, String> target) throws SQLException {
        for (String db : databases) {
            assertThat(versions(server, db)).as("extension versions in %s", db).isEqualTo(new TreeMap<>(target));
        }
    }

    /** Settings as the CLI's defaults make them, with the knobs the fault tests turn. */
    static RunSettings settings(Mode mode, String databaseGlob, Duration wait, int concurrency, Duration lockTimeout,
                                int retries) {
        return RunSettings.builder(mode).serverWait(wait).databases(new NameFilter(List.of(databaseGlob), List.of()))
                .concurrency(concurrency).lockTimeout(lockTimeout).statementTimeout(Duration.ofMinutes(1))
                .retries(retries).build();
    }

    static RunSettings defaults(Mode mode, String databaseGlob) {
        return settings(mode, databaseGlob, Duration.ofSeconds(60), 4, Duration.ofSeconds(5), 3);
    }

    static RunReport run(PgServer server, RunSettings settings, RunListener listener) {
        return run(server, settings, Sleeper.REAL, listener);
    }

    static RunReport run(PgServer server, RunSettings settings, Sleeper sleeper, RunListener listener) {
        return new FleetRun(Connections.settings(server), settings, sleeper, listener).run();
    }

    static RunReport run(PgServer server, RunSettings settings) {
        return run(server, settings, RunListener.NONE);
    }

    /** Backends whose application_name is extguard's, as pg_stat_activity shows them. */
    static int extguardBackends(PgServer server) throws SQLException {
        return Integer.parseInt(server.queryString(PgServer.ADMIN_DATABASE,
                "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE application_name = 'extguard'"));
    }

    /** One line per database for assertion messages. */
    static String describe(RunReport report) {
        StringBuilder out = new StringBuilder("exit " + report.exitCode() + ", " + report.summary());
        report.databases().stream().filter(d -> d.status().isFailure() || d.attempts() > 1)
                .forEach(d -> out.append("\n  ").append(d.database()).append(' ').append(d.status())
                        .append(" attempts=").append(d.attempts()).append(' ').append(d.error())
                        .append(' ').append(d.outcomes()));
        return out.toString();
    }
}
