package io.extguard.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extguard.model.ExtguardException;
import io.extguard.testsupport.Connections;
import io.extguard.testsupport.FakeTime;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The wait for a server that is not up, on fake time: a port nothing listens on refuses each
 * attempt at once (a real refusal, not a mocked database), and the whole {@code --wait} schedule
 * runs in milliseconds.
 */
class ServerWaiterTest {

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Connector refusing() throws IOException {
        ConnectionSettings settings = Connections.settings("postgresql://app@127.0.0.1:" + closedPort() + "/postgres");
        return new Connector(settings, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void waitsTheWholeWaitOnTheScheduleThenGivesUp() throws IOException {
        FakeTime time = new FakeTime();
        ServerWaiter waiter = new ServerWaiter(refusing(), time.sleeper(), time);

        assertThatThrownBy(() -> waiter.await(Duration.ofSeconds(20)))
                .isInstanceOf(ExtguardException.class)
                .hasMessageContaining("did not come up within 20s (9 attempts; --wait sets how long)");
        // Doubling from 250 ms to 5 s; the last pause is cut so the last attempt comes at the deadline.
        assertThat(time.pauses()).extracting(Duration::toMillis)
                .containsExactly(250L, 500L, 1_000L, 2_000L, 4_000L, 5_000L, 5_000L, 2_250L);
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void noWaitMeansOneAttempt() throws IOException {
        FakeTime time = new FakeTime();
        ServerWaiter waiter = new ServerWaiter(refusing(), time.sleeper(), time);

        assertThatThrownBy(() -> waiter.await(Duration.ZERO))
                .hasMessageContaining("did not come up within 0ms (1 attempt;");
        assertThat(time.pauses()).isEmpty();
    }
}
