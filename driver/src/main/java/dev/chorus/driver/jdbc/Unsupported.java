package dev.chorus.driver.jdbc;

import dev.chorus.coordinator.SqlStates;

import java.sql.SQLFeatureNotSupportedException;

/** The one way Chorus rejects a JDBC method it deliberately does not support. */
public final class Unsupported {
    private Unsupported() {
    }

    /**
     * @param method the method as a user would look for it, for example {@code "ResultSet.updateInt"}
     */
    public static SQLFeatureNotSupportedException feature(String method) {
        return new SQLFeatureNotSupportedException(method + " is not supported by Chorus", SqlStates.FEATURE_NOT_SUPPORTED);
    }
}
