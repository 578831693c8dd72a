package io.extguard.faults;

import io.extguard.cli.CliLauncher;
import io.extguard.testsupport.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.model.DatabaseReport;
import io.extguard.model.DatabaseStatus;
import io.extguard.model.Mode;
import io.extguard.run.RunListener;
import io.extguard.model.RunReport;
import io.extguard.sidecar.DriftWatcher;
import io.extguard.sidecar.HealthState;
import io.extguard.sidecar.SidecarEvents;
import io.extguard.sidecar.SidecarSettings;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.extguard.testsupport.Connections;
import io.quarkus.test.junit.main.LaunchResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An extension's control file becomes unreadable for the server (a broken package upgrade, a
 * wrong volume mount). The error names the file and the reason; nothing is changed; and once the
 * file is readable again the next run (or the sidecar's next check) works.
 */
@ExtendWith(CliLauncher.Resolver.class)
@ServerTest
class UnreadableControlFileTest {
    private static final List<String> TENANTS = Fleet.names("ctl", 6);
    private static final Map<String, String> OLD = Map.of("hstore", "1.4", "pg_trgm", "1.3");
    private static final Map<String, String> TARGET = Map.of("hstore", "1.8", "pg_trgm", "1.6");

    private static PgInstall install;
    private static PgServer server;
    private static Path control;
    private static Set<PosixFilePermission> readable;

    @BeforeAll
    static void fleet() throws Exception {
        install = PgInstall.create("faults-control");
        server = PgServer.builder(install).name("faults-control").start();
        control = install.extensionDir().resolve("hstore.control");
        readable = Files.getPosixFilePermissions(control);
        // ctl_000 sorts first and has only pg_trgm to update; the others have both.
        server.createDatabase("ctl_000");
        server.execute("ctl_000", "CREATE EXTENSION pg_trgm VERSION '1.3'");
        Fleet.createFromTemplate(server, TENANTS, "CREATE EXTENSION hstore VERSION '1.4'",
                "CREATE EXTENSION pg_trgm VERSION '1.3'");
    }

    @AfterAll
    static void stop() {
        server.close();
        install.close();
    }

    @AfterEach
    void makeReadable() throws IOException {
        Files.setPosixFilePermissions(control, readable);
    }

    @Test
    void unreadableBeforeTheCheckFailsWithTheFileNamedAndARetryWorksOnceReadable(CliLauncher launcher)
            throws Exception {
        makeUnreadable();

        LaunchResult check = launcher.launch("check", "--url", Connections.url(server), "--databases", "ctl_*");
        LaunchResult preflight = launcher.launch("preflight", "--url", Connections.url(server), "--databases", "ctl_*");

        for (LaunchResult result : List.of(check, preflight)) {
            assertThat(result.exitCode()).as(Cli.logs(result)).isEqualTo(1);
            assertThat(Cli.logs(result))
                    .contains("could not open extension control file \"" + control + "\": Permission denied [42501]");
        }
        Fleet.assertAllAt(server, TENANTS, OLD);

        makeReadableAgain();
        LaunchResult retriedCheck = launcher.launch("check", "--url", Connections.url(server), "--databases", "ctl_*");
        assertThat(retriedCheck.exitCode()).as(Cli.logs(retriedCheck)).isEqualTo(3);
        assertThat(retriedCheck.getOutput()).containsPattern("ctl_001 +hstore +1\\.4 +1\\.8 +update");
    }

    @Test
    void unreadableWhileACheckRunsFailsTheDatabasesThatNeedItByNameAndChangesNothing() throws Exception {
        AtomicInteger finished = new AtomicInteger();
        // The server's default versions are read at the start of the run; the file goes after the
        // first database, when hstore's update paths have not been read yet.
        RunListener afterFirst = report -> {
            if (finished.incrementAndGet() == 1) {
                makeUnreadable();
            }
        };
        RunReport report = Fleet.run(server, Fleet.settings(Mode.CHECK, "ctl_*", Duration.ofSeconds(10), 1,
                Duration.ofSeconds(5), 3), afterFirst);

        assertThat(report.exitCode()).as(Fleet.describe(report)).isEqualTo(1);
        DatabaseReport first = report.databases().getFirst();
        assertThat(first.database()).isEqualTo("ctl_000");
        assertThat(first.status()).isEqualTo(DatabaseStatus.DRIFTED);
        assertThat(report.databases()).as("databases after the first").hasSizeGreaterThan(1);
        for (DatabaseReport db : report.databases().subList(1, report.databases().size())) {
            assertThat(db.status()).as(db.database()).isEqualTo(DatabaseStatus.FAILED);
            assertThat(db.error()).as(db.database())
                    .contains("could not open extension control file \"" + control + "\": Permission denied [42501]");
            // Not a transient failure: reported at once, not retried.
            assertThat(db.attempts()).isEqualTo(1);
        }

        makeReadableAgain();
        RunReport retried = Fleet.run(server, Fleet.defaults(Mode.CHECK, "ctl_*"));
        assertThat(retried.exitCode()).as(Fleet.describe(retried)).isEqualTo(3);
        assertThat(retried.summary().failed()).isZero();
        assertThat(retried.summary().drifted()).isEqualTo(TENANTS.size() + 1);
        Fleet.assertAllAt(server, TENANTS, OLD);
    }

    @Test
    void theSidecarReportsItAndRecoversOnItsNextCheckOnceReadable() throws Exception {
        DriftWatcher watcher = new DriftWatcher(Connections.settings(server), Fleet.defaults(Mode.CHECK, "ctl_*"),
                new SidecarSettings(null, Duration.ofMinutes(10), false, true), Clock.systemUTC(), SidecarEvents.NONE);
        makeUnreadable();
        assertThat(watcher.tick()).isTrue();
        assertThat(watcher.status().state()).isEqualTo(HealthState.Unhealthy);
        assertThat(watcher.status().message()).contains("hstore.control").contains("Permission denied");

        makeReadableAgain();
        assertThat(watcher.tick()).isTrue();
        assertThat(watcher.status().state()).as(watcher.status().message()).isEqualTo(HealthState.Degraded);
        assertThat(watcher.status().drift()).hasSize(TENANTS.size() * 2 + 1);
        assertThat(watcher.status().problems()).noneMatch(p -> p.contains("Permission denied"));
    }

    private static void makeUnreadable() {
        try {
            Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("---------"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void makeReadableAgain() throws IOException {
        Files.setPosixFilePermissions(control, readable);
    }
}
