package dev.chorus.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The waits of HANG and SLOW faults in progress on one statement or connection, so that {@code cancel()} or
 * {@code close()} on the wrapper can end them the way a real engine ends a running statement.
 */
final class Blocker {
    private final Set<Wait> waits = ConcurrentHashMap.newKeySet();
    // Once closed, a wait that registers late is released at once instead of blocking on a dead object forever.
    private volatile String closedBy;

    /** One blocked call; {@code endedBy} says which call ended it early, or null while it has not been. */
    static final class Wait {
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile String endedBy;

        void release(String by) {
            if (endedBy == null) {
                endedBy = by;
            }
            released.countDown();
        }

        /** @return true if released early, false if {@code nanos} elapsed (never for a negative {@code nanos}) */
        boolean await(long nanos) throws InterruptedException {
            if (nanos < 0) {
                released.await();
                return true;
            }
            return released.await(nanos, TimeUnit.NANOSECONDS);
        }

        String endedBy() {
            return endedBy;
        }
    }

    void add(Wait wait) {
        waits.add(wait);
        String by = closedBy;
        if (by != null) {
            wait.release(by);
        }
    }

    void remove(Wait wait) {
        waits.remove(wait);
    }

    /** Ends the waits now in progress; later ones are unaffected, as a cancel only hits the running statement. */
    boolean releaseAll(String by) {
        boolean any = false;
        for (Wait wait : waits) {
            wait.release(by);
            any = true;
        }
        return any;
    }

    /** Ends the waits in progress and every later one. */
    void close(String by) {
        closedBy = by;
        releaseAll(by);
    }
}
