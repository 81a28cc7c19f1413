package dev.chorus.testing;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A test-only JDBC driver that opens a real connection and makes it misbehave on demand, so that tests can show
 * that Chorus outvotes a faulty replica.
 *
 * <p>URL: {@code jdbc:faulty:<name>:<real JDBC url>}, for example
 * {@code jdbc:faulty:derby1:jdbc:derby:memory:x;create=true}. The name says which faults apply: those
 * {@link #inject injected} under it, looked up on every execution, so faults injected after a connection opened
 * still reach it. Only statement executions and the result sets and update counts they produce are spoiled;
 * everything else (metadata, transactions, connection settings) goes to the real connection unchanged.
 *
 * <pre>{@code
 * FaultyDriver.inject("derby1", Fault.once(Fault.Kind.WRONG_VALUE, "from item"));
 * try (Connection c = DriverManager.getConnection("jdbc:faulty:derby1:jdbc:derby:memory:x;create=true")) {
 *     ... // the first query mentioning "from item" reads a wrong first value
 * }
 * assertThat(FaultyDriver.triggered("derby1")).isEqualTo(1);
 * FaultyDriver.clearAll();
 * }</pre>
 *
 * <p>The fault table is static and shared by the whole JVM; tests that inject should {@link #clearAll()} after
 * each test and use names of their own. All static methods are thread-safe.
 */
public final class FaultyDriver implements Driver {
    public static final String URL_PREFIX = "jdbc:faulty:";

    private static final FaultyDriver INSTANCE = new FaultyDriver();
    private static boolean registered;

    static {
        // DriverManager's ServiceLoader scan only loads the class; registering is the class's own job.
        register();
    }

    /** Registers the driver with {@link DriverManager}; later calls do nothing. */
    public static synchronized void register() {
        if (registered) {
            return;
        }
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new IllegalStateException("could not register " + FaultyDriver.class.getName() + " with DriverManager", e);
        }
        registered = true;
    }

    /**
     * Adds {@code fault} to the faults of {@code name}, for every connection of that name, open or still to be
     * opened. A name's faults are tried in the order they were injected; on one execution at most one fault
     * fires before it runs (ERROR, CONNECTION_ERROR, HANG, SLOW) and one on its outcome (the others), so SLOW and
     * WRONG_VALUE can both hit the same query.
     */
    public static void inject(String name, Fault fault) {
        FaultRegistry.inject(name, fault);
    }

    /** Removes every fault of {@code name} and resets its {@link #triggered} count. */
    public static void clear(String name) {
        FaultRegistry.clear(name);
    }

    /** Removes every fault of every name and resets all {@link #triggered} counts. */
    public static void clearAll() {
        FaultRegistry.clearAll();
    }

    /** How many times a fault of {@code name} has fired since it was last cleared. */
    public static int triggered(String name) {
        return FaultRegistry.triggered(name);
    }

    /**
     * How many executions of {@code name} are blocked in a HANG or SLOW wait right now. Once it counts a call, that
     * call's {@code Statement.cancel()} is sure to end the wait, so a test waits for it before cancelling.
     */
    public static int blocked(String name) {
        return FaultRegistry.blocked(name);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(URL_PREFIX);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String rest = url.substring(URL_PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0 || colon == rest.length() - 1) {
            throw new SQLException("malformed URL '" + url + "': expected " + URL_PREFIX + "<name>:<real JDBC url>", "08001");
        }
        String name = rest.substring(0, colon);
        String realUrl = rest.substring(colon + 1);
        Connection real = DriverManager.getConnection(realUrl, info == null ? new Properties() : info);
        return FaultyConnectionHandler.wrap(name, real);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("getParentLogger is not supported by FaultyDriver, which does not log");
    }
}
