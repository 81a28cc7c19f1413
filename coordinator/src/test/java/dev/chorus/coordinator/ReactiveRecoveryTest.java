package dev.chorus.coordinator;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveRecoveryTest {
    @Test
    void attemptsAreSpacedFurtherApartUpToAMaximum() {
        assertThat(ReactiveRecovery.delay(0)).isEqualTo(Duration.ZERO);
        assertThat(ReactiveRecovery.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ReactiveRecovery.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ReactiveRecovery.delay(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(ReactiveRecovery.delay(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(ReactiveRecovery.delay(10)).isEqualTo(ReactiveRecovery.MAX_DELAY);
        assertThat(ReactiveRecovery.delay(1000)).isEqualTo(ReactiveRecovery.MAX_DELAY);
    }
}
