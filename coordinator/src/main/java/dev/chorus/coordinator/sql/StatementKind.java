package dev.chorus.coordinator.sql;

/** What a statement does, as far as ordering, voting and transaction handling care. */
public enum StatementKind {
    /** Returns rows and changes nothing: SELECT, WITH, VALUES, TABLE. */
    QUERY,
    /** Changes rows: INSERT, UPDATE, DELETE, MERGE. */
    WRITE,
    /** Changes the schema: CREATE, ALTER, DROP, TRUNCATE, COMMENT, GRANT, REVOKE. Commits like H2 does. */
    DDL,
    /** COMMIT in SQL: served as {@code Connection.commit()}. */
    COMMIT,
    /** ROLLBACK in SQL (without TO SAVEPOINT): served as {@code Connection.rollback()}. */
    ROLLBACK,
    /** Other transaction and session control (BEGIN, SAVEPOINT, SET ...): rejected, use the JDBC calls. */
    SESSION_CONTROL,
    /** Several statements separated by semicolons: rejected, because engines disagree on running them. */
    MULTIPLE,
    /** Anything else (CALL, EXPLAIN, ...): sent to every replica and voted like a query or an update. */
    OTHER
}
