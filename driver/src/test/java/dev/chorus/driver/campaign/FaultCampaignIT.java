package dev.chorus.driver.campaign;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault campaign, one round per kind of fault and f (the full campaign for RELIABILITY.md runs more rounds:
 * {@code -Pcampaign}): no wrong answer reaches a client, no acknowledged commit is lost, the faulty replica is
 * detected and repaired (recovery=auto), every replica is HEALTHY and equal at the end; beyond the fault model Chorus
 * refuses to answer rather than answer wrongly.
 */
@Timeout(180)
class FaultCampaignIT {
    private static final FaultCampaign CAMPAIGN = new FaultCampaign(1, 4, Duration.ofSeconds(1));

    /** Every kind at f = 1 and f = 2 (faults on disk and of processes at f = 1); {@code -Dcampaign.kinds=HANG,ERROR} and {@code -Dcampaign.f=1} run only those. */
    static Stream<Arguments> scenarios() {
        return FaultCampaign.selectedFs().stream()
                .flatMap(f -> FaultCampaign.selectedKinds().stream().filter(k -> k.runsAt(f)).map(k -> Arguments.of(k, f)));
    }

    @ParameterizedTest(name = "{0} with f={1}")
    @MethodSource("scenarios")
    void noWrongAnswerNoLostCommitDetectedRepairedEqual(FaultCampaign.Kind kind, int f) throws Exception {
        FaultCampaign.Result r = CAMPAIGN.run(kind, f);
        assertThat(r.wrongAnswers()).as("wrong answers that reached a client: %s", r.clientErrors()).isZero();
        assertThat(r.lost()).as("acknowledged commits missing").isZero();
        assertThat(r.acknowledged()).as("commits acknowledged").isPositive();
        if (kind != FaultCampaign.Kind.BEYOND_F) {
            assertThat(r.clientErrors()).as("errors the clients saw").isEmpty();
        } else {
            assertThat(r.refused()).as("answers refused (ZC001) while f+1 replicas were wrong").isPositive();
        }
        if (kind.mustDetect) {
            assertThat(r.detected()).as("rounds in which the faulty replicas were detected").isEqualTo(r.rounds());
        }
        assertThat(r.repaired()).as("rounds after which every replica was HEALTHY again").isEqualTo(r.rounds());
        assertThat(r.allHealthy()).as("all HEALTHY at the end").isTrue();
        assertThat(r.finalEqual()).as("verify: all equal at the end").isTrue();
    }
}
