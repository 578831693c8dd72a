package io.extguard.it;

import io.extguard.testsupport.NoPathExtension;
import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.model.Mode;
import io.extguard.config.RunSettings;
import io.extguard.connect.Sleeper;
import io.extguard.discovery.NameFilter;
import io.extguard.plan.Selection;
import io.extguard.report.SqlScript;
import io.extguard.run.FleetRun;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The psql script of {@code check --recreate} for an extension without an update script (the
 * {@code nopath} extension of {@link RecreateTest}): where nothing depends on it, the script drops
 * and creates it in its own schema, as preflight would; where something does, it is NOT INCLUDED.
 */
@ServerTest
class RecreateScriptTest {
    private static final List<String> DATABASES = List.of("free", "used");
    private static final String VERSION_AND_SCHEMA = "SELECT e.extversion || ' in ' || n.nspname FROM pg_extension e"
            + " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'nopath'";

    @Test
    void theScriptRecreatesOnlyWhereNothingDependsOnTheExtension(@TempDir Path dir) throws Exception {
        try (PgInstall install = PgInstall.create("recreate-script")) {
            NoPathExtension.install(install, "1.4.7");
            try (PgServer server = PgServer.builder(install).name("recreate-script").start()) {
                for (String database : DATABASES) {
                    server.createDatabase(database);
                    server.execute(database, "CREATE SCHEMA ext", "CREATE EXTENSION nopath SCHEMA ext");
                }
                server.execute("used", "CREATE TABLE orders (id int PRIMARY KEY, code ext.sku NOT NULL)");
                NoPathExtension.replace(install, "1.4.7", "1.5.0");

                RunReport check = check(server);
                assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
                String script = SqlScript.render(check);
                assertThat(script).contains("DROP EXTENSION \"nopath\" RESTRICT;\n"
                                + "CREATE EXTENSION \"nopath\" SCHEMA :\"extguard_recreate_nspname\" VERSION '1.5.0';")
                        .contains("-- NOT INCLUDED: nopath 1.4.7 -> 1.5.0: --recreate refused");

                PsqlScripts.Run psql = PsqlScripts.run(server, script, dir);
                assertThat(psql.exitCode()).as(psql.output()).isZero();

                assertThat(server.queryString("free", VERSION_AND_SCHEMA)).isEqualTo("1.5.0 in ext");
                assertThat(server.queryString("used", VERSION_AND_SCHEMA)).isEqualTo("1.4.7 in ext");
                RunReport after = check(server);
                assertThat(after.databases()).filteredOn(d -> d.database().equals("free"))
                        .singleElement().satisfies(d -> assertThat(d.plan()).noneMatch(e -> e.isDrift()));
            }
        }
    }

    private static RunReport check(PgServer server) {
        Selection selection = new Selection(NameFilter.all(), Map.of(), Set.of(), Set.of("nopath"));
        RunSettings settings = RunSettings.builder(Mode.CHECK).serverWait(Duration.ofSeconds(10))
                .databases(new NameFilter(DATABASES, List.of())).selection(selection).concurrency(2).retries(0).build();
        return new FleetRun(Connections.settings(server), settings, Sleeper.REAL, RunListener.NONE).run();
    }
}
