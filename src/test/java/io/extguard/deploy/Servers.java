package io.extguard.deploy;

import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.Sleeper;
import io.extguard.discovery.NameFilter;
import io.extguard.run.FleetRun;
import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.config.RunSettings;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.Cli;
import io.quarkus.test.junit.main.LaunchResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** Helpers shared by the deployment tests: URLs, runs driven as plain Java, tenants. */
final class Servers {
    private Servers() {
    }

    static String hostPort(PgServer server) {
        return server.host() + ":" + server.port();
    }

    static String url(PgServer... servers) {
        return Connections.url(servers);
    }

    static ConnectionSettings connection(String url) {
        return Connections.settings(url);
    }

    static RunSettings settings(Mode mode, String databaseGlob, Duration wait) {
        return RunSettings.builder(mode).serverWait(wait).databases(new NameFilter(List.of(databaseGlob), List.of()))
                .concurrency(2).retries(1).build();
    }

    static RunReport run(String url, Mode mode, String databaseGlob) {
        return new FleetRun(connection(url), settings(mode, databaseGlob, Duration.ofSeconds(2)), Sleeper.REAL,
                RunListener.NONE).run();
    }

    static void createTenants(PgServer server, List<String> names, String... sqlInEach) throws SQLException {
        for (String name : names) {
            server.createDatabase(name);
            server.execute(name, sqlInEach);
        }
    }

    static String version(PgServer server, String database, String extension) throws SQLException {
        return server.queryString(database, "SELECT extversion FROM pg_extension WHERE extname = '" + extension + "'");
    }

    /** A port where nothing listens (closed right after it was found free). */
    static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything a launch printed; the in-JVM launcher captures the log with stdout. */
    static String logs(LaunchResult result) {
        return Cli.logs(result);
    }
}
