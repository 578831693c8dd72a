package io.extguard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.testsupport.HostileNames;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.Sql;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server whose tenants chose their names to break tools: databases and schemas named with
 * quotes, backslashes, ';', newlines and other control or invisible characters, unicode, and
 * names of exactly 63 bytes (PostgreSQL's limit), plus an extension whose name and version need
 * quoting too. A database called {@code victim} is what a name-built SQL statement would drop.
 */
final class HostileFleet implements AutoCloseable {
    static final String VICTIM = "victim";

    static final List<String> DATABASES = HostileNames.DATABASES;

    static final String SCHEMA = "we\"ird; \\ schema\n";
    static final String LONG_SCHEMA = "schéma_" + "ß".repeat(27) + "x";
    /** An extension whose name needs quoting: a quote, a space, ';', a newline and unicode. */
    static final String EXTENSION = "we\"ird ext;\n✓";
    static final String OLD_VERSION = "1.0";
    /** A version that needs quoting as a literal. */
    static final String NEW_VERSION = "2.0 'beta'";

    final PgInstall install;
    final PgServer server;

    private HostileFleet(PgInstall install, PgServer server) {
        this.install = install;
        this.server = server;
    }

    /** Every tenant has hstore 1.4 in {@link #SCHEMA} and {@link #EXTENSION} 1.0 in {@link #LONG_SCHEMA}. */
    static HostileFleet create(String name, String... serverConfig) throws SQLException {
        for (String db : DATABASES) {
            assertThat(db.getBytes(StandardCharsets.UTF_8).length).as(db).isLessThanOrEqualTo(63);
        }
        assertThat(LONG_SCHEMA.getBytes(StandardCharsets.UTF_8)).hasSize(63);
        PgInstall install = PgInstall.create(name);
        install.putExtensionFile(EXTENSION + ".control", "default_version = '" + OLD_VERSION + "'\nrelocatable = false\n");
        install.putExtensionFile(EXTENSION + "--" + OLD_VERSION + ".sql",
                "CREATE FUNCTION @extschema@.hostile_v1() RETURNS text LANGUAGE sql AS $$SELECT 'v1'::text$$;\n");
        PgServer server = PgServer.builder(install).name(name).config(serverConfig).start();
        HostileFleet fleet = new HostileFleet(install, server);
        for (String db : all()) {
            server.createDatabase(db);
            server.execute(db,
                    "CREATE SCHEMA " + Sql.ident(SCHEMA),
                    "CREATE SCHEMA " + Sql.ident(LONG_SCHEMA),
                    "CREATE EXTENSION hstore VERSION '1.4' SCHEMA " + Sql.ident(SCHEMA),
                    "CREATE EXTENSION " + Sql.ident(EXTENSION) + " SCHEMA " + Sql.ident(LONG_SCHEMA));
        }
        install.putExtensionFile(EXTENSION + "--" + OLD_VERSION + "--" + NEW_VERSION + ".sql",
                "CREATE FUNCTION @extschema@.hostile_v2() RETURNS text LANGUAGE sql AS $$SELECT 'v2'::text$$;\n"
                        + "CREATE TABLE @extschema@.\"we\"\"ird; table\" (id int);\n");
        install.putExtensionFile(EXTENSION + ".control", "default_version = '" + NEW_VERSION.replace("'", "''")
                + "'\nrelocatable = false\n");
        return fleet;
    }

    /** The hostile tenants and the victim. */
    static List<String> all() {
        List<String> all = new ArrayList<>(DATABASES);
        all.add(VICTIM);
        return all;
    }

    static Map<String, String> oldVersions() {
        return Map.of("hstore", "1.4", EXTENSION, OLD_VERSION);
    }

    static Map<String, String> newVersions() {
        return Map.of("hstore", "1.8", EXTENSION, NEW_VERSION);
    }

    /** Every database is still there, the victim included, and nothing else appeared. */
    void assertAllDatabasesSurvive() throws SQLException {
        List<String> expected = new ArrayList<>(all());
        expected.add(PgServer.ADMIN_DATABASE);
        assertThat(server.databases()).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Each tenant's extensions are where they were installed, in the hostile schemas. */
    void assertUpdatedInPlace() throws SQLException {
        for (String db : all()) {
            assertThat(Fleet.versions(server, db)).as(db).isEqualTo(newVersions());
            assertThat(server.queryString(db, "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
                    + " ON n.oid = e.extnamespace WHERE e.extname = 'hstore'")).isEqualTo(SCHEMA);
            assertThat(server.queryString(db, "SELECT " + Sql.ident(LONG_SCHEMA) + ".hostile_v2()")).isEqualTo("v2");
        }
    }

    @Override
    public void close() {
        server.close();
        install.close();
    }
}
