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
        ChorusConfig config = ChorusConfig.embedded("replica_test", null, Map.of());
        Replica r = new Replica(config, new ReplicaConfig("h2", "jdbc:h2:mem:replica_test;DB_CLOSE_DELAY=-1", "sa", ""), 0);
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
}
