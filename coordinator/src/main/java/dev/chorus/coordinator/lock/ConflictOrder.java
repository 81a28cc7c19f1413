package dev.chorus.coordinator.lock;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each open transaction stands on each replica, so that a statement starts on a replica only after the
 * transactions it conflicts with (its {@link LockManager.Grant#predecessors() predecessors}) have finished on that
 * same replica. The coordinator releases a transaction's locks once f+1 replicas committed it; a replica that lags
 * behind still runs conflicting work in the order the locks were granted, and no replica waits for another.
 *
 * <p>A transaction is forgotten (the callback given to the constructor, which drops it from the lock manager's
 * predecessor histories) once every replica has finished it and its locks were released.
 *
 * <p>Thread-safe: transactions begin and are released on client threads and finish on replica threads.
 */
public final class ConflictOrder {
    /** How often a waiting statement checks whether it is still wanted (its replica may have been given up). */
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long WARN_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(ConflictOrder.class);

    private final int replicas;
    private final LongConsumer forget;
    private final ConcurrentHashMap<Long, Open> open = new ConcurrentHashMap<>();

    /** One transaction: a future per replica, completed when the replica finished it, and one for the release. */
    private static final class Open {
        final CompletableFuture<?>[] finished;
        final AtomicInteger remaining;
        /** Whether the transaction holds a lock (its work may have been sent to replicas). */
        volatile boolean started;
        /** The thread that began it, for the message of a wait that lasts long. */
        final String owner = Thread.currentThread().getName();

        Open(int replicas) {
            finished = new CompletableFuture<?>[replicas + 1];
            for (int i = 0; i < finished.length; i++) {
                finished[i] = new CompletableFuture<Void>();
            }
            remaining = new AtomicInteger(finished.length);
        }
    }

    /**
     * @param replicas how many replicas there are (indexes 0 to replicas-1)
     * @param forget   called once per transaction when every replica finished it and its locks were released
     */
    public ConflictOrder(int replicas, LongConsumer forget) {
        this.replicas = replicas;
        this.forget = forget;
    }

    /** Registers a transaction before it asks for its first lock. */
    public void begin(long tx) {
        open.put(tx, new Open(replicas));
    }

    /**
     * Records that the transaction was granted its first lock: from now on what it runs goes to the replicas usable
     * at each call. Until then it has sent nothing anywhere and may still run on a replica that is given up now and
     * taken back before its first lock (recovery repairs under the exclusive database lock it waits for).
     */
    public void started(long tx) {
        Open o = open.get(tx);
        if (o != null) {
            o.started = true;
        }
    }

    /** Records that a replica finished the transaction (committed or rolled it back), or will never run it. */
    public void finished(long tx, int replica) {
        complete(tx, replica);
    }

    /** Records that the transaction's locks were released. */
    public void released(long tx) {
        complete(tx, replicas);
    }

    private void complete(long tx, int slot) {
        Open o = open.get(tx);
        if (o != null && o.finished[slot].complete(null) && o.remaining.decrementAndGet() == 0) {
            open.remove(tx);
            forget.accept(tx);
        }
    }

    /**
     * A replica was given up (SUSPECT or DOWN): nothing waits for it any more for the transactions that have
     * started. One that has not started yet is left as it is: if the replica is taken back before its first lock,
     * the transaction runs there too and must stay a predecessor there until it finished; if not, it ends without
     * the replica and records that then.
     */
    public void replicaLost(int replica) {
        open.forEach((tx, o) -> {
            if (o.started) {
                complete(tx, replica);
            }
        });
    }

    /** Whether the transaction has finished on the replica (or was never registered, or is forgotten). */
    public boolean finishedOn(long tx, int replica) {
        Open o = open.get(tx);
        return o == null || o.finished[replica].isDone();
    }

    /**
     * Waits until every predecessor has finished on the replica.
     *
     * @param stillWanted checked every 100 ms; when it turns false the wait ends
     * @return true when all predecessors finished, false when the wait ended because it is no longer wanted
     */
    public boolean await(Set<Long> predecessors, int replica, BooleanSupplier stillWanted) throws InterruptedException {
        for (long p : predecessors) {
            Open o = open.get(p);
            if (o == null) {
                continue;
            }
            CompletableFuture<?> f = o.finished[replica];
            long since = System.nanoTime();
            boolean warned = false;
            while (!f.isDone()) {
                if (!warned && System.nanoTime() - since > WARN_NANOS) {
                    warned = true;
                    LOG.warn("waiting for {} s on replica {} for transaction {} to finish there ({})",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since), replica, p, describe(o));
                }
                if (!stillWanted.getAsBoolean()) {
                    return false;
                }
                try {
                    f.get(CHECK_NANOS, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // check whether the wait is still wanted, then go on waiting
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a transaction's finish is never completed exceptionally", e);
                }
            }
        }
        return true;
    }

    private String describe(Open o) {
        StringBuilder sb = new StringBuilder("begun by ").append(o.owner).append(o.started ? ", started" : ", not started");
        sb.append(o.finished[replicas].isDone() ? ", released" : ", holds its locks").append(", finished on replicas [");
        for (int i = 0; i < replicas; i++) {
            if (o.finished[i].isDone()) {
                sb.append(sb.charAt(sb.length() - 1) == '[' ? "" : ", ").append(i);
            }
        }
        return sb.append(']').toString();
    }

    /** How many transactions some replica has not finished yet (or whose locks are held), for status and tests. */
    public int openTransactions() {
        return open.size();
    }

    /** How many transactions were released (ended at the quorum) but are not finished on every replica yet. */
    public int laggingTransactions() {
        int n = 0;
        for (Open o : open.values()) {
            n += o.finished[replicas].isDone() ? 1 : 0;
        }
        return n;
    }
}
