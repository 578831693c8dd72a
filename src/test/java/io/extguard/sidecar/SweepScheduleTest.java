package io.extguard.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.testsupport.FakeTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sidecar's full-sweep timer, on fake time: an hour of ticks runs in milliseconds. */
class SweepScheduleTest {
    private static final Duration TICK = Duration.ofMinutes(1);
    private static final Fingerprint SERVER = new Fingerprint("2026-01-01 00:00:00+00", "a1", "d1", 3);

    private final FakeTime time = new FakeTime();
    private final SweepSchedule schedule = new SweepSchedule(Duration.ofMinutes(30));

    @Test
    void theFirstCheckSweeps() {
        assertThat(schedule.due(SERVER, true, time.instant())).isTrue();
    }

    @Test
    void aHealthyFleetUnderTheSameFingerprintIsSweptOncePerInterval() {
        schedule.swept(SERVER, time.instant());
        int sweeps = 0;
        for (int tick = 1; tick <= 60; tick++) {
            time.advance(TICK);
            if (schedule.due(SERVER, true, time.instant())) {
                sweeps++;
                schedule.swept(SERVER, time.instant());
            }
        }

        assertThat(sweeps).isEqualTo(2);
    }

    @Test
    void theIntervalIsCountedFromTheLastSweep() {
        schedule.swept(SERVER, time.instant());

        time.advance(Duration.ofMinutes(29).plusSeconds(59));
        assertThat(schedule.due(SERVER, true, time.instant())).isFalse();
        time.advance(Duration.ofSeconds(1));
        assertThat(schedule.due(SERVER, true, time.instant())).isTrue();
    }

    @Test
    void aChangedFingerprintSweepsAtOnce() {
        schedule.swept(SERVER, time.instant());
        time.advance(TICK);

        Fingerprint restarted = new Fingerprint("2026-01-01 00:01:00+00", "a2", "d1", 3);

        assertThat(schedule.due(restarted, true, time.instant())).isTrue();
    }

    @Test
    void whileSomethingIsWrongEveryCheckSweeps() {
        schedule.swept(SERVER, time.instant());
        time.advance(TICK);

        assertThat(schedule.due(SERVER, false, time.instant())).isTrue();
    }

    @Test
    void afterAFailedReadTheNextCheckSweeps() {
        schedule.swept(SERVER, time.instant());
        schedule.forget();
        time.advance(TICK);

        assertThat(schedule.due(SERVER, true, time.instant())).isTrue();
    }
}
