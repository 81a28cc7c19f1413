package dev.chorus.coordinator;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;

/** Builds the exceptions clients see from replicas' exceptions, keeping the standard subclass their SQLState implies. */
public final class Errors {
    private Errors() {
    }

    /**
     * A new exception with the message, SQLState and vendor code of {@code e}, {@code context} appended to the
     * message, {@code e} as its cause, and the {@code java.sql} subclass that the SQLState class calls for, so
     * that applications and frameworks that catch by subclass keep working.
     */
    public static SQLException withContext(SQLException e, String context) {
        String message = e.getMessage() + " [" + context + "]";
        String state = e.getSQLState();
        int code = e.getErrorCode();
        String cls = state == null || state.length() < 2 ? "" : state.substring(0, 2);
        SQLException out = switch (cls) {
            case "23" -> new SQLIntegrityConstraintViolationException(message, state, code, e);
            case "42" -> new SQLSyntaxErrorException(message, state, code, e);
            case "22" -> new SQLDataException(message, state, code, e);
            case "40" -> new SQLTransactionRollbackException(message, state, code, e);
            case "0A" -> new SQLFeatureNotSupportedException(message, state, code, e);
            case "28" -> new SQLInvalidAuthorizationSpecException(message, state, code, e);
            case "08" -> new SQLNonTransientConnectionException(message, state, code, e);
            default -> "57014".equals(state) || "HYT00".equals(state)
                    ? new SQLTimeoutException(message, state, code, e) : new SQLException(message, state, code, e);
        };
        return out;
    }
}
