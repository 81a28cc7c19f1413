package dev.chorus.coordinator;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveRecoveryTest {
    @Test
    void aRotatedReplicaComesBackOnTheNextEngineOfTheList() {
        java.util.List<Engine> rotation = java.util.List.of(Engine.H2, Engine.DERBY, Engine.HSQLDB);
        assertThat(ReactiveRecovery.nextEngine(rotation, Engine.H2)).isEqualTo(Engine.DERBY);
        assertThat(ReactiveRecovery.nextEngine(rotation, Engine.HSQLDB)).isEqualTo(Engine.H2);
        assertThat(ReactiveRecovery.nextEngine(java.util.List.of(Engine.DERBY, Engine.HSQLDB), Engine.H2))
                .as("an engine not in the list starts it").isEqualTo(Engine.DERBY);
        assertThat(ReactiveRecovery.nextEngine(java.util.List.of(), Engine.DERBY)).as("no rotation").isEqualTo(Engine.DERBY);
    }

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
