package io.extguard.it;

import io.extguard.testsupport.NoPathExtension;
import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.connect.Sleeper;
import io.extguard.discovery.NameFilter;
import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.plan.Selection;
import io.extguard.run.FleetRun;
import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.config.RunSettings;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.ServerTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An extension whose new image ships no update script, as pg_repack, hypopg or pgaudit across
 * majors: {@code nopath}, SQL only, 1.4.7 then 1.5.0 with only its install script. In schema
 * {@code ext}; in one database nothing depends on it, in the other a table column has its type.
 */
@ServerTest
class RecreateTest {
    private static final List<String> DATABASES = List.of("free", "used");
    private static final String NO_SCRIPT = "the image has no update script from 1.4.7 to 1.5.0; "
            + "this extension must be dropped and created again";
    private static final String VERSION_AND_SCHEMA = "SELECT e.extversion || ' in ' || n.nspname FROM pg_extension e"
            + " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'nopath'";

    @Test
    void planNamesTheMissingScriptAndRecreateDropsAndCreatesOnlyWhereNothingDependsOnIt() throws Exception {
        try (PgInstall install = PgInstall.create("recreate")) {
            NoPathExtension.install(install, "1.4.7");
            try (PgServer server = PgServer.builder(install).name("recreate").start()) {
                for (String database : DATABASES) {
                    server.createDatabase(database);
                    server.execute(database, "CREATE SCHEMA ext", "CREATE EXTENSION nopath SCHEMA ext",
                            "CREATE EXTENSION hstore VERSION '1.4'");
                }
                server.execute("used", "CREATE TABLE orders (id int PRIMARY KEY, code ext.sku NOT NULL)",
                        "INSERT INTO orders VALUES (1, 'ABC-1')");
                // the new image: 1.5.0's install script only, like pg_repack's packages
                NoPathExtension.replace(install, "1.4.7", "1.5.0");

                RunReport check = run(server, Mode.CHECK, Set.of());
                assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
                assertThat(check.databases()).hasSize(2).allSatisfy(db -> {
                    assertThat(entry(db, "nopath").action()).isEqualTo(Action.ERROR);
                    assertThat(entry(db, "nopath").reason()).startsWith(NO_SCRIPT).contains("--recreate nopath");
                });

                RunReport withoutOptIn = run(server, Mode.PREFLIGHT, Set.of());
                assertThat(withoutOptIn.exitCode()).isEqualTo(1);
                assertThat(server.queryString("free", VERSION_AND_SCHEMA)).isEqualTo("1.4.7 in ext");
                assertThat(withoutOptIn.databases()).hasSize(2).allSatisfy(db ->
                        assertThat(db.changed("hstore")).as("the database's other extensions are still updated").isTrue());

                RunReport preflight = run(server, Mode.PREFLIGHT, Set.of("nopath"));
                assertThat(preflight.exitCode()).as(preflight.toString()).isEqualTo(1);
                DatabaseReport free = report(preflight, "free");
                assertThat(free.status()).as(free.toString()).isEqualTo(DatabaseStatus.UPDATED);
                assertThat(entry(free, "nopath").action()).isEqualTo(Action.RECREATE);
                assertThat(free.changed("nopath")).isTrue();
                assertThat(server.queryString("free", VERSION_AND_SCHEMA)).isEqualTo("1.5.0 in ext");
                assertThat(server.queryString("free", "SELECT ext.nopath_version()")).isEqualTo("1.5.0");

                DatabaseReport used = report(preflight, "used");
                assertThat(used.status()).isEqualTo(DatabaseStatus.FAILED);
                assertThat(entry(used, "nopath").action()).isEqualTo(Action.ERROR);
                assertThat(entry(used, "nopath").reason())
                        .startsWith("--recreate refused: the image has no update script from 1.4.7 to 1.5.0")
                        .contains("column code of table orders");
                assertThat(server.queryString("used", VERSION_AND_SCHEMA)).isEqualTo("1.4.7 in ext");
                assertThat(server.queryString("used", "SELECT code FROM orders")).isEqualTo("ABC-1");

                // once the column is gone, the same option goes through
                server.execute("used", "ALTER TABLE orders ALTER COLUMN code TYPE text");
                RunReport again = run(server, Mode.PREFLIGHT, Set.of("nopath"));
                assertThat(again.exitCode()).as(again.toString()).isZero();
                assertThat(server.queryString("used", VERSION_AND_SCHEMA)).isEqualTo("1.5.0 in ext");
                assertThat(run(server, Mode.CHECK, Set.of("nopath")).exitCode()).isZero();
            }
        }
    }

    private static RunReport run(PgServer server, Mode mode, Set<String> recreate) {
        Selection selection = new Selection(NameFilter.all(), Map.of(), Set.of(), recreate);
        RunSettings settings = RunSettings.builder(mode).serverWait(Duration.ofSeconds(10))
                .databases(new NameFilter(DATABASES, List.of())).selection(selection).concurrency(2).retries(0).build();
        return new FleetRun(Connections.settings(server), settings, Sleeper.REAL, RunListener.NONE).run();
    }

    private static DatabaseReport report(RunReport run, String database) {
        return run.databases().stream().filter(d -> d.database().equals(database)).findFirst().orElseThrow();
    }

    private static PlanEntry entry(DatabaseReport db, String extension) {
        return db.plan().stream().filter(e -> e.extension().equals(extension)).findFirst()
                .orElseThrow(() -> new AssertionError(extension + " not in the plan of " + db));
    }
}
