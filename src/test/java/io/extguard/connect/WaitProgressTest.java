package io.extguard.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaitProgressTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final String SERVER = "postgres@db:5432/postgres";
    private static final String REFUSED = "Connection refused [08001]";

    /** ServerWaiter's schedule: 250 ms doubling to 5 s. */
    private static List<Duration> attemptTimes(Duration wait) {
        List<Duration> times = new ArrayList<>();
        Duration at = Duration.ZERO;
        Duration pause = Duration.ofMillis(250);
        while (at.compareTo(wait) < 0) {
            times.add(at);
            at = at.plus(pause);
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : pause.multipliedBy(2);
        }
        return times;
    }

    private static List<String> lines(Duration wait) {
        WaitProgress progress = new WaitProgress(START, wait);
        List<Duration> times = attemptTimes(wait);
        assertThat(times).isNotEmpty();
        List<String> lines = new ArrayList<>();
        for (Duration t : times) {
            progress.failed(START.plus(t), SERVER, REFUSED).ifPresent(lines::add);
        }
        return lines;
    }

    @Test
    void aMinuteOfRefusalsGivesTheFirstAttemptThenOneLineEveryTenSeconds() {
        List<String> lines = lines(Duration.ofSeconds(60));

        // 16 attempts over 60 s; the first line, then one at 10, 20, 30, 40 and 50 s at most.
        assertThat(lines).hasSizeBetween(5, 6);
        assertThat(lines.get(0)).isEqualTo("Server " + SERVER + " is not up yet (" + REFUSED
                + "); waiting up to 60s for it (--wait)");
        assertThat(lines.subList(1, lines.size())).allSatisfy(line -> assertThat(line)
                .startsWith("Server " + SERVER + " is still not up after ")
                .contains(REFUSED).contains("giving up in").endsWith("(--wait 60s)"));
    }

    @Test
    void laterLinesSayHowLongItWaitedAndHowLongIsLeft() {
        WaitProgress progress = new WaitProgress(START, Duration.ofSeconds(60));
        progress.failed(START, SERVER, REFUSED);

        Optional<String> tooSoon = progress.failed(START.plusSeconds(9), SERVER, REFUSED);
        Optional<String> tenSeconds = progress.failed(START.plusSeconds(10), SERVER, REFUSED);

        assertThat(tooSoon).isEmpty();
        assertThat(tenSeconds).hasValue("Server " + SERVER + " is still not up after 10s (" + REFUSED
                + "); giving up in 50s (--wait 60s)");
    }

    @Test
    void aShortWaitLogsOnlyTheFirstAttempt() {
        assertThat(lines(Duration.ofSeconds(3))).hasSize(1);
    }
}
