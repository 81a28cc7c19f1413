package dev.chorus.testing;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide table of injected faults, by connection name. Connections look their name up on every call
 * rather than copying faults when they open, so a fault injected or cleared later takes effect at once.
 *
 * <p>Thread-safe: executions on many connections consume the same fault's remaining count concurrently.
 */
final class FaultRegistry {
    // A name's site is created once and never removed, so a thread blocked in HANG keeps counting on the site
    // that tests read, even across clear().
    private static final Map<String, Site> SITES = new ConcurrentHashMap<>();

    private FaultRegistry() {
    }

    static void inject(String name, Fault fault) {
        checkName(name);
        Objects.requireNonNull(fault, "fault");
        site(name).faults.add(new Armed(fault));
    }

    static void clear(String name) {
        checkName(name);
        Site site = SITES.get(name);
        if (site != null) {
            site.reset();
        }
    }

    static void clearAll() {
        SITES.values().forEach(Site::reset);
    }

    static int triggered(String name) {
        Site site = SITES.get(name);
        return site == null ? 0 : site.triggered.get();
    }

    static int blocked(String name) {
        Site site = SITES.get(name);
        return site == null ? 0 : site.blocked.get();
    }

    /**
     * Fires the first fault of {@code phase}, in injection order, that matches one of {@code sql} and is not worn
     * out, consuming one of its times.
     *
     * @return the fault that fired, or null when none did
     */
    static Fault fire(String name, Fault.Phase phase, List<String> sql) {
        Site site = SITES.get(name);
        if (site == null) {
            return null;
        }
        for (Armed armed : site.faults) {
            if (armed.fault.kind().phase() == phase && matchesAny(armed.fault, sql) && armed.consume()) {
                site.triggered.incrementAndGet();
                return armed.fault;
            }
        }
        return null;
    }

    /** Counts a thread into a HANG or SLOW wait, so that tests can tell when it is blocked. */
    static void enterWait(String name) {
        site(name).blocked.incrementAndGet();
    }

    static void exitWait(String name) {
        site(name).blocked.decrementAndGet();
    }

    static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("fault name '" + name + "' must be non-empty and contain no ':', "
                    + "because it is the segment of " + FaultyDriver.URL_PREFIX + "<name>:<real JDBC url>");
        }
    }

    private static Site site(String name) {
        return SITES.computeIfAbsent(name, n -> new Site());
    }

    private static boolean matchesAny(Fault fault, List<String> sql) {
        for (String text : sql) {
            if (text != null && fault.sqlMatches().test(text)) {
                return true;
            }
        }
        return false;
    }

    private static final class Site {
        final List<Armed> faults = new CopyOnWriteArrayList<>();
        final AtomicInteger triggered = new AtomicInteger();
        final AtomicInteger blocked = new AtomicInteger();

        void reset() {
            faults.clear();
            triggered.set(0);
        }
    }

    /** A fault with its own count of remaining times, shared by every connection of the name. */
    private static final class Armed {
        final Fault fault;
        final AtomicInteger remaining;

        Armed(Fault fault) {
            this.fault = fault;
            this.remaining = new AtomicInteger(fault.times());
        }

        boolean consume() {
            while (true) {
                int left = remaining.get();
                if (left == Fault.EVERY_TIME) {
                    return true;
                }
                if (left == 0) {
                    return false;
                }
                if (remaining.compareAndSet(left, left - 1)) {
                    return true;
                }
            }
        }
    }
}
