package dev.chorus.coordinator.lock;

import dev.chorus.coordinator.SqlStates;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The coordinator's concurrency control: multi-granularity locks held to the end of the transaction (strict
 * two-phase locking), deadlocks detected here (the transaction whose wait would close a cycle is the victim), a
 * lock wait timeout, and a global sequence number for every granted statement.
 *
 * <p>Every grant also names its <em>predecessors</em>: the transactions that held a conflicting lock on one of the
 * resources before. On each replica a statement may start only after its predecessors finished there; that is how
 * conflicting work runs in the same order on every replica while everything else runs in parallel, whatever
 * concurrency control each engine has. Finished transactions are forgotten with {@link #forget(long)} once every
 * replica has finished them.
 *
 * <p>Requests are queued first come, first served per resource; a transaction that already holds a lock on the
 * resource (an upgrade) goes first. Thread-safe.
 */
public final class LockManager {
    private final Duration waitTimeout;
    private final ReentrantLock mutex = new ReentrantLock();
    private final Map<Resource, Entry> entries = new HashMap<>();
    /** Transaction -> the resources it holds and in which mode. */
    private final Map<Long, Map<Resource, LockMode>> held = new HashMap<>();
    /** Released transaction -> the resources whose history names it, until {@link #forget(long)}. */
    private final Map<Long, List<Resource>> released = new HashMap<>();
    /** Transaction -> the request it waits for, for deadlock detection. */
    private final Map<Long, Waiter> waiting = new HashMap<>();
    private long sequence;

    /** One statement's locks, granted: its sequence number and the transactions it must follow on each replica. */
    public record Grant(long sequence, Set<Long> predecessors) {
        public Grant {
            predecessors = Set.copyOf(predecessors);
        }
    }

    /** One resource to lock in one mode. */
    public record Request(Resource resource, LockMode mode) {
    }

    private static final class Entry {
        final Map<Long, LockMode> holders = new LinkedHashMap<>();
        final Deque<Waiter> queue = new ArrayDeque<>();
        /** Released holders not yet forgotten, in release order: the candidates for predecessors. */
        final List<long[]> history = new ArrayList<>(); // {tx, mode ordinal}
    }

    private static final class Waiter {
        final long tx;
        final Resource resource;
        final LockMode mode;
        final Condition granted;

        Waiter(long tx, Resource resource, LockMode mode, Condition granted) {
            this.tx = tx;
            this.resource = resource;
            this.mode = mode;
            this.granted = granted;
        }
    }

    /** @param waitTimeout how long a statement waits for its locks before failing with 40001 */
    public LockManager(Duration waitTimeout) {
        this.waitTimeout = waitTimeout;
    }

    /**
     * The locks of one statement of a transaction, with the intention locks above each (database, table), in a
     * fixed order; returns when all are granted.
     *
     * @throws SQLTransactionRollbackException 40001 when the transaction is chosen as a deadlock victim or waited
     *                                         longer than the lock wait timeout; the caller rolls it back everywhere
     *                                         (and calls {@link #releaseAll(long)})
     */
    public Grant acquire(long tx, List<Request> requests) throws SQLException {
        List<Request> all = withIntentions(requests);
        long deadline = System.nanoTime() + waitTimeout.toNanos();
        mutex.lock();
        try {
            Set<Long> predecessors = new LinkedHashSet<>();
            for (Request r : all) {
                lockOne(tx, r.resource(), r.mode(), deadline, predecessors);
            }
            predecessors.remove(tx);
            return new Grant(++sequence, predecessors);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransactionRollbackException("interrupted while waiting for locks", SqlStates.TRANSACTION_ROLLBACK, e);
        } finally {
            mutex.unlock();
        }
    }

    /** The requests with the intention locks they need above them, parents first, each resource once. */
    static List<Request> withIntentions(List<Request> requests) {
        Map<Resource, LockMode> modes = new LinkedHashMap<>();
        List<Resource> order = new ArrayList<>();
        for (Request r : requests) {
            List<Resource> chain = new ArrayList<>();
            for (Resource p = r.resource().parent(); p != null; p = p.parent()) {
                chain.add(0, p);
            }
            for (Resource p : chain) {
                add(modes, order, p, r.mode().intention());
            }
            add(modes, order, r.resource(), r.mode());
        }
        // database first, then tables, then rows: every transaction locks in the same order
        order.sort((a, b) -> Integer.compare(depth(a), depth(b)));
        List<Request> out = new ArrayList<>(order.size());
        for (Resource r : order) {
            out.add(new Request(r, modes.get(r)));
        }
        return out;
    }

    private static void add(Map<Resource, LockMode> modes, List<Resource> order, Resource r, LockMode m) {
        LockMode before = modes.get(r);
        if (before == null) {
            order.add(r);
        }
        modes.put(r, before == null ? m : before.join(m));
    }

    private static int depth(Resource r) {
        return r.table() == null ? 0 : r.key() == null ? 1 : 2;
    }

    private void lockOne(long tx, Resource resource, LockMode requested, long deadline, Set<Long> predecessors)
            throws SQLException, InterruptedException {
        Entry e = entries.computeIfAbsent(resource, k -> new Entry());
        LockMode mine = e.holders.get(tx);
        if (mine != null && mine.covers(requested)) {
            return;
        }
        LockMode wanted = mine == null ? requested : mine.join(requested);
        if (!grantable(e, tx, wanted, mine != null)) {
            Waiter w = new Waiter(tx, resource, wanted, mutex.newCondition());
            if (mine != null) {
                e.queue.addFirst(w);
            } else {
                e.queue.addLast(w);
            }
            waiting.put(tx, w);
            try {
                List<Long> cycle = cycleFrom(tx);
                if (cycle != null) {
                    throw new SQLTransactionRollbackException("deadlock: transaction " + tx + " waits for " + wanted + " on "
                            + resource + " in the cycle " + cycle + "; it is the victim and is rolled back on every replica",
                            SqlStates.TRANSACTION_ROLLBACK);
                }
                while (!(e.queue.peekFirst() == w && grantable(e, tx, wanted, mine != null))) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SQLTransactionRollbackException("lock wait timeout: transaction " + tx + " waited "
                                + waitTimeout.toMillis() + " ms for " + wanted + " on " + resource + " held by "
                                + e.holders.keySet() + "; it is rolled back on every replica", SqlStates.TRANSACTION_ROLLBACK);
                    }
                    w.granted.awaitNanos(left);
                }
            } finally {
                e.queue.remove(w);
                waiting.remove(tx);
                wakeHead(e);
            }
        }
        for (long[] h : e.history) {
            if (h[0] != tx && !LockMode.values()[(int) h[1]].compatibleWith(wanted)) {
                predecessors.add(h[0]);
            }
        }
        e.holders.put(tx, wanted);
        held.computeIfAbsent(tx, k -> new LinkedHashMap<>()).put(resource, wanted);
    }

    /** Whether the mode is compatible with every other holder (and, for a newcomer, with no one queued ahead). */
    private static boolean grantable(Entry e, long tx, LockMode mode, boolean upgrade) {
        for (Map.Entry<Long, LockMode> h : e.holders.entrySet()) {
            if (h.getKey() != tx && !h.getValue().compatibleWith(mode)) {
                return false;
            }
        }
        return upgrade || e.queue.isEmpty() || e.queue.peekFirst().tx == tx;
    }

    /** The waits-for cycle through {@code start}, or null. */
    private List<Long> cycleFrom(long start) {
        Deque<List<Long>> paths = new ArrayDeque<>();
        paths.push(List.of(start));
        Set<Long> seen = new HashSet<>();
        while (!paths.isEmpty()) {
            List<Long> path = paths.pop();
            long tx = path.get(path.size() - 1);
            for (long next : waitsFor(tx)) {
                if (next == start) {
                    List<Long> cycle = new ArrayList<>(path);
                    cycle.add(start);
                    return cycle;
                }
                if (seen.add(next)) {
                    List<Long> longer = new ArrayList<>(path);
                    longer.add(next);
                    paths.push(longer);
                }
            }
        }
        return null;
    }

    /** The transactions {@code tx} waits for: incompatible holders, and incompatible waiters queued before it. */
    private Set<Long> waitsFor(long tx) {
        Waiter w = waiting.get(tx);
        if (w == null) {
            return Set.of();
        }
        Entry e = entries.get(w.resource);
        Set<Long> out = new LinkedHashSet<>();
        e.holders.forEach((other, mode) -> {
            if (other != tx && !mode.compatibleWith(w.mode)) {
                out.add(other);
            }
        });
        for (Waiter ahead : e.queue) {
            if (ahead == w) {
                break;
            }
            if (ahead.tx != tx && !ahead.mode.compatibleWith(w.mode)) {
                out.add(ahead.tx);
            }
        }
        return out;
    }

    private static void wakeHead(Entry e) {
        Waiter head = e.queue.peekFirst();
        if (head != null) {
            head.granted.signal();
        }
    }

    /**
     * Releases every lock of a transaction (at its commit or rollback) and wakes whoever can go on. The transaction
     * stays a possible predecessor of later conflicting statements until {@link #forget(long)}.
     */
    public void releaseAll(long tx) {
        mutex.lock();
        try {
            Map<Resource, LockMode> mine = held.remove(tx);
            if (mine == null) {
                return;
            }
            released.put(tx, new ArrayList<>(mine.keySet()));
            for (Map.Entry<Resource, LockMode> m : mine.entrySet()) {
                Entry e = entries.get(m.getKey());
                e.holders.remove(tx);
                e.history.add(new long[] {tx, m.getValue().ordinal()});
                for (Waiter w : e.queue) {
                    w.granted.signal();
                }
            }
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Drops a finished transaction from the predecessor histories: every replica has finished it. Call it after
     * {@link #releaseAll(long)}; before, it does nothing.
     */
    public void forget(long tx) {
        mutex.lock();
        try {
            List<Resource> resources = released.remove(tx);
            if (resources == null) {
                return;
            }
            for (Resource r : resources) {
                Entry e = entries.get(r);
                if (e == null) {
                    continue;
                }
                e.history.removeIf(h -> h[0] == tx);
                if (e.history.isEmpty() && e.holders.isEmpty() && e.queue.isEmpty()) {
                    entries.remove(r);
                }
            }
        } finally {
            mutex.unlock();
        }
    }

    /** The modes a transaction holds now, for status and tests. */
    public Map<Resource, LockMode> heldBy(long tx) {
        mutex.lock();
        try {
            return Map.copyOf(held.getOrDefault(tx, Map.of()));
        } finally {
            mutex.unlock();
        }
    }

    /** How many resources have locks, waiters or history, for tests that check nothing leaks. */
    public int size() {
        mutex.lock();
        try {
            return entries.size();
        } finally {
            mutex.unlock();
        }
    }
}
