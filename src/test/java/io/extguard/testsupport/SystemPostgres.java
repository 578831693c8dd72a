package io.extguard.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine's PostgreSQL installation, which the fixture only ever reads: it is copied into
 * {@link PgInstall}s and its pg_config drives the build of the fixture extension.
 *
 * <p>Defaults to Debian's PostgreSQL 15; override with
 * {@code -Dextguard.test.pg-config=/path/to/pg_config}.
 */
record SystemPostgres(Path pgConfig, Path binDir, Path pkgLibDir, Path shareDir) {

    static final String PG_CONFIG_PROPERTY = "extguard.test.pg-config";
    private static final String DEFAULT_PG_CONFIG = "/usr/lib/postgresql/15/bin/pg_config";

    private static final class Holder {
        static final SystemPostgres INSTANCE = discover();
    }

    static SystemPostgres get() {
        return Holder.INSTANCE;
    }

    private static SystemPostgres discover() {
        Path pgConfig = Path.of(System.getProperty(PG_CONFIG_PROPERTY, DEFAULT_PG_CONFIG));
        if (!Files.isExecutable(pgConfig)) {
            throw new IllegalStateException("PostgreSQL's pg_config not found at " + pgConfig
                    + "; install PostgreSQL 15 (Debian: postgresql-15, postgresql-server-dev-15) or set -D"
                    + PG_CONFIG_PROPERTY);
        }
        List<Path> dirs = ask(pgConfig, "--bindir", "--pkglibdir", "--sharedir");
        return new SystemPostgres(pgConfig, dirs.get(0), dirs.get(1), dirs.get(2));
    }

    /** Runs pg_config with the given options, one directory per option, in order. */
    static List<Path> ask(Path pgConfig, String... options) {
        List<String> command = new java.util.ArrayList<>(List.of(pgConfig.toString()));
        command.addAll(List.of(options));
        return Processes.run(Path.of("/"), command).lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(Path::of)
                .toList();
    }
}
