package dev.chorus.coordinator.lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class ConflictOrderTest {
    private final List<Long> forgotten = new ArrayList<>();
    private final ConflictOrder order = new ConflictOrder(3, tx -> {
        synchronized (forgotten) {
            forgotten.add(tx);
        }
    });

    @Test
    void aStatementWaitsOnOneReplicaOnlyForWhatItsPredecessorsHaveNotFinishedThere() throws Exception {
        order.begin(1);
        order.begin(2);
        order.released(1);
        order.finished(1, 0);
        order.finished(1, 1);
        // replica 2 has not finished transaction 1 yet
        assertThat(order.await(Set.of(1L), 0, () -> true)).isTrue();
        assertThat(order.await(Set.of(1L), 1, () -> true)).isTrue();
        CompletableFuture<Boolean> onLagging = CompletableFuture.supplyAsync(() -> {
            try {
                return order.await(Set.of(1L), 2, () -> true);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(150);
        assertThat(onLagging).as("transaction 2 waits for 1 on the lagging replica").isNotDone();
        assertThat(order.finishedOn(1, 2)).isFalse();
        order.finished(1, 2);
        assertThat(onLagging.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(forgotten).containsExactly(1L);
        assertThat(order.openTransactions()).isEqualTo(1);
    }

    @Test
    void aTransactionIsForgottenOnlyOnceEveryReplicaFinishedItAndItsLocksWereReleased() {
        order.begin(7);
        order.finished(7, 0);
        order.finished(7, 1);
        order.finished(7, 2);
        order.finished(7, 2);
        assertThat(forgotten).as("its locks are still held").isEmpty();
        order.released(7);
        assertThat(forgotten).containsExactly(7L);
        assertThat(order.openTransactions()).isZero();
        order.finished(7, 0);
        order.released(7);
        assertThat(forgotten).as("once").containsExactly(7L);
    }

    @Test
    void aLostReplicaIsNoLongerWaitedFor() throws Exception {
        order.begin(1);
        order.started(1);
        order.released(1);
        order.finished(1, 0);
        order.finished(1, 1);
        AtomicBoolean usable = new AtomicBoolean(true);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return order.await(Set.of(1L), 2, usable::get);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(150);
        assertThat(waiting).isNotDone();
        usable.set(false);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).as("the wait ends: its replica was given up").isFalse();
        order.replicaLost(2);
        assertThat(forgotten).containsExactly(1L);
        assertThat(order.await(Set.of(1L), 2, () -> true)).isTrue();
    }

    @Test
    void aTransactionThatHasNotStartedStaysAPredecessorOnAReplicaLostAndTakenBackMeanwhile() throws Exception {
        // Transaction 5 began while replica 2 was out and waited for its first lock; replica 2 was lost (again) and
        // then repaired under the exclusive lock it waited for, so it runs there after all.
        order.begin(5);
        order.replicaLost(2);
        assertThat(order.finishedOn(5, 2)).as("it may still run there").isFalse();
        order.started(5);
        order.released(5);
        order.finished(5, 0);
        order.finished(5, 1);
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> {
            try {
                return order.await(Set.of(5L), 2, () -> true);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(150);
        assertThat(next).as("a conflicting transaction waits for it on replica 2").isNotDone();
        order.finished(5, 2);
        assertThat(next.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(forgotten).containsExactly(5L);

        // once started, losing the replica releases whoever waits for it there
        order.begin(6);
        order.started(6);
        order.replicaLost(2);
        assertThat(order.finishedOn(6, 2)).isTrue();
    }

    @Test
    void unknownPredecessorsAreNotWaitedFor() throws Exception {
        assertThat(order.await(Set.of(41L, 42L), 1, () -> false)).as("nothing to wait for, so never given up").isTrue();
    }
}
