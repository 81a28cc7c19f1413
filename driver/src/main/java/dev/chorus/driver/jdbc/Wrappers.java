package dev.chorus.driver.jdbc;

import dev.chorus.coordinator.SqlStates;

import java.sql.SQLException;

/**
 * The one implementation of {@code unwrap}/{@code isWrapperFor} for every Chorus JDBC object. It only ever hands
 * out the Chorus object itself: a replica's raw connection, statement or result set would bypass ordering and
 * voting, so it is never reachable through {@code unwrap}.
 */
public final class Wrappers {
    private Wrappers() {
    }

    public static <T> T unwrap(Object self, Class<T> iface) throws SQLException {
        if (iface != null && iface.isInstance(self)) {
            return iface.cast(self);
        }
        throw new SQLException(self.getClass().getSimpleName() + " does not wrap " + (iface == null ? "null" : iface.getName())
                + "; Chorus never hands out a replica's own JDBC objects", SqlStates.INVALID_ARGUMENT);
    }

    public static boolean isWrapperFor(Object self, Class<?> iface) {
        return iface != null && iface.isInstance(self);
    }
}
