package dev.chorus.coordinator.lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LockManagerTest {
    private static final Resource ACCOUNT = Resource.table("ACCOUNT");

    private static List<LockManager.Request> rows(LockMode mode, Object... keys) {
        List<LockManager.Request> out = new ArrayList<>();
        for (Object k : keys) {
            out.add(new LockManager.Request(Resource.row("ACCOUNT", List.of(k)), mode));
        }
        return out;
    }

    private static List<LockManager.Request> table(LockMode mode) {
        return List.of(new LockManager.Request(ACCOUNT, mode));
    }

    @Test
    void theCompatibilityMatrixAndJoinsAreGraysOnes() {
        assertThat(LockMode.IS.compatibleWith(LockMode.SIX)).isTrue();
        assertThat(LockMode.IX.compatibleWith(LockMode.IX)).isTrue();
        assertThat(LockMode.IX.compatibleWith(LockMode.S)).isFalse();
        assertThat(LockMode.S.compatibleWith(LockMode.S)).isTrue();
        assertThat(LockMode.X.compatibleWith(LockMode.IS)).isFalse();
        assertThat(LockMode.S.join(LockMode.IX)).isEqualTo(LockMode.SIX);
        assertThat(LockMode.IS.join(LockMode.S)).isEqualTo(LockMode.S);
        assertThat(LockMode.SIX.join(LockMode.X)).isEqualTo(LockMode.X);
        assertThat(LockMode.X.covers(LockMode.S)).isTrue();
        assertThat(LockMode.S.covers(LockMode.IX)).isFalse();
    }

    @Test
    void aRowLockTakesIntentionLocksAboveItInAFixedOrder() throws SQLException {
        LockManager locks = new LockManager(Duration.ofSeconds(1));
        locks.acquire(1, rows(LockMode.X, 7));
        assertThat(locks.heldBy(1)).containsEntry(Resource.DATABASE, LockMode.IX).containsEntry(ACCOUNT, LockMode.IX)
                .containsEntry(Resource.row("ACCOUNT", List.of(7)), LockMode.X);
        locks.acquire(1, table(LockMode.S));
        assertThat(locks.heldBy(1)).containsEntry(ACCOUNT, LockMode.SIX);
        locks.releaseAll(1);
        assertThat(locks.heldBy(1)).isEmpty();
    }

    @Test
    void differentRowsRunTogetherTheSameRowWaitsUntilTheHolderEnds() throws Exception {
        LockManager locks = new LockManager(Duration.ofSeconds(5));
        LockManager.Grant first = locks.acquire(1, rows(LockMode.X, 1));
        LockManager.Grant other = locks.acquire(2, rows(LockMode.X, 2));
        assertThat(other.sequence()).isGreaterThan(first.sequence());
        assertThat(other.predecessors()).isEmpty();
        CompletableFuture<LockManager.Grant> waiting = CompletableFuture.supplyAsync(() -> acquire(locks, 3, rows(LockMode.S, 1)));
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        locks.releaseAll(1);
        LockManager.Grant third = waiting.get(5, TimeUnit.SECONDS);
        assertThat(third.predecessors()).as("transaction 3 read what 1 wrote: on every replica it runs after 1").containsExactly(1L);
        locks.releaseAll(2);
        locks.releaseAll(3);
        locks.forget(1);
        locks.forget(2);
        locks.forget(3);
        assertThat(locks.size()).isZero();
    }

    @Test
    void readersShareAndAWriterFollowsAllOfThem() throws Exception {
        LockManager locks = new LockManager(Duration.ofSeconds(5));
        locks.acquire(1, table(LockMode.S));
        locks.acquire(2, table(LockMode.S));
        locks.releaseAll(1);
        locks.releaseAll(2);
        LockManager.Grant writer = locks.acquire(3, table(LockMode.X));
        assertThat(writer.predecessors()).containsExactlyInAnyOrder(1L, 2L);
        locks.releaseAll(3);
        LockManager.Grant reader = locks.acquire(4, table(LockMode.IS));
        assertThat(reader.predecessors()).as("IS conflicts with X only").containsExactly(3L);
    }

    @Test
    void aDeadlockMakesTheTransactionThatClosesTheCycleTheVictim() throws Exception {
        LockManager locks = new LockManager(Duration.ofSeconds(10));
        locks.acquire(1, rows(LockMode.X, 1));
        locks.acquire(2, rows(LockMode.X, 2));
        CountDownLatch oneWaits = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<LockManager.Grant> one = pool.submit(() -> {
                oneWaits.countDown();
                return locks.acquire(1, rows(LockMode.X, 2));
            });
            oneWaits.await();
            Thread.sleep(100);
            long start = System.nanoTime();
            assertThatThrownBy(() -> locks.acquire(2, rows(LockMode.X, 1))).isInstanceOf(SQLTransactionRollbackException.class)
                    .hasMessageContaining("deadlock").satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("detected at once, not by the timeout").isLessThan(1000);
            locks.releaseAll(2);
            assertThat(one.get(5, TimeUnit.SECONDS).predecessors()).containsExactly(2L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUpgradeDeadlockBetweenTwoReadersIsBrokenToo() throws Exception {
        LockManager locks = new LockManager(Duration.ofSeconds(10));
        locks.acquire(1, table(LockMode.S));
        locks.acquire(2, table(LockMode.S));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<LockManager.Grant> one = pool.submit(() -> locks.acquire(1, table(LockMode.X)));
            Thread.sleep(100);
            assertThatThrownBy(() -> locks.acquire(2, table(LockMode.X))).isInstanceOf(SQLTransactionRollbackException.class)
                    .hasMessageContaining("deadlock");
            locks.releaseAll(2);
            assertThat(one.get(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(locks.heldBy(1)).containsEntry(ACCOUNT, LockMode.X);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWaitLongerThanTheTimeoutFailsWith40001() throws SQLException {
        LockManager locks = new LockManager(Duration.ofMillis(200));
        locks.acquire(1, table(LockMode.X));
        long start = System.nanoTime();
        assertThatThrownBy(() -> locks.acquire(2, rows(LockMode.S, 5))).isInstanceOf(SQLTransactionRollbackException.class)
                .hasMessageContaining("lock wait timeout").hasMessageContaining("200 ms");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 3000L);
        locks.releaseAll(2);
        assertThat(locks.heldBy(2)).as("what the timed-out transaction got is released with it").isEmpty();
        locks.releaseAll(1);
        assertThat(locks.acquire(3, table(LockMode.IS)).predecessors()).containsExactly(1L);
    }

    @Test
    void waitersAreServedFirstComeFirstServed() throws Exception {
        LockManager locks = new LockManager(Duration.ofSeconds(10));
        locks.acquire(1, table(LockMode.S));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            Future<?> writer = pool.submit(() -> {
                acquire(locks, 2, table(LockMode.X));
                order.add(2);
                locks.releaseAll(2);
            });
            Thread.sleep(100);
            Future<?> reader = pool.submit(() -> {
                acquire(locks, 3, table(LockMode.S));
                order.add(3);
                locks.releaseAll(3);
            });
            Thread.sleep(100);
            assertThat(order).as("a reader compatible with the holder still queues behind the waiting writer").isEmpty();
            locks.releaseAll(1);
            writer.get(5, TimeUnit.SECONDS);
            reader.get(5, TimeUnit.SECONDS);
            assertThat(order).containsExactly(2, 3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyTransfersUnderContentionNeverHoldConflictingLocksTogether() throws Exception {
        LockManager locks = new LockManager(Duration.ofSeconds(10));
        int[] owners = new int[8];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger victims = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> all = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            all.add(pool.submit(() -> {
                java.util.Random random = new java.util.Random(thread);
                for (int i = 0; i < 200; i++) {
                    long tx = thread * 1000L + i + 1;
                    int a = random.nextInt(8);
                    int b = random.nextInt(8);
                    try {
                        locks.acquire(tx, rows(LockMode.X, a));
                        locks.acquire(tx, rows(LockMode.X, b));
                        synchronized (owners) {
                            for (int k : new int[] {a, b}) {
                                assertThat(owners[k] == 0 || owners[k] == tx).isTrue();
                                owners[k] = (int) tx;
                            }
                        }
                        synchronized (owners) {
                            owners[a] = 0;
                            owners[b] = 0;
                        }
                        done.incrementAndGet();
                    } catch (SQLException e) {
                        assertThat(e.getSQLState()).isEqualTo("40001");
                        victims.incrementAndGet();
                    } finally {
                        locks.releaseAll(tx);
                        locks.forget(tx);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        assertThat(done.get() + victims.get()).isEqualTo(1600);
        assertThat(locks.size()).isZero();
    }

    private static LockManager.Grant acquire(LockManager locks, long tx, List<LockManager.Request> r) {
        try {
            return locks.acquire(tx, r);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSameLockTwiceIsGrantedAtOnce() throws SQLException {
        LockManager locks = new LockManager(Duration.ofMillis(100));
        locks.acquire(1, rows(LockMode.X, 1));
        assertThat(locks.acquire(1, rows(LockMode.S, 1))).isNotNull();
        assertThat(locks.heldBy(1)).containsEntry(Resource.row("ACCOUNT", List.of(1)), LockMode.X);
    }
}
