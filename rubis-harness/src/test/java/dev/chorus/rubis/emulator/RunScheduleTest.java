package dev.chorus.rubis.emulator;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Phase boundaries and slowdown factors of a run's time line. */
class RunScheduleTest {
    private static final long S = 1_000_000_000L;

    private static EmulatorConfig config(Duration up, Duration steady, Duration down) {
        return EmulatorConfig.builder(URI.create("http://localhost:1/")).phases(up, steady, down).build();
    }

    @Test
    void phasesAndTheirSlowdownFactors() {
        long t0 = 1_000 * S;
        RunSchedule r = new RunSchedule(t0, config(Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(5)));
        assertThat(r.phaseAt(t0 - 1)).isNull();
        assertThat(r.phaseAt(t0)).isEqualTo(Phase.UP_RAMP);
        assertThat(r.slowdownAt(t0)).as("SPEC 6 default up-ramp slowdown").isEqualTo(2);
        assertThat(r.phaseAt(t0 + 10 * S - 1)).isEqualTo(Phase.UP_RAMP);
        assertThat(r.phaseAt(t0 + 10 * S)).isEqualTo(Phase.STEADY);
        assertThat(r.slowdownAt(t0 + 10 * S)).isEqualTo(1);
        assertThat(r.phaseAt(t0 + 30 * S)).isEqualTo(Phase.DOWN_RAMP);
        assertThat(r.slowdownAt(t0 + 30 * S)).as("SPEC 6 default down-ramp slowdown").isEqualTo(3);
        assertThat(r.phaseAt(t0 + 35 * S - 1)).isEqualTo(Phase.DOWN_RAMP);
        assertThat(r.phaseAt(t0 + 35 * S)).isNull();
        assertThat(r.isOver(t0 + 35 * S)).isTrue();
        assertThat(r.isOver(t0 + 35 * S - 1)).isFalse();
        assertThat(r.secondAt(t0 + 12 * S + 5)).isEqualTo(12);
        assertThat(r.plannedSeconds()).isEqualTo(35);
        for (Phase p : Phase.values()) {
            assertThat(r.actualNanos(p)).isEqualTo(switch (p) {
                case UP_RAMP -> 10 * S;
                case STEADY -> 20 * S;
                case DOWN_RAMP -> 5 * S;
            });
        }
    }

    @Test
    void zeroLengthRampsAreSkipped() {
        long t0 = 5 * S;
        RunSchedule r = new RunSchedule(t0, config(Duration.ZERO, Duration.ofMillis(1500), Duration.ZERO));
        assertThat(r.phaseAt(t0)).isEqualTo(Phase.STEADY);
        assertThat(r.phaseAt(t0 + 1500_000_000L)).isNull();
        assertThat(r.plannedSeconds()).isEqualTo(2);
    }

    @Test
    void stoppingEndsTheRunAndShortensThePhases() {
        long now = System.nanoTime();
        RunSchedule r = new RunSchedule(now - 12 * S, config(Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(10)));
        assertThat(r.isOver()).isFalse();
        r.stop();
        assertThat(r.isOver()).isTrue();
        assertThat(r.phaseAt(System.nanoTime())).isNull();
        assertThat(r.actualNanos(Phase.UP_RAMP)).isEqualTo(10 * S);
        assertThat(r.actualNanos(Phase.STEADY)).isBetween(2 * S, 3 * S);
        assertThat(r.actualNanos(Phase.DOWN_RAMP)).isZero();
    }
}
