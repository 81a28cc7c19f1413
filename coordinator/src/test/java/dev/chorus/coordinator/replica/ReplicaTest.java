package dev.chorus.coordinator.replica;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.ReplicaConfig;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaTest {
    @Test
    void aLateFailureOfAConnectionToItsPreviousStartDoesNotTakeDownARevivedReplica() throws SQLException {
        Replica r = h2Replica("replica_test");
        int before = r.generation();
        r.markDown(before, "the server went away");
        assertThat(r.state()).isEqualTo(ReplicaState.DOWN);
        assertThat(r.revive("it answers again")).isTrue();
        assertThat(r.generation()).isNotEqualTo(before);

        // a connection attempt begun before the revival fails late: ignored
        r.markDown(before, "no connection within 10000 ms");
        assertThat(r.state()).isEqualTo(ReplicaState.SUSPECT);
        // a failure of the current start still counts
        r.markDown(r.generation(), "cannot connect");
        assertThat(r.state()).isEqualTo(ReplicaState.DOWN);
        assertThat(r.lastFault()).isEqualTo("cannot connect");
    }

    @Test
    void aLateWrongAnswerOfTheDatabaseStateTransferReplacedDoesNotMakeTheNewOneSuspect() throws SQLException {
        Replica r = h2Replica("replica_test_swap");
        int before = r.generation();
        r.markDown(before, "a statement hangs there");
        Replica.Retired old = r.swapDatabase(new ReplicaConfig("h2", "jdbc:h2:mem:replica_test_swap2;DB_CLOSE_DELAY=-1", "sa", ""),
                "moved to a new database");
        assertThat(r.state()).isEqualTo(ReplicaState.HEALTHY);

        // the hung statement on the old database returns at last, cancelled: ignored
        r.markSuspect(before, "answered error 57014 after the quorum had answered count 1");
        assertThat(r.state()).isEqualTo(ReplicaState.HEALTHY);
        // a wrong answer of the new database counts
        r.markSuspect(r.generation(), "answered 19 rows where the others answered 20");
        assertThat(r.state()).isEqualTo(ReplicaState.SUSPECT);
        assertThat(r.lastFault()).isEqualTo("answered 19 rows where the others answered 20");
        r.release(old, "test over");
        r.close();
    }

    private static Replica h2Replica(String name) throws SQLException {
        ChorusConfig config = ChorusConfig.embedded(name, null, Map.of());
        return new Replica(config, new ReplicaConfig("h2", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", ""), 0);
    }
}
