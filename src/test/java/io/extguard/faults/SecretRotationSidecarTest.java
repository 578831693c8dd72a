package io.extguard.faults;

import io.extguard.testsupport.ServerTest;
import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.connect.ConnectionSettingsResolver;
import io.extguard.model.Mode;
import io.extguard.sidecar.HealthState;
import io.extguard.sidecar.SidecarRuntime;
import io.extguard.sidecar.SidecarSettings;
import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kubernetes secret rotation under a running sidecar: the role's password changes, then the
 * mounted file is replaced (as the kubelet does, by an atomic swap). The next check uses the
 * new password, without a restart.
 */
@ServerTest
@QuarkusTest
class SecretRotationSidecarTest {
    private static final String OLD = "0ld-Pa55word";
    private static final String NEW = "n3w-Pa55word";

    @Inject
    SidecarRuntime runtime;

    private PgServer server;

    @AfterEach
    void stop() {
        runtime.stop();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRotatedPasswordFileIsReadAtTheNextCheck(@TempDir Path dir) throws Exception {
        server = PgServer.builder(PgInstall.shared()).name("rotation").password(OLD).start();
        List<String> tenants = Fleet.names("rotated", 2);
        Fleet.createFromTemplate(server, tenants);
        Path secret = dir.resolve("password");
        Files.writeString(secret, OLD + "\n");
        String url = "postgresql://postgres@" + server.host() + ":" + server.port() + "/postgres";
        runtime.start(new ConnectionSettingsResolver(Map.of()).resolve(url, secret),
                Fleet.defaults(Mode.CHECK, "rotated_*"), new SidecarSettings(null, Duration.ofMinutes(10), false, true));
        Sidecars.awaitChecked(runtime);
        assertThat(runtime.status().state()).as(runtime.status().message()).isEqualTo(HealthState.Healthy);

        server.execute(PgServer.ADMIN_DATABASE, "ALTER ROLE postgres PASSWORD '" + NEW + "'");
        runtime.checkNow();
        assertThat(runtime.status().state()).as("the old password no longer works").isEqualTo(HealthState.Unhealthy);

        Path next = dir.resolve("password.new");
        Files.writeString(next, NEW + "\n");
        Files.move(next, secret, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        runtime.checkNow();
        assertThat(runtime.status().state()).as(runtime.status().message()).isEqualTo(HealthState.Healthy);
        assertThat(runtime.status().message()).doesNotContain(OLD).doesNotContain(NEW);
    }
}
