package io.extguard.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.testsupport.FakeTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The run's window for a server that refuses connections for now, on fake time. */
class ConnectionWaitTest {
    private final FakeTime time = new FakeTime();
    private final ConnectionWait wait = new ConnectionWait(Duration.ofSeconds(30), time);

    @Test
    void theWindowOpensAtTheFirstRefusalAndClosesAfterItsLength() {
        time.advance(Duration.ofMinutes(5));
        assertThat(wait.mayWait()).isTrue();

        time.advance(Duration.ofSeconds(29));
        assertThat(wait.mayWait()).isTrue();

        time.advance(Duration.ofSeconds(1));
        assertThat(wait.mayWait()).isFalse();
    }

    @Test
    void aSuccessfulConnectionStartsTheNextWindowAfresh() {
        assertThat(wait.mayWait()).isTrue();
        time.advance(Duration.ofSeconds(40));
        assertThat(wait.mayWait()).isFalse();

        wait.connected();
        time.advance(Duration.ofSeconds(1));

        assertThat(wait.mayWait()).isTrue();
        time.advance(Duration.ofSeconds(29));
        assertThat(wait.mayWait()).isTrue();
    }

    @Test
    void noWindowMeansNoWait() {
        assertThat(new ConnectionWait(Duration.ZERO, time).mayWait()).isFalse();
    }
}
