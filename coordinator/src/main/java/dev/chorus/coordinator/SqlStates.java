package dev.chorus.coordinator;

/**
 * The SQLStates Chorus itself raises. Errors that replicas agree on reach the client with the SQLState of the
 * replica that supplied the answer; these are for failures Chorus detects on its own.
 */
public final class SqlStates {
    /** Too few healthy replicas to form a quorum, or a replica's connection failed. */
    public static final String CONNECTION_FAILURE = "08006";
    /** The configuration or URL given at connect time is not valid. */
    public static final String CONNECTION_REJECTED = "08001";
    /** The connection (or statement, or result set) is closed. */
    public static final String CONNECTION_DOES_NOT_EXIST = "08003";
    /** A JDBC feature Chorus does not support. */
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    /** A parameter index or value is invalid. */
    public static final String INVALID_PARAMETER = "07009";
    /** Not all parameters were set. */
    public static final String PARAMETER_NOT_SET = "07001";
    /** A descriptor index (column index) is out of range. */
    public static final String INVALID_COLUMN_INDEX = "07009";
    /** A column label does not exist in the result. */
    public static final String COLUMN_NOT_FOUND = "42S22";
    /** A method was called on the wrong kind of statement (executeQuery on an update, or the reverse). */
    public static final String WRONG_STATEMENT_KIND = "07000";
    /** A cursor operation on a result set that is not on a row. */
    public static final String INVALID_CURSOR_STATE = "24000";
    /** A number does not fit the requested type (getInt on 2^40). */
    public static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";
    /** A value cannot be converted to the requested type. */
    public static final String DATA_CONVERSION = "22018";
    /** A write was attempted on a read-only connection. */
    public static final String READ_ONLY_TRANSACTION = "25006";
    /** The transaction was rolled back (lock wait timeout, disagreement about a failure). */
    public static final String TRANSACTION_ROLLBACK = "40001";
    /** The transaction was rolled back by Chorus (after no quorum, a timeout); call rollback() to go on. */
    public static final String TRANSACTION_ROLLED_BACK = "40000";
    /** Commit had no quorum: some replicas may have committed and others not. */
    public static final String COMMIT_OUTCOME_UNKNOWN = "40003";
    /** The replicas agree on a query's rows but not on their order (ties in ORDER BY). */
    public static final String ORDER_DISAGREEMENT = "ZC002";
    /** The query timeout set by the application elapsed, or the application cancelled the statement. */
    public static final String QUERY_CANCELED = "57014";
    /** The replicas' answers did not reach a quorum; nothing was answered. */
    public static final String NO_QUORUM = "ZC001";
    /** A replica could not read back the rows a statement changed: the transaction's write set is unknown. */
    public static final String CAPTURE_FAILED = "ZC003";
    /** A replica's write set differs from the one f+1 replicas agreed on at commit: it rolled back. */
    public static final String WRITE_SET_DIFFERS = "ZC004";
    /** The write-set log could not be written: the transaction was not committed. */
    public static final String LOG_FAILED = "58030";
    /** An invalid argument to a JDBC method (negative max rows, unknown constant). */
    public static final String INVALID_ARGUMENT = "HY024";
    /** A transaction-control call that is not allowed in the current state (savepoint in auto-commit mode). */
    public static final String INVALID_TRANSACTION_STATE = "25000";
    /** A call on an object in the wrong state (a closed statement). Not 08xxx: pools must not evict the connection. */
    public static final String FUNCTION_SEQUENCE_ERROR = "HY010";
    /** An operation was interrupted. */
    public static final String OPERATION_CANCELED = "HY008";
    /** Syntax error or access rule violation: a statement Chorus cannot parse in the application dialect. */
    public static final String SYNTAX_ERROR = "42000";
    /** A value was given for a GENERATED ALWAYS identity column. */
    public static final String GENERATED_ALWAYS = "428C9";
    /** An unsupported savepoint operation or an unknown savepoint. */
    public static final String INVALID_SAVEPOINT = "3B001";
    /** A query's answer is larger than the setting maxResultBytes allows. */
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";

    private SqlStates() {
    }
}
