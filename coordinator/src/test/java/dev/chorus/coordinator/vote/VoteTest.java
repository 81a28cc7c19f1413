package dev.chorus.coordinator.vote;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VoteTest {
    private final Canonicalizer c = new Canonicalizer(12);

    private Vote.Ballot<String> count(String replica, long n) {
        return new Vote.Ballot<>(replica, c.count(n, null));
    }

    @Test
    void fPlusOneEqualAnswersWinAndTheFirstInOrderSuppliesTheAnswer() {
        Vote<String> v = Vote.count(List.of(count("h2", 2), count("derby", 1), count("hsqldb", 1)), 2);
        assertThat(v.decided()).isTrue();
        assertThat(v.winner().orElseThrow().replica()).isEqualTo("derby");
        assertThat(v.agreeing()).containsExactly("derby", "hsqldb");
        assertThat(v.dissenting()).containsExactly("h2");
    }

    @Test
    void noQuorumWhenAllDiffer() {
        Vote<String> v = Vote.count(List.of(count("a", 1), count("b", 2), count("c", 3)), 2);
        assertThat(v.decided()).isFalse();
        assertThat(v.agreeing()).isEmpty();
    }

    @Test
    void twoGroupsOfQuorumSizeIsATie() {
        Vote<String> v = Vote.count(List.of(count("a", 1), count("b", 1), count("c", 2), count("d", 2)), 2);
        assertThat(v.decided()).isFalse();
    }

    @Test
    void tooFewBallotsCannotDecide() {
        assertThat(Vote.count(List.of(count("a", 1)), 2).decided()).isFalse();
        assertThat(Vote.count(List.<Vote.Ballot<String>>of(), 2).decided()).isFalse();
    }

    @Test
    void f2NeedsThreeOfFive() {
        Vote<String> v = Vote.count(List.of(count("a", 1), count("b", 9), count("c", 1), count("d", 8), count("e", 1)), 3);
        assertThat(v.decided()).isTrue();
        assertThat(v.dissenting()).containsExactly("b", "d");
        assertThat(Vote.count(List.of(count("a", 1), count("b", 9), count("c", 1), count("d", 9), count("e", 7)), 3).decided()).isFalse();
    }
}
