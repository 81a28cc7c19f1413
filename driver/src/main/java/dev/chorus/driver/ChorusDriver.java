package dev.chorus.driver;

import dev.chorus.coordinator.Coordinator;
import dev.chorus.coordinator.CoordinatorStatus;
import dev.chorus.driver.jdbc.ChorusConnectionImpl;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The Chorus JDBC driver, registered through {@code META-INF/services/java.sql.Driver} and, when the class is
 * loaded, with {@link DriverManager}. It accepts URLs starting with {@value ChorusUrl#PREFIX} and returns null for
 * any other URL, as the {@link Driver} contract asks.
 */
public final class ChorusDriver implements Driver {
    public static final int MAJOR_VERSION = 0;
    public static final int MINOR_VERSION = 1;

    static {
        try {
            DriverManager.registerDriver(new ChorusDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        return open(ChorusUrl.parse(url), info);
    }

    static ChorusConnectionImpl open(ChorusUrl url, Properties info) throws SQLException {
        Coordinator coordinator = Coordinators.get(url.identity(), url.config());
        String user = info == null ? null : info.getProperty("user");
        return new ChorusConnectionImpl(coordinator.openSession(), url.url(), user);
    }

    @Override
    public boolean acceptsURL(String url) {
        return ChorusUrl.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        Map<String, String> settings = ChorusUrl.tuningSettings();
        DriverPropertyInfo[] out = new DriverPropertyInfo[settings.size()];
        int i = 0;
        for (Map.Entry<String, String> e : settings.entrySet()) {
            out[i] = new DriverPropertyInfo(e.getKey(), e.getValue());
            out[i].description = "written in the URL as ;" + e.getKey() + "=VALUE (default " + e.getValue() + ")";
            i++;
        }
        return out;
    }

    @Override
    public int getMajorVersion() {
        return MAJOR_VERSION;
    }

    @Override
    public int getMinorVersion() {
        return MINOR_VERSION;
    }

    /** Not JDBC compliant in the strict sense: Chorus supports the subset of SQL its replicas share. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("dev.chorus");
    }

    /**
     * Shuts down the coordinator of a database: closes its connections, stops its replica threads and releases
     * in-memory replicas.
     *
     * @return whether a coordinator was running
     */
    public static boolean shutdown(String url) throws SQLException {
        return Coordinators.shutdown(ChorusUrl.parse(url).identity());
    }

    /** The status of the database's coordinator, if it is running. */
    public static Optional<CoordinatorStatus> status(String url) throws SQLException {
        return Optional.ofNullable(Coordinators.running(ChorusUrl.parse(url).identity())).map(Coordinator::status);
    }
}
