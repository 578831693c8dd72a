package io.extguard.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extguard.connect.ConnectionSettings;
import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.connect.Sleeper;
import io.extguard.discovery.NameFilter;
import io.extguard.model.ExtguardException;
import io.extguard.run.FleetRun;
import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.config.RunSettings;
import io.extguard.sidecar.DriftWatcher;
import io.extguard.sidecar.Fingerprint;
import io.extguard.sidecar.HealthState;
import io.extguard.sidecar.SidecarEvents;
import io.extguard.sidecar.SidecarSettings;
import io.extguard.testsupport.ImageVolume;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.PgVersions;
import io.extguard.testsupport.ServerTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PostgreSQL 14, 16, 17 and 18 (Debian's 15 runs everywhere else): each version runs the core
 * scenario (contrib drift: check 3, preflight 0, check 0), the sidecar's fingerprint query, and a
 * streaming standby of its own. On 18, an extension shipped as an image volume through
 * extension_control_path and dynamic_library_path. One server per version, shared by its steps.
 */
@ServerTest
class VersionMatrixTest {

    static Stream<String> versions() {
        return PgVersions.MATRIX.stream();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void coreScenarioFingerprintAndStandby(String version) throws Exception {
        PgInstall install = PgVersions.install(version);
        try (PgServer primary = PgServer.builder(install).name("pg" + version).start()) {
            assertThat(primary.queryString(PgServer.ADMIN_DATABASE, "SELECT current_setting('server_version_num')"))
                    .startsWith(String.valueOf(PgVersions.major(version)));
            for (String tenant : List.of("v_1", "v_2", "v_3")) {
                primary.createDatabase(tenant);
                primary.execute(tenant, "CREATE EXTENSION hstore VERSION '1.4'", "CREATE EXTENSION pg_trgm VERSION '1.3'");
            }
            String url = url(primary);

            RunReport before = run(url, Mode.CHECK, "v_*");
            RunReport preflight = run(url, Mode.PREFLIGHT, "v_*");
            RunReport after = run(url, Mode.CHECK, "v_*");

            assertThat(before.exitCode()).as(before.toString()).isEqualTo(3);
            assertThat(before.summary().driftedExtensions()).isEqualTo(6);
            assertThat(preflight.exitCode()).as(preflight.toString()).isZero();
            assertThat(preflight.summary().extensionsChanged()).isEqualTo(6);
            assertThat(after.exitCode()).isZero();
            assertThat(primary.queryString("v_1", "SELECT extversion FROM pg_extension WHERE extname = 'hstore'"))
                    .isEqualTo(primary.queryString("v_1", "SELECT default_version FROM pg_available_extensions"
                            + " WHERE name = 'hstore'"));

            Fingerprint fingerprint = fingerprint(primary);
            assertThat(fingerprint.databases()).isGreaterThanOrEqualTo(5);
            assertThat(fingerprint.defaultVersionsDigest()).hasSize(32);

            try (PgServer standby = PgServer.builder(install).name("pg" + version + "-standby").standbyOf(primary).start()) {
                standby.awaitReplayed();
                RunReport onStandby = run(url(standby), Mode.CHECK, "v_*");

                assertThat(onStandby.standby()).isTrue();
                assertThat(onStandby.exitCode()).isZero();
                assertThat(fingerprint(standby).defaultVersionsDigest()).isEqualTo(fingerprint.defaultVersionsDigest());
                assertThatThrownBy(() -> run(url(standby), Mode.PREFLIGHT, "v_*"))
                        .isInstanceOf(ExtguardException.class)
                        .hasMessageContaining("is a hot standby (read-only): run preflight against the primary");
            }
        }
    }

    /**
     * CloudNativePG's image volumes on PostgreSQL 18: the extension's files live in their own
     * directory; replacing its contents is the image change, which the sidecar's fingerprint, check
     * and preflight all notice.
     */
    @Test
    void anExtensionImageVolumeReplacedWithANewerVersionOnPostgres18() throws Exception {
        PgInstall install = PgVersions.install("18.1.0");
        ImageVolume volume = ImageVolume.create("imgext-volume");
        volume.replace(image("1.0"), library(install));
        try (PgServer server = PgServer.builder(install).name("pg18-volume").config(volume.serverConfig()).start()) {
            server.createDatabase("vol_app");
            server.execute("vol_app", "CREATE EXTENSION imgext");
            assertThat(server.queryString("vol_app", "SELECT imgext_limit()")).isEqualTo("0.3");
            DriftWatcher sidecar = new DriftWatcher(connection(url(server)),
                    settings(Mode.CHECK, "vol_*", Duration.ZERO),
                    new SidecarSettings(null, Duration.ofHours(1), false, true), Clock.systemUTC(), SidecarEvents.NONE);
            sidecar.checkNow();
            assertThat(sidecar.status().state()).isEqualTo(HealthState.Healthy);
            Fingerprint before = fingerprint(server);

            volume.replace(image("1.1"), library(install));

            assertThat(fingerprint(server)).isNotEqualTo(before);
            sidecar.checkNow();
            assertThat(sidecar.status().state()).isEqualTo(HealthState.Degraded);
            assertThat(sidecar.status().message()).contains("vol_app (imgext 1.0 expected 1.1)");
            assertThat(run(url(server), Mode.CHECK, "vol_*").exitCode()).isEqualTo(3);
            assertThat(run(url(server), Mode.PREFLIGHT, "vol_*").exitCode()).isZero();
            assertThat(run(url(server), Mode.CHECK, "vol_*").exitCode()).isZero();
            assertThat(server.queryString("vol_app", "SELECT imgext_version()")).isEqualTo("1.1");
            assertThat(server.queryString("vol_app", "SELECT imgext_limit()")).isEqualTo("0.3");
        }
    }

    /** The extension image: SQL and control files; version 1.1 adds an update script and a function. */
    private static Map<String, String> image(String version) {
        String control = "comment = 'an extension shipped as an image volume'\n"
                + "default_version = '" + version + "'\n"
                // No $libdir: the library is found through dynamic_library_path, in the volume.
                + "module_pathname = 'imgext'\nrelocatable = true\n";
        String base = "CREATE FUNCTION imgext_limit() RETURNS float4 AS 'MODULE_PATHNAME', 'show_limit'"
                + " LANGUAGE C STRICT;\n";
        String added = "CREATE FUNCTION imgext_version() RETURNS text AS $$ SELECT '1.1'::text $$ LANGUAGE sql;\n";
        return version.equals("1.0")
                ? Map.of("imgext.control", control, "imgext--1.0.sql", base)
                : Map.of("imgext.control", control, "imgext--1.0.sql", base, "imgext--1.0--1.1.sql", added,
                        "imgext--1.1.sql", base + added);
    }

    /** A real PostgreSQL 18 library for the volume: pg_trgm's, which has show_limit(). */
    private static Map<String, Path> library(PgInstall install) {
        return Map.of("imgext.so", install.libDir().resolve("pg_trgm.so"));
    }

    private static Fingerprint fingerprint(PgServer server) throws SQLException {
        try (Connection connection = server.connect(PgServer.ADMIN_DATABASE)) {
            return Fingerprint.read(connection);
        }
    }

    private static String url(PgServer server) {
        return "postgresql://postgres@" + server.host() + ":" + server.port() + "/postgres";
    }

    private static ConnectionSettings connection(String url) {
        return new ConnectionSettingsResolver(Map.of()).resolve(url, null);
    }

    private static RunSettings settings(Mode mode, String glob, Duration wait) {
        return RunSettings.builder(mode).serverWait(wait).databases(new NameFilter(List.of(glob), List.of())).concurrency(2)
                .retries(1).build();
    }

    private static RunReport run(String url, Mode mode, String glob) {
        return new FleetRun(connection(url), settings(mode, glob, Duration.ofSeconds(5)), Sleeper.REAL,
                RunListener.NONE).run();
    }
}
