package dev.chorus.driver.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JDBC behaviour an application may rely on, written once and run with identical expectations
 * against every driver that claims it: plain H2, whose dialect applications write, and Chorus, which
 * must be indistinguishable from H2 at this level.
 *
 * <p>All SQL here is accepted with the same meaning by H2, Apache Derby and HSQLDB, because Chorus
 * sends each statement unchanged to one replica of each engine and votes on the outcomes. For the
 * same reason the assertions compare values, never the Java class an engine picked for an aggregate
 * or expression, and never rely on row order without ORDER BY. Manual transactions always end in
 * commit or rollback before their connection closes: closing with work pending is
 * implementation-defined (Derby refuses, H2 and HSQLDB roll back).
 *
 * <p>Driver-level behaviour (result-set lifetimes, java.time conversions, connection metadata)
 * follows the JDBC specification as H2 implements it. The native Derby and HSQLDB drivers stray from
 * it in places, so Chorus must answer these itself rather than pass them to a replica.
 *
 * <p>A subclass supplies the database: {@link #newDatabase} is called before each test with a name
 * no other test in the JVM uses, and every {@link #connect} in that test reaches that same database.
 */
@Timeout(60)
public abstract class JdbcContract {

    private static final AtomicInteger DATABASE_COUNTER = new AtomicInteger();

    /** Column list of {@link #ALL_TYPES_DDL}; a column's JDBC index is its position here plus one. */
    private static final List<String> ALL_TYPES_COLUMNS = List.of("ID", "INT_COL", "BIGINT_COL",
            "SMALLINT_COL", "DOUBLE_COL", "DECIMAL_COL", "VARCHAR_COL", "CLOB_COL", "BOOLEAN_COL",
            "DATE_COL", "TIME_COL", "TIMESTAMP_COL", "BLOB_COL");

    // No VARBINARY column: Derby spells it VARCHAR(n) FOR BIT DATA, which H2 and HSQLDB reject.
    private static final String ALL_TYPES_DDL = "CREATE TABLE ALL_TYPES (ID INT NOT NULL PRIMARY KEY,"
            + " INT_COL INT, BIGINT_COL BIGINT, SMALLINT_COL SMALLINT, DOUBLE_COL DOUBLE,"
            + " DECIMAL_COL DECIMAL(12,2), VARCHAR_COL VARCHAR(100), CLOB_COL CLOB, BOOLEAN_COL BOOLEAN,"
            + " DATE_COL DATE, TIME_COL TIME, TIMESTAMP_COL TIMESTAMP, BLOB_COL BLOB)";
    private static final String SELECT_ALL_TYPES =
            "SELECT " + String.join(", ", ALL_TYPES_COLUMNS) + " FROM ALL_TYPES WHERE ID = ?";

    private static final int SAMPLE_ID = 1;
    /** A row whose columns other than ID are all NULL. */
    private static final int NULL_ID = 2;
    private static final int INT_VALUE = -42;
    private static final long BIGINT_VALUE = 9_000_000_000L;
    private static final short SMALLINT_VALUE = 7;
    private static final double DOUBLE_VALUE = 2.5;
    private static final BigDecimal DECIMAL_VALUE = new BigDecimal("12345.67");
    private static final String VARCHAR_VALUE = "Grüße, 世界";
    private static final String CLOB_VALUE = "clob text ".repeat(500);
    private static final Date DATE_VALUE = Date.valueOf("2024-02-29");
    private static final Time TIME_VALUE = Time.valueOf("13:45:30");
    private static final Timestamp TIMESTAMP_VALUE = Timestamp.valueOf("2024-02-29 13:45:30.123");
    private static final byte[] BLOB_VALUE = {0, 1, 2, 127, -128, -1};

    private static final String EMPLOYEES_DDL = "CREATE TABLE EMP (ID INT NOT NULL PRIMARY KEY,"
            + " NAME VARCHAR(40) NOT NULL UNIQUE, DEPT_ID INT, SALARY DECIMAL(12,2))";
    private static final int EMPLOYEE_COUNT = 5;

    /** Creates an empty database called {@code name}, which later {@link #connect()} calls open. */
    protected abstract void newDatabase(String name) throws SQLException;

    /** Opens a new connection to the database of the running test. */
    protected abstract Connection connect() throws SQLException;

    @BeforeEach
    void createDatabase(TestInfo test) throws SQLException {
        String method = test.getTestMethod().map(m -> m.getName()).orElse("test");
        newDatabase("contract" + DATABASE_COUNTER.incrementAndGet() + "_" + method);
    }

    @Nested
    class Statements {

        @Test
        void executeUpdateReturnsZeroForDdlAndAffectedRowsForDml() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("CREATE TABLE ITEMS (ID INT NOT NULL PRIMARY KEY, NAME VARCHAR(40))")).isZero();
                assertThat(s.executeUpdate("INSERT INTO ITEMS (ID, NAME) VALUES (1, 'a')")).isEqualTo(1);
                assertThat(s.executeUpdate("INSERT INTO ITEMS (ID, NAME) VALUES (2, 'b'), (3, 'c')")).isEqualTo(2);
                assertThat(s.executeUpdate("UPDATE ITEMS SET NAME = 'z' WHERE ID >= 2")).isEqualTo(2);
                assertThat(s.executeUpdate("UPDATE ITEMS SET NAME = 'z' WHERE ID = 99")).isZero();
                assertThat(s.executeUpdate("DELETE FROM ITEMS WHERE ID = 1")).isEqualTo(1);
                assertThat(strings(c, "SELECT ID, NAME FROM ITEMS ORDER BY ID")).containsExactly("2:z", "3:z");
                assertThat(s.executeUpdate("DROP TABLE ITEMS")).isZero();
            }
        }

        @Test
        void executeQueryReturnsTheSelectedRows() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                createEmployees(c);
                try (ResultSet rs = s.executeQuery("SELECT ID, NAME FROM EMP WHERE DEPT_ID = 10 ORDER BY ID")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                    assertThat(rs.getString(2)).isEqualTo("Bob");
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(3);
                    assertThat(rs.getString(2)).isEqualTo("Cy");
                    assertThat(rs.next()).isFalse();
                }
            }
        }

        @Test
        void executeOfAQueryReportsOneResultSetAndThenNoMoreResults() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                createEmployees(c);
                assertThat(s.execute("SELECT COUNT(*) FROM EMP")).isTrue();
                assertThat(s.getUpdateCount()).isEqualTo(-1);
                ResultSet rs = s.getResultSet();
                assertThat(rs).isNotNull();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(EMPLOYEE_COUNT);
                assertThat(s.getMoreResults()).isFalse();
                assertThat(s.getUpdateCount()).isEqualTo(-1);
                assertThat(rs.isClosed()).as("getMoreResults closes the current result set").isTrue();
            }
        }

        @Test
        void executeOfAnUpdateReportsItsCountAndThenNoMoreResults() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                createEmployees(c);
                assertThat(s.execute("UPDATE EMP SET SALARY = SALARY + 1 WHERE DEPT_ID = 20")).isFalse();
                assertThat(s.getResultSet()).isNull();
                assertThat(s.getUpdateCount()).isEqualTo(2);
                assertThat(s.getMoreResults()).isFalse();
                assertThat(s.getUpdateCount()).isEqualTo(-1);
            }
        }

        @Test
        void executeQueryRejectsAnUpdateAndExecuteUpdateRejectsAQuery() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                createEmployees(c);
                assertThatExceptionOfType(SQLException.class).isThrownBy(() -> s.executeUpdate("SELECT ID FROM EMP"));
                assertThatExceptionOfType(SQLException.class)
                        .isThrownBy(() -> s.executeQuery("INSERT INTO EMP (ID, NAME) VALUES (99, 'Zed')"));
                assertThat(count(c, "EMP")).isEqualTo(EMPLOYEE_COUNT);
            }
        }

        @Test
        void maxRowsLimitsTheRowsReturned() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                createEmployees(c);
                assertThat(s.getMaxRows()).isZero();
                s.setMaxRows(2);
                assertThat(s.getMaxRows()).isEqualTo(2);
                assertThat(strings(s, "SELECT NAME FROM EMP ORDER BY ID")).containsExactly("Ada", "Bob");
                s.setMaxRows(0);
                assertThat(strings(s, "SELECT NAME FROM EMP ORDER BY ID")).hasSize(EMPLOYEE_COUNT);
            }
        }

        @Test
        void queryTimeoutRoundTrips() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                assertThat(s.getQueryTimeout()).isZero();
                s.setQueryTimeout(5);
                assertThat(s.getQueryTimeout()).isEqualTo(5);
                s.setQueryTimeout(0);
                assertThat(s.getQueryTimeout()).isZero();
            }
        }

        @Test
        void executeBatchReturnsOneCountPerStatement() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                createEmployees(c);
                s.addBatch("INSERT INTO EMP (ID, NAME, DEPT_ID) VALUES (6, 'Fay', 30)");
                s.addBatch("INSERT INTO EMP (ID, NAME, DEPT_ID) VALUES (7, 'Gus', 30)");
                s.addBatch("UPDATE EMP SET SALARY = 100 WHERE DEPT_ID = 30");
                s.addBatch("DELETE FROM EMP WHERE ID = 99");
                assertThat(s.executeBatch()).containsExactly(1, 1, 2, 0);
                assertThat(count(c, "EMP")).isEqualTo(EMPLOYEE_COUNT + 2);
            }
        }

        @Test
        void clearBatchDiscardsQueuedStatements() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                createEmployees(c);
                s.addBatch("INSERT INTO EMP (ID, NAME) VALUES (6, 'Fay')");
                s.clearBatch();
                assertThat(s.executeBatch()).isEmpty();
                s.addBatch("DELETE FROM EMP WHERE ID = 1");
                assertThat(s.executeBatch()).containsExactly(1);
                assertThat(count(c, "EMP")).isEqualTo(EMPLOYEE_COUNT - 1);
            }
        }

        @Test
        void generatedKeysAreReturnedOnRequest() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                createIdentityTable(c);
                for (long expected = 1; expected <= 2; expected++) {
                    assertThat(s.executeUpdate("INSERT INTO TICKETS (NAME) VALUES ('t" + expected + "')",
                            Statement.RETURN_GENERATED_KEYS)).isEqualTo(1);
                    assertThat(singleKey(s.getGeneratedKeys())).isEqualTo(expected);
                }
            }
        }

        @Test
        void generatedKeysAreReturnedForNamedColumns() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                createIdentityTable(c);
                for (long expected = 1; expected <= 2; expected++) {
                    assertThat(s.executeUpdate("INSERT INTO TICKETS (NAME) VALUES ('t" + expected + "')",
                            new String[] {"ID"})).isEqualTo(1);
                    assertThat(singleKey(s.getGeneratedKeys())).isEqualTo(expected);
                }
                assertThat(strings(c, "SELECT NAME FROM TICKETS ORDER BY ID")).containsExactly("t1", "t2");
            }
        }
    }

    @Nested
    class Closing {

        @Test
        void closingAStatementClosesItsResultSet() throws SQLException {
            try (Connection c = connect()) {
                createEmployees(c);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT ID FROM EMP");
                s.close();
                assertThat(s.isClosed()).isTrue();
                assertThat(rs.isClosed()).isTrue();
                assertThatExceptionOfType(SQLException.class).isThrownBy(rs::next);
            }
        }

        @Test
        void aClosedStatementThrowsOnUse() throws SQLException {
            try (Connection c = connect()) {
                createEmployees(c);
                Statement s = c.createStatement();
                s.close();
                assertThatExceptionOfType(SQLException.class).isThrownBy(() -> s.executeQuery("SELECT ID FROM EMP"));
                assertThatExceptionOfType(SQLException.class).isThrownBy(() -> s.executeUpdate("DELETE FROM EMP"));
                assertThat(count(c, "EMP")).isEqualTo(EMPLOYEE_COUNT);
                assertThatCode(s::close).as("closing twice is a no-op").doesNotThrowAnyException();
            }
        }

        @Test
        void closingAResultSetLeavesItsStatementUsable() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                createEmployees(c);
                ResultSet rs = s.executeQuery("SELECT ID FROM EMP");
                rs.close();
                assertThat(rs.isClosed()).isTrue();
                assertThat(s.isClosed()).isFalse();
                assertThat(strings(s, "SELECT NAME FROM EMP WHERE ID = 1")).containsExactly("Ada");
            }
        }

        @Test
        void executingAgainClosesThePreviousResultSet() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                createEmployees(c);
                ResultSet first = s.executeQuery("SELECT ID FROM EMP");
                ResultSet second = s.executeQuery("SELECT NAME FROM EMP");
                assertThat(first.isClosed()).isTrue();
                assertThat(second.isClosed()).isFalse();
            }
        }

        @Test
        void closingAConnectionClosesItsStatementsAndResultSets() throws SQLException {
            Connection c = connect();
            createEmployees(c);
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT ID FROM EMP");
            PreparedStatement ps = c.prepareStatement("SELECT NAME FROM EMP WHERE ID = ?");
            assertThat(c.isClosed()).isFalse();
            c.close();
            assertThat(c.isClosed()).isTrue();
            // Only use is checked: H2 leaves isClosed() false on a dead connection's statements and result sets.
            assertThatExceptionOfType(SQLException.class).isThrownBy(() -> s.executeQuery("SELECT ID FROM EMP"));
            assertThatExceptionOfType(SQLException.class).isThrownBy(ps::executeQuery);
            assertThatExceptionOfType(SQLException.class).isThrownBy(rs::next);
            assertThatExceptionOfType(SQLException.class).isThrownBy(c::createStatement);
            assertThatCode(c::close).as("closing twice is a no-op").doesNotThrowAnyException();
        }
    }

    @Nested
    class PreparedStatements {

        @Test
        void integerSettersRoundTrip() throws SQLException {
            try (Connection c = connect()) {
                execute(c, ALL_TYPES_DDL);
                assertThat(storeAndRead(c, "INT_COL", ps -> ps.setInt(1, INT_VALUE), rs -> rs.getInt(1)))
                        .isEqualTo(INT_VALUE);
                assertThat(storeAndRead(c, "BIGINT_COL", ps -> ps.setLong(1, Long.MIN_VALUE), rs -> rs.getLong(1)))
                        .isEqualTo(Long.MIN_VALUE);
                assertThat(storeAndRead(c, "SMALLINT_COL", ps -> ps.setShort(1, Short.MAX_VALUE), rs -> rs.getShort(1)))
                        .isEqualTo(Short.MAX_VALUE);
                assertThat(storeAndRead(c, "SMALLINT_COL", ps -> ps.setByte(1, Byte.MIN_VALUE), rs -> rs.getByte(1)))
                        .isEqualTo(Byte.MIN_VALUE);
            }
        }

        @Test
        void approximateAndExactNumericSettersRoundTrip() throws SQLException {
            try (Connection c = connect()) {
                execute(c, ALL_TYPES_DDL);
                assertThat(storeAndRead(c, "DOUBLE_COL", ps -> ps.setDouble(1, -1.0e-3), rs -> rs.getDouble(1)))
                        .isEqualTo(-1.0e-3);
                assertThat(storeAndRead(c, "DOUBLE_COL", ps -> ps.setFloat(1, 0.375f), rs -> rs.getFloat(1)))
                        .isEqualTo(0.375f);
                assertThat(storeAndRead(c, "DECIMAL_COL", ps -> ps.setBigDecimal(1, DECIMAL_VALUE), rs -> rs.getBigDecimal(1)))
                        .isEqualTo(DECIMAL_VALUE);
                assertThat(storeAndRead(c, "DECIMAL_COL", ps -> ps.setBigDecimal(1, new BigDecimal("-0.50")),
                        rs -> rs.getBigDecimal(1))).isEqualTo(new BigDecimal("-0.50"));
            }
        }

        @Test
        void textBooleanAndBinarySettersRoundTrip() throws SQLException {
            try (Connection c = connect()) {
                execute(c, ALL_TYPES_DDL);
                assertThat(storeAndRead(c, "VARCHAR_COL", ps -> ps.setString(1, VARCHAR_VALUE), rs -> rs.getString(1)))
                        .isEqualTo(VARCHAR_VALUE);
                assertThat(storeAndRead(c, "VARCHAR_COL", ps -> ps.setString(1, "it's"), rs -> rs.getString(1)))
                        .as("quotes in parameters are data, not SQL").isEqualTo("it's");
                assertThat(storeAndRead(c, "CLOB_COL", ps -> ps.setString(1, CLOB_VALUE), rs -> rs.getString(1)))
                        .isEqualTo(CLOB_VALUE);
                assertThat(storeAndRead(c, "BOOLEAN_COL", ps -> ps.setBoolean(1, true), rs -> rs.getBoolean(1))).isEqualTo(true);
                assertThat(storeAndRead(c, "BOOLEAN_COL", ps -> ps.setBoolean(1, false), rs -> rs.getBoolean(1))).isEqualTo(false);
                assertThat(storeAndRead(c, "BLOB_COL", ps -> ps.setBytes(1, BLOB_VALUE), rs -> rs.getBytes(1)))
                        .isEqualTo(BLOB_VALUE);
            }
        }

        @Test
        void temporalSettersRoundTrip() throws SQLException {
            try (Connection c = connect()) {
                execute(c, ALL_TYPES_DDL);
                assertThat(storeAndRead(c, "DATE_COL", ps -> ps.setDate(1, DATE_VALUE), rs -> rs.getDate(1)))
                        .isEqualTo(DATE_VALUE);
                assertThat(storeAndRead(c, "TIME_COL", ps -> ps.setTime(1, TIME_VALUE), rs -> rs.getTime(1)))
                        .isEqualTo(TIME_VALUE);
                assertThat(storeAndRead(c, "TIMESTAMP_COL", ps -> ps.setTimestamp(1, TIMESTAMP_VALUE), rs -> rs.getTimestamp(1)))
                        .isEqualTo(TIMESTAMP_VALUE);
                Timestamp wholeSeconds = Timestamp.valueOf("1999-12-31 23:59:59");
                assertThat(storeAndRead(c, "TIMESTAMP_COL", ps -> ps.setTimestamp(1, wholeSeconds), rs -> rs.getTimestamp(1)))
                        .isEqualTo(wholeSeconds);
            }
        }

        @ParameterizedTest(name = "setNull({1}) on {0}")
        @CsvSource({"INT_COL, INTEGER", "BIGINT_COL, BIGINT", "SMALLINT_COL, SMALLINT", "DOUBLE_COL, DOUBLE",
            "DECIMAL_COL, DECIMAL", "VARCHAR_COL, VARCHAR", "CLOB_COL, CLOB", "BOOLEAN_COL, BOOLEAN",
            "DATE_COL, DATE", "TIME_COL, TIME", "TIMESTAMP_COL, TIMESTAMP", "BLOB_COL, BLOB"})
        void setNullStoresNull(String column, JDBCType type) throws SQLException {
            try (Connection c = connect()) {
                execute(c, ALL_TYPES_DDL);
                Object read = storeAndRead(c, column, ps -> ps.setNull(1, type.getVendorTypeNumber()),
                        rs -> List.of(String.valueOf(rs.getObject(1)), rs.wasNull()));
                assertThat(read).isEqualTo(List.of("null", true));
                assertThat(strings(c, "SELECT ID FROM ALL_TYPES WHERE " + column + " IS NULL")).containsExactly("1");
            }
        }

        @ParameterizedTest(name = "setObject({1}) on {0}")
        @MethodSource("dev.chorus.driver.contract.JdbcContract#setObjectCases")
        void setObjectRoundTripsWithAndWithoutATargetType(String column, Object value, JDBCType type)
                throws SQLException {
            try (Connection c = connect()) {
                execute(c, ALL_TYPES_DDL);
                assertThat(storeAndRead(c, column, ps -> ps.setObject(1, value), rs -> readAs(rs, value.getClass())))
                        .isEqualTo(value);
                // The three-argument form means scale 0 for DECIMAL (so Derby truncates); H2 keeps the scale.
                Binder typed = value instanceof BigDecimal decimal
                        ? ps -> ps.setObject(1, value, type.getVendorTypeNumber(), decimal.scale())
                        : ps -> ps.setObject(1, value, type.getVendorTypeNumber());
                assertThat(storeAndRead(c, column, typed, rs -> readAs(rs, value.getClass()))).isEqualTo(value);
            }
        }

        @Test
        void parametersAreKeptAcrossExecutions() throws SQLException {
            try (Connection c = connect()) {
                createEmployees(c);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO EMP (ID, NAME, DEPT_ID) VALUES (?, ?, ?)")) {
                    ps.setInt(1, 6);
                    ps.setString(2, "Fay");
                    ps.setInt(3, 30);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                    ps.setInt(1, 7);
                    ps.setString(2, "Gus");
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                assertThat(strings(c, "SELECT NAME FROM EMP WHERE DEPT_ID = 30 ORDER BY ID")).containsExactly("Fay", "Gus");
            }
        }

        @Test
        void aQueryCanBeExecutedAgainWithNewParameters() throws SQLException {
            try (Connection c = connect()) {
                createEmployees(c);
                try (PreparedStatement ps = c.prepareStatement("SELECT NAME FROM EMP WHERE DEPT_ID = ? ORDER BY NAME")) {
                    ps.setInt(1, 10);
                    assertThat(strings(ps)).containsExactly("Bob", "Cy");
                    ps.setInt(1, 20);
                    assertThat(strings(ps)).containsExactly("Ada", "Di");
                    ps.setInt(1, 30);
                    assertThat(strings(ps)).isEmpty();
                }
            }
        }

        @Test
        void executingAfterClearParametersFails() throws SQLException {
            try (Connection c = connect()) {
                createEmployees(c);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO EMP (ID, NAME) VALUES (?, ?)")) {
                    ps.setInt(1, 6);
                    ps.setString(2, "Fay");
                    ps.clearParameters();
                    assertThatExceptionOfType(SQLException.class).isThrownBy(ps::executeUpdate);
                }
                assertThat(count(c, "EMP")).isEqualTo(EMPLOYEE_COUNT);
            }
        }

        @Test
        void executeBatchWithParametersReturnsOneCountPerParameterSet() throws SQLException {
            try (Connection c = connect()) {
                createEmployees(c);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO EMP (ID, NAME, DEPT_ID) VALUES (?, ?, 30)")) {
                    int id = EMPLOYEE_COUNT;
                    for (String name : List.of("Fay", "Gus", "Hal")) {
                        ps.setInt(1, ++id);
                        ps.setString(2, name);
                        ps.addBatch();
                    }
                    assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE EMP SET SALARY = ? WHERE DEPT_ID = ?")) {
                    ps.setBigDecimal(1, BigDecimal.TEN);
                    ps.setInt(2, 30);
                    ps.addBatch();
                    ps.setBigDecimal(1, BigDecimal.ONE);
                    ps.setInt(2, 10);
                    ps.addBatch();
                    assertThat(ps.executeBatch()).containsExactly(3, 2);
                }
                assertThat(strings(c, "SELECT NAME FROM EMP WHERE DEPT_ID = 30 ORDER BY NAME")).containsExactly("Fay", "Gus", "Hal");
                assertThat(decimal(c, "SELECT SUM(SALARY) FROM EMP WHERE DEPT_ID IN (10, 30)")).isEqualByComparingTo("32");
            }
        }

        @Test
        void parameterIndexOutsideTheStatementIsRejected() throws SQLException {
            try (Connection c = connect()) {
                createEmployees(c);
                try (PreparedStatement ps = c.prepareStatement("SELECT NAME FROM EMP WHERE ID = ? OR DEPT_ID = ?")) {
                    assertThatExceptionOfType(SQLException.class).isThrownBy(() -> ps.setInt(0, 1));
                    assertThatExceptionOfType(SQLException.class).isThrownBy(() -> ps.setInt(3, 1));
                    assertThatExceptionOfType(SQLException.class).isThrownBy(() -> ps.setString(3, "x"));
                    ps.setInt(1, 1);
                    ps.setInt(2, 10);
                    assertThat(strings(ps)).containsExactlyInAnyOrder("Ada", "Bob", "Cy");
                }
            }
        }

        @Test
        void generatedKeysAreReturnedOnRequest() throws SQLException {
            try (Connection c = connect()) {
                createIdentityTable(c);
                try (PreparedStatement byFlag = c.prepareStatement("INSERT INTO TICKETS (NAME) VALUES (?)",
                        Statement.RETURN_GENERATED_KEYS);
                     PreparedStatement byName = c.prepareStatement("INSERT INTO TICKETS (NAME) VALUES (?)",
                        new String[] {"ID"})) {
                    byFlag.setString(1, "flag1");
                    assertThat(byFlag.executeUpdate()).isEqualTo(1);
                    assertThat(singleKey(byFlag.getGeneratedKeys())).isEqualTo(1);
                    byName.setString(1, "name2");
                    assertThat(byName.executeUpdate()).isEqualTo(1);
                    assertThat(singleKey(byName.getGeneratedKeys())).isEqualTo(2);
                    byFlag.setString(1, "flag3");
                    assertThat(byFlag.executeUpdate()).isEqualTo(1);
                    assertThat(singleKey(byFlag.getGeneratedKeys())).isEqualTo(3);
                }
                assertThat(strings(c, "SELECT NAME FROM TICKETS ORDER BY ID")).containsExactly("flag1", "name2", "flag3");
            }
        }
    }

    @Nested
    class ResultSets {

        @Test
        void numericGettersReadByIndexAndLabel() throws SQLException {
            try (Connection c = connect(); PreparedStatement ps = sampleRow(c, SAMPLE_ID); ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(read(rs, "INT_COL", ResultSet::getInt, ResultSet::getInt)).isEqualTo(INT_VALUE);
                assertThat(read(rs, "INT_COL", ResultSet::getLong, ResultSet::getLong)).isEqualTo((long) INT_VALUE);
                assertThat(read(rs, "BIGINT_COL", ResultSet::getLong, ResultSet::getLong)).isEqualTo(BIGINT_VALUE);
                assertThat(read(rs, "SMALLINT_COL", ResultSet::getShort, ResultSet::getShort)).isEqualTo(SMALLINT_VALUE);
                assertThat(read(rs, "SMALLINT_COL", ResultSet::getByte, ResultSet::getByte)).isEqualTo((byte) SMALLINT_VALUE);
                assertThat(read(rs, "SMALLINT_COL", ResultSet::getInt, ResultSet::getInt)).isEqualTo((int) SMALLINT_VALUE);
                assertThat(read(rs, "DOUBLE_COL", ResultSet::getDouble, ResultSet::getDouble)).isEqualTo(DOUBLE_VALUE);
                assertThat(read(rs, "DOUBLE_COL", ResultSet::getFloat, ResultSet::getFloat)).isEqualTo((float) DOUBLE_VALUE);
                assertThat(read(rs, "DECIMAL_COL", ResultSet::getBigDecimal, ResultSet::getBigDecimal)).isEqualTo(DECIMAL_VALUE);
                assertThat(read(rs, "DECIMAL_COL", ResultSet::getDouble, ResultSet::getDouble))
                        .isEqualTo(DECIMAL_VALUE.doubleValue());
                assertThat(read(rs, "INT_COL", ResultSet::getBigDecimal, ResultSet::getBigDecimal))
                        .isEqualTo(BigDecimal.valueOf(INT_VALUE));
                assertThat(rs.wasNull()).isFalse();
            }
        }

        @Test
        void textBooleanTemporalAndBinaryGettersReadByIndexAndLabel() throws SQLException {
            try (Connection c = connect(); PreparedStatement ps = sampleRow(c, SAMPLE_ID); ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(read(rs, "VARCHAR_COL", ResultSet::getString, ResultSet::getString)).isEqualTo(VARCHAR_VALUE);
                assertThat(read(rs, "CLOB_COL", ResultSet::getString, ResultSet::getString)).isEqualTo(CLOB_VALUE);
                assertThat(read(rs, "INT_COL", ResultSet::getString, ResultSet::getString)).isEqualTo(String.valueOf(INT_VALUE));
                assertThat(read(rs, "BOOLEAN_COL", ResultSet::getBoolean, ResultSet::getBoolean)).isEqualTo(true);
                assertThat(read(rs, "DATE_COL", ResultSet::getDate, ResultSet::getDate)).isEqualTo(DATE_VALUE);
                assertThat(read(rs, "TIME_COL", ResultSet::getTime, ResultSet::getTime)).isEqualTo(TIME_VALUE);
                assertThat(read(rs, "TIMESTAMP_COL", ResultSet::getTimestamp, ResultSet::getTimestamp))
                        .isEqualTo(TIMESTAMP_VALUE);
                assertThat(read(rs, "BLOB_COL", ResultSet::getBytes, ResultSet::getBytes)).isEqualTo(BLOB_VALUE);
                assertThat(rs.wasNull()).isFalse();
            }
        }

        @Test
        void getObjectReturnsTheStandardJavaClassOfEachColumnType() throws SQLException {
            try (Connection c = connect(); PreparedStatement ps = sampleRow(c, SAMPLE_ID); ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(read(rs, "INT_COL", ResultSet::getObject, ResultSet::getObject)).isEqualTo(INT_VALUE);
                assertThat(read(rs, "BIGINT_COL", ResultSet::getObject, ResultSet::getObject)).isEqualTo(BIGINT_VALUE);
                assertThat(read(rs, "DOUBLE_COL", ResultSet::getObject, ResultSet::getObject)).isEqualTo(DOUBLE_VALUE);
                assertThat(read(rs, "DECIMAL_COL", ResultSet::getObject, ResultSet::getObject)).isEqualTo(DECIMAL_VALUE);
                assertThat(read(rs, "VARCHAR_COL", ResultSet::getObject, ResultSet::getObject)).isEqualTo(VARCHAR_VALUE);
                assertThat(read(rs, "BOOLEAN_COL", ResultSet::getObject, ResultSet::getObject)).isEqualTo(Boolean.TRUE);
                assertThat(read(rs, "DATE_COL", ResultSet::getObject, ResultSet::getObject)).isEqualTo(DATE_VALUE);
                assertThat(read(rs, "TIMESTAMP_COL", ResultSet::getObject, ResultSet::getObject)).isEqualTo(TIMESTAMP_VALUE);
            }
        }

        @Test
        void getObjectConvertsToTheRequestedClass() throws SQLException {
            try (Connection c = connect(); PreparedStatement ps = sampleRow(c, SAMPLE_ID); ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(readObject(rs, "INT_COL", Integer.class)).isEqualTo(INT_VALUE);
                assertThat(readObject(rs, "BIGINT_COL", Long.class)).isEqualTo(BIGINT_VALUE);
                assertThat(readObject(rs, "VARCHAR_COL", String.class)).isEqualTo(VARCHAR_VALUE);
                assertThat(readObject(rs, "DECIMAL_COL", BigDecimal.class)).isEqualTo(DECIMAL_VALUE);
                assertThat(readObject(rs, "DATE_COL", LocalDate.class)).isEqualTo(DATE_VALUE.toLocalDate());
                assertThat(readObject(rs, "TIMESTAMP_COL", LocalDateTime.class)).isEqualTo(TIMESTAMP_VALUE.toLocalDateTime());
                assertThat(readObject(rs, "BOOLEAN_COL", Boolean.class)).isEqualTo(true);
            }
        }

        @Test
        void nullsReadAsDefaultsAndAreReportedByWasNull() throws SQLException {
            try (Connection c = connect(); PreparedStatement ps = sampleRow(c, NULL_ID); ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(readNull(rs, "INT_COL", ResultSet::getInt, ResultSet::getInt)).isEqualTo(0);
                assertThat(readNull(rs, "BIGINT_COL", ResultSet::getLong, ResultSet::getLong)).isEqualTo(0L);
                assertThat(readNull(rs, "SMALLINT_COL", ResultSet::getShort, ResultSet::getShort)).isEqualTo((short) 0);
                assertThat(readNull(rs, "SMALLINT_COL", ResultSet::getByte, ResultSet::getByte)).isEqualTo((byte) 0);
                assertThat(readNull(rs, "DOUBLE_COL", ResultSet::getDouble, ResultSet::getDouble)).isEqualTo(0.0);
                assertThat(readNull(rs, "DOUBLE_COL", ResultSet::getFloat, ResultSet::getFloat)).isEqualTo(0.0f);
                assertThat(readNull(rs, "DECIMAL_COL", ResultSet::getBigDecimal, ResultSet::getBigDecimal)).isNull();
                assertThat(readNull(rs, "VARCHAR_COL", ResultSet::getString, ResultSet::getString)).isNull();
                assertThat(readNull(rs, "CLOB_COL", ResultSet::getString, ResultSet::getString)).isNull();
                assertThat(readNull(rs, "BOOLEAN_COL", ResultSet::getBoolean, ResultSet::getBoolean)).isEqualTo(false);
                assertThat(readNull(rs, "DATE_COL", ResultSet::getDate, ResultSet::getDate)).isNull();
                assertThat(readNull(rs, "TIME_COL", ResultSet::getTime, ResultSet::getTime)).isNull();
                assertThat(readNull(rs, "TIMESTAMP_COL", ResultSet::getTimestamp, ResultSet::getTimestamp)).isNull();
                assertThat(readNull(rs, "BLOB_COL", ResultSet::getBytes, ResultSet::getBytes)).isNull();
                assertThat(readNull(rs, "INT_COL", ResultSet::getObject, ResultSet::getObject)).isNull();
                assertThat(readNull(rs, "INT_COL", (r, i) -> r.getObject(i, Integer.class),
                        (r, l) -> r.getObject(l, Integer.class))).isNull();
                assertThat(rs.getInt("ID")).isEqualTo(NULL_ID);
                assertThat(rs.wasNull()).isFalse();
            }
        }

        @Test
        void labelsAreCaseInsensitiveAndUnknownLabelsAreRejected() throws SQLException {
            try (Connection c = connect(); PreparedStatement ps = sampleRow(c, SAMPLE_ID); ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("int_col")).isEqualTo(INT_VALUE);
                assertThat(rs.getInt("Int_Col")).isEqualTo(INT_VALUE);
                assertThat(rs.findColumn("varchar_col")).isEqualTo(ALL_TYPES_COLUMNS.indexOf("VARCHAR_COL") + 1);
                assertThatExceptionOfType(SQLException.class).isThrownBy(() -> rs.getInt("NO_SUCH_COLUMN"));
                assertThatExceptionOfType(SQLException.class).isThrownBy(() -> rs.findColumn("NO_SUCH_COLUMN"));
                assertThatExceptionOfType(SQLException.class).isThrownBy(() -> rs.getInt(ALL_TYPES_COLUMNS.size() + 1));
            }
        }

        @Test
        void gettersOutsideARowAreRejected() throws SQLException {
            try (Connection c = connect(); PreparedStatement ps = sampleRow(c, SAMPLE_ID); ResultSet rs = ps.executeQuery()) {
                assertThatExceptionOfType(SQLException.class).as("before next()").isThrownBy(() -> rs.getInt(1));
                assertThatExceptionOfType(SQLException.class).as("before next()").isThrownBy(() -> rs.getString("ID"));
                assertThat(rs.next()).isTrue();
                assertThat(rs.next()).isFalse();
                assertThatExceptionOfType(SQLException.class).as("after the last row").isThrownBy(() -> rs.getInt(1));
            }
        }

        @Test
        void metadataDescribesColumns() throws SQLException {
            try (Connection c = connect(); PreparedStatement ps = sampleRow(c, SAMPLE_ID); ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                assertThat(md.getColumnCount()).isEqualTo(ALL_TYPES_COLUMNS.size());
                List<String> labels = new ArrayList<>();
                List<Integer> types = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    labels.add(md.getColumnLabel(i));
                    types.add(md.getColumnType(i));
                }
                assertThat(labels).isEqualTo(ALL_TYPES_COLUMNS);
                assertThat(types).containsExactly(Types.INTEGER, Types.INTEGER, Types.BIGINT, Types.SMALLINT,
                        Types.DOUBLE, Types.DECIMAL, Types.VARCHAR, Types.CLOB, Types.BOOLEAN, Types.DATE, Types.TIME,
                        Types.TIMESTAMP, Types.BLOB);
                int id = ALL_TYPES_COLUMNS.indexOf("ID") + 1;
                int decimal = ALL_TYPES_COLUMNS.indexOf("DECIMAL_COL") + 1;
                assertThat(md.isNullable(id)).isEqualTo(ResultSetMetaData.columnNoNulls);
                assertThat(md.isNullable(decimal)).isEqualTo(ResultSetMetaData.columnNullable);
                assertThat(md.getPrecision(decimal)).isEqualTo(12);
                assertThat(md.getScale(decimal)).isEqualTo(2);
            }
        }

        @Test
        void labelsFollowAliasesAndQuotedIdentifiersKeepTheirCase() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                createEmployees(c);
                try (ResultSet rs = s.executeQuery("SELECT ID AS employee_id, NAME AS \"MixedCase\" FROM EMP WHERE ID = 1")) {
                    assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("EMPLOYEE_ID");
                    assertThat(rs.getMetaData().getColumnLabel(2)).isEqualTo("MixedCase");
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt("EMPLOYEE_ID")).isEqualTo(1);
                    assertThat(rs.getString("MixedCase")).isEqualTo("Ada");
                }
            }
        }
    }

    @Nested
    class Queries {

        @Test
        void orderByOrdersAscendingAndDescending() throws SQLException {
            try (Connection c = connect()) {
                createEmployees(c);
                assertThat(strings(c, "SELECT NAME FROM EMP WHERE SALARY IS NOT NULL ORDER BY SALARY"))
                        .containsExactly("Cy", "Bob", "Di", "Ada");
                assertThat(strings(c, "SELECT NAME FROM EMP WHERE DEPT_ID IS NOT NULL ORDER BY DEPT_ID DESC, NAME"))
                        .containsExactly("Ada", "Di", "Bob", "Cy");
                // Where NULL sorts by default differs (Derby: last ascending; H2, HSQLDB: first), so say it.
                assertThat(strings(c, "SELECT NAME FROM EMP ORDER BY SALARY DESC NULLS LAST"))
                        .containsExactly("Ada", "Di", "Bob", "Cy", "Ed");
                assertThat(strings(c, "SELECT NAME FROM EMP ORDER BY DEPT_ID NULLS FIRST, ID"))
                        .containsExactly("Ed", "Bob", "Cy", "Ada", "Di");
            }
        }

        @Test
        void fetchFirstAndOffsetPageThroughOrderedRows() throws SQLException {
            try (Connection c = connect()) {
                createEmployees(c);
                assertThat(strings(c, "SELECT NAME FROM EMP ORDER BY ID FETCH FIRST 2 ROWS ONLY")).containsExactly("Ada", "Bob");
                assertThat(strings(c, "SELECT NAME FROM EMP ORDER BY ID OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY"))
                        .containsExactly("Bob", "Cy");
                assertThat(strings(c, "SELECT NAME FROM EMP ORDER BY ID OFFSET 4 ROWS")).containsExactly("Ed");
            }
        }

        @Test
        void aggregatesComputeValues() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                createEmployees(c);
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(SALARY), SUM(ID), SUM(SALARY),"
                        + " MIN(SALARY), MAX(SALARY), MIN(NAME), MAX(NAME) FROM EMP")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(EMPLOYEE_COUNT);
                    assertThat(rs.getLong(2)).as("COUNT(column) skips NULL").isEqualTo(EMPLOYEE_COUNT - 1);
                    assertThat(rs.getLong(3)).isEqualTo(15);
                    assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("14700.75");
                    assertThat(rs.getBigDecimal(5)).isEqualByComparingTo("2500.25");
                    assertThat(rs.getBigDecimal(6)).isEqualByComparingTo("5000.00");
                    assertThat(rs.getString(7)).isEqualTo("Ada");
                    assertThat(rs.getString(8)).isEqualTo("Ed");
                    assertThat(rs.next()).isFalse();
                }
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(SALARY) FROM EMP WHERE ID > 100")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isZero();
                    assertThat(rs.getBigDecimal(2)).as("SUM over no rows is NULL").isNull();
                    assertThat(rs.wasNull()).isTrue();
                }
            }
        }

        @Test
        void groupByAndHavingSummariseGroups() throws SQLException {
            try (Connection c = connect()) {
                createEmployees(c);
                assertThat(strings(c, "SELECT DEPT_ID, COUNT(*) FROM EMP WHERE DEPT_ID IS NOT NULL"
                        + " GROUP BY DEPT_ID ORDER BY DEPT_ID")).containsExactly("10:2", "20:2");
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT DEPT_ID, SUM(SALARY) AS TOTAL FROM EMP"
                        + " GROUP BY DEPT_ID HAVING SUM(SALARY) > 6000 ORDER BY DEPT_ID")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt("DEPT_ID")).isEqualTo(20);
                    assertThat(rs.getBigDecimal("TOTAL")).isEqualByComparingTo("9200.00");
                    assertThat(rs.next()).isFalse();
                }
            }
        }

        @Test
        void joinsMatchRows() throws SQLException {
            try (Connection c = connect()) {
                createEmployees(c);
                assertThat(strings(c, "SELECT E.NAME || '@' || D.NAME FROM EMP E JOIN DEPT D ON E.DEPT_ID = D.ID"
                        + " ORDER BY E.ID")).containsExactly("Ada@Research", "Bob@Sales", "Cy@Sales", "Di@Research");
                assertThat(strings(c, "SELECT D.NAME FROM DEPT D LEFT JOIN EMP E ON E.DEPT_ID = D.ID"
                        + " WHERE E.ID IS NULL")).containsExactly("Empty");
                assertThat(strings(c, "SELECT D.NAME, COUNT(E.ID) FROM DEPT D LEFT JOIN EMP E"
                        + " ON E.DEPT_ID = D.ID GROUP BY D.NAME ORDER BY D.NAME"))
                        .containsExactly("Empty:0", "Research:2", "Sales:2");
            }
        }

        @Test
        void predicatesFilterRows() throws SQLException {
            try (Connection c = connect()) {
                createEmployees(c);
                assertThat(strings(c, "SELECT NAME FROM EMP WHERE ID IN (1, 3, 99) ORDER BY ID")).containsExactly("Ada", "Cy");
                assertThat(strings(c, "SELECT NAME FROM EMP WHERE SALARY BETWEEN 3000 AND 4500 ORDER BY ID"))
                        .containsExactly("Bob", "Di");
                assertThat(strings(c, "SELECT NAME FROM EMP WHERE NAME LIKE '_d%' ORDER BY ID")).containsExactly("Ada", "Ed");
                assertThat(strings(c, "SELECT NAME FROM EMP WHERE DEPT_ID IS NULL")).containsExactly("Ed");
                assertThat(strings(c, "SELECT NAME FROM EMP WHERE SALARY = (SELECT MAX(SALARY) FROM EMP)"))
                        .containsExactly("Ada");
                assertThat(strings(c, "SELECT DISTINCT DEPT_ID FROM EMP WHERE DEPT_ID IS NOT NULL ORDER BY DEPT_ID"))
                        .containsExactly("10", "20");
                // Numeric branches: HSQLDB types string literals as CHAR and would pad 'low' to 'low '.
                assertThat(strings(c, "SELECT CASE WHEN SALARY >= 4000 THEN 1 ELSE 0 END FROM EMP"
                        + " WHERE SALARY IS NOT NULL ORDER BY ID")).containsExactly("1", "0", "0", "1");
            }
        }
    }

    @Nested
    class Transactions {

        @Test
        void autoCommitIsOnByDefault() throws SQLException {
            try (Connection writer = connect(); Connection reader = connect()) {
                assertThat(writer.getAutoCommit()).isTrue();
                createEmployees(writer);
                execute(writer, "DELETE FROM EMP WHERE ID = 1");
                assertThat(count(reader, "EMP")).isEqualTo(EMPLOYEE_COUNT - 1);
            }
        }

        @Test
        void commitMakesWritesVisibleToOtherConnections() throws SQLException {
            try (Connection writer = connect(); Connection reader = connect()) {
                createEmployees(writer);
                writer.setAutoCommit(false);
                assertThat(writer.getAutoCommit()).isFalse();
                execute(writer, "INSERT INTO EMP (ID, NAME) VALUES (6, 'Fay')", "DELETE FROM EMP WHERE ID = 1");
                assertThat(count(writer, "EMP")).as("own uncommitted writes").isEqualTo(EMPLOYEE_COUNT);
                writer.commit();
                assertThat(strings(reader, "SELECT NAME FROM EMP ORDER BY ID")).containsExactly("Bob", "Cy", "Di", "Ed", "Fay");
            }
        }

        @Test
        void rollbackDiscardsWrites() throws SQLException {
            try (Connection writer = connect(); Connection reader = connect()) {
                createEmployees(writer);
                writer.setAutoCommit(false);
                execute(writer, "INSERT INTO EMP (ID, NAME) VALUES (6, 'Fay')", "UPDATE EMP SET NAME = 'X' WHERE ID = 1");
                writer.rollback();
                assertThat(strings(writer, "SELECT NAME FROM EMP ORDER BY ID")).containsExactly("Ada", "Bob", "Cy", "Di", "Ed");
                writer.commit();
                assertThat(strings(reader, "SELECT NAME FROM EMP ORDER BY ID")).containsExactly("Ada", "Bob", "Cy", "Di", "Ed");
            }
        }

        @Test
        void switchingAutoCommitOnCommitsPendingWork() throws SQLException {
            try (Connection writer = connect(); Connection reader = connect()) {
                createEmployees(writer);
                writer.setAutoCommit(false);
                execute(writer, "DELETE FROM EMP WHERE ID = 5");
                writer.setAutoCommit(true);
                assertThat(count(reader, "EMP")).isEqualTo(EMPLOYEE_COUNT - 1);
            }
        }

        @Test
        void rollbackToASavepointKeepsEarlierWork() throws SQLException {
            try (Connection writer = connect(); Connection reader = connect()) {
                createEmployees(writer);
                writer.setAutoCommit(false);
                execute(writer, "INSERT INTO EMP (ID, NAME) VALUES (6, 'Fay')");
                Savepoint first = writer.setSavepoint();
                execute(writer, "INSERT INTO EMP (ID, NAME) VALUES (7, 'Gus')");
                Savepoint second = writer.setSavepoint("second");
                assertThat(second.getSavepointName()).isEqualTo("second");
                execute(writer, "INSERT INTO EMP (ID, NAME) VALUES (8, 'Hal')");
                writer.rollback(second);
                assertThat(strings(writer, "SELECT NAME FROM EMP WHERE ID > 5 ORDER BY ID")).containsExactly("Fay", "Gus");
                writer.rollback(first);
                assertThat(strings(writer, "SELECT NAME FROM EMP WHERE ID > 5 ORDER BY ID")).containsExactly("Fay");
                execute(writer, "INSERT INTO EMP (ID, NAME) VALUES (9, 'Ivy')");
                writer.commit();
                assertThat(strings(reader, "SELECT NAME FROM EMP WHERE ID > 5 ORDER BY ID")).containsExactly("Fay", "Ivy");
            }
        }

        @Test
        void releasingASavepointKeepsItsWork() throws SQLException {
            try (Connection writer = connect(); Connection reader = connect()) {
                createEmployees(writer);
                writer.setAutoCommit(false);
                Savepoint savepoint = writer.setSavepoint("before_insert");
                execute(writer, "INSERT INTO EMP (ID, NAME) VALUES (6, 'Fay')");
                writer.releaseSavepoint(savepoint);
                writer.commit();
                assertThat(strings(reader, "SELECT NAME FROM EMP WHERE ID > 5")).containsExactly("Fay");
            }
        }

        @Test
        void aFailedStatementInATransactionKeepsEarlierWork() throws SQLException {
            try (Connection writer = connect(); Connection reader = connect()) {
                createEmployees(writer);
                writer.setAutoCommit(false);
                execute(writer, "INSERT INTO EMP (ID, NAME) VALUES (6, 'Fay')");
                assertSqlStateClass("23", () -> execute(writer, "INSERT INTO EMP (ID, NAME) VALUES (1, 'Dup')"));
                execute(writer, "INSERT INTO EMP (ID, NAME) VALUES (7, 'Gus')");
                writer.commit();
                assertThat(strings(reader, "SELECT NAME FROM EMP WHERE ID >= 1 ORDER BY ID"))
                        .containsExactly("Ada", "Bob", "Cy", "Di", "Ed", "Fay", "Gus");
            }
        }
    }

    @Nested
    class Connections {

        @Test
        void isValidUntilClosed() throws SQLException {
            Connection c = connect();
            assertThat(c.isValid(1)).isTrue();
            c.close();
            assertThat(c.isValid(1)).isFalse();
            assertThat(c.isClosed()).isTrue();
        }

        @Test
        void readOnlyIsAcceptedAsAHint() throws SQLException {
            try (Connection c = connect()) {
                createEmployees(c);
                assertThat(c.isReadOnly()).isFalse();
                // H2 ignores the hint (isReadOnly stays false), so only acceptance is portable.
                c.setReadOnly(true);
                assertThat(count(c, "EMP")).isEqualTo(EMPLOYEE_COUNT);
                c.setReadOnly(false);
                assertThat(c.isReadOnly()).isFalse();
                execute(c, "DELETE FROM EMP WHERE ID = 1");
                assertThat(count(c, "EMP")).isEqualTo(EMPLOYEE_COUNT - 1);
            }
        }

        @Test
        void metadataListsTablesColumnsAndPrimaryKeys() throws SQLException {
            try (Connection c = connect()) {
                execute(c, "CREATE TABLE T_ALPHA (ID INT NOT NULL PRIMARY KEY, LABEL VARCHAR(20) NOT NULL, AMOUNT DECIMAL(12,2))",
                        "CREATE TABLE T_BETA (CODE VARCHAR(10) NOT NULL PRIMARY KEY)",
                        "CREATE TABLE OTHER_TABLE (ID INT)");
                DatabaseMetaData md = c.getMetaData();
                try (ResultSet rs = md.getTables(null, null, "T%", new String[] {"TABLE"})) {
                    assertThat(column(rs, "TABLE_NAME")).containsExactlyInAnyOrder("T_ALPHA", "T_BETA");
                }
                try (ResultSet rs = md.getColumns(null, null, "T_ALPHA", null)) {
                    List<String> columns = new ArrayList<>();
                    while (rs.next()) {
                        columns.add(rs.getInt("ORDINAL_POSITION") + ":" + rs.getString("COLUMN_NAME") + ":"
                                + JDBCType.valueOf(rs.getInt("DATA_TYPE")) + ":" + rs.getInt("NULLABLE"));
                    }
                    assertThat(columns).containsExactly("1:ID:INTEGER:" + DatabaseMetaData.columnNoNulls,
                            "2:LABEL:VARCHAR:" + DatabaseMetaData.columnNoNulls,
                            "3:AMOUNT:DECIMAL:" + DatabaseMetaData.columnNullable);
                }
                try (ResultSet rs = md.getPrimaryKeys(null, null, "T_BETA")) {
                    assertThat(column(rs, "COLUMN_NAME")).containsExactly("CODE");
                }
            }
        }

        @Test
        void nativeSqlReturnsItsInput() throws SQLException {
            try (Connection c = connect()) {
                String sql = "SELECT NAME FROM EMP WHERE ID = ? AND NAME <> 'x'";
                assertThat(c.nativeSQL(sql)).isEqualTo(sql);
            }
        }

        @Test
        void catalogAndSchemaAreReported() throws SQLException {
            try (Connection c = connect()) {
                assertThat(c.getCatalog()).isNotNull();
                assertThat(c.getSchema()).isNotBlank();
            }
        }
    }

    /** Each failure leaves the connection usable and the data as it was. */
    @Nested
    class Errors {

        @BeforeEach
        void createTables() throws SQLException {
            try (Connection c = connect()) {
                createEmployees(c);
            }
        }

        @Test
        void syntaxErrorIsClass42() throws SQLException {
            assertFailsCleanly("42", c -> execute(c, "SELEC ID FROM EMP"));
        }

        @Test
        void unknownTableIsClass42() throws SQLException {
            assertFailsCleanly("42", c -> execute(c, "SELECT ID FROM NO_SUCH_TABLE"));
            assertFailsCleanly("42", c -> execute(c, "INSERT INTO NO_SUCH_TABLE (ID) VALUES (1)"));
        }

        @Test
        void unknownColumnIsClass42() throws SQLException {
            assertFailsCleanly("42", c -> execute(c, "SELECT NO_SUCH_COLUMN FROM EMP"));
        }

        @Test
        void uniqueKeyViolationIsClass23() throws SQLException {
            assertFailsCleanly("23", c -> execute(c, "INSERT INTO EMP (ID, NAME) VALUES (1, 'Zed')"));
            assertFailsCleanly("23", c -> execute(c, "INSERT INTO EMP (ID, NAME) VALUES (99, 'Ada')"));
            assertFailsCleanly("23", c -> execute(c, "UPDATE EMP SET ID = 2 WHERE ID = 1"));
        }

        @Test
        void notNullViolationIsClass23() throws SQLException {
            assertFailsCleanly("23", c -> execute(c, "INSERT INTO EMP (ID, NAME) VALUES (99, NULL)"));
            assertFailsCleanly("23", c -> execute(c, "UPDATE EMP SET NAME = NULL WHERE ID = 1"));
        }

        @Test
        void foreignKeyViolationIsClass23() throws SQLException {
            try (Connection c = connect()) {
                execute(c, "CREATE TABLE BADGE (ID INT NOT NULL PRIMARY KEY, EMP_ID INT NOT NULL REFERENCES EMP (ID))");
            }
            assertFailsCleanly("23", c -> execute(c, "INSERT INTO BADGE (ID, EMP_ID) VALUES (1, 99)"));
            assertFailsCleanly("23", c -> {
                execute(c, "INSERT INTO BADGE (ID, EMP_ID) VALUES (1, 1)");
                try {
                    execute(c, "DELETE FROM EMP WHERE ID = 1");
                } finally {
                    execute(c, "DELETE FROM BADGE");
                }
            });
        }

        @Test
        void invalidDataIsClass22() throws SQLException {
            assertFailsCleanly("22", c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO EMP (ID, NAME) VALUES (?, ?)")) {
                    ps.setString(1, "abc");
                    ps.setString(2, "Zed");
                    ps.executeUpdate();
                }
            });
            assertFailsCleanly("22", c -> execute(c, "INSERT INTO EMP (ID, NAME) VALUES (99, '" + "x".repeat(41) + "')"));
            assertFailsCleanly("22", c -> strings(c, "SELECT ID / (ID - ID) FROM EMP"));
        }

        private void assertFailsCleanly(String sqlStateClass, SqlWork failing) throws SQLException {
            try (Connection c = connect()) {
                List<String> before = strings(c, "SELECT ID, NAME, DEPT_ID, SALARY FROM EMP ORDER BY ID");
                assertSqlStateClass(sqlStateClass, () -> failing.run(c));
                assertThat(strings(c, "SELECT ID, NAME, DEPT_ID, SALARY FROM EMP ORDER BY ID")).isEqualTo(before);
                assertThat(count(c, "EMP")).isEqualTo(EMPLOYEE_COUNT);
                try (Statement s = c.createStatement()) {
                    assertThat(s.executeUpdate("UPDATE EMP SET SALARY = SALARY WHERE ID = 1")).isEqualTo(1);
                }
            }
        }
    }


    // ---- fixtures -------------------------------------------------------------------------------

    /** Creates DEPT and EMP: five employees, one with NULL department and salary, one empty department. */
    private static void createEmployees(Connection c) throws SQLException {
        execute(c, "CREATE TABLE DEPT (ID INT NOT NULL PRIMARY KEY, NAME VARCHAR(40) NOT NULL)",
                EMPLOYEES_DDL,
                "INSERT INTO DEPT (ID, NAME) VALUES (10, 'Sales'), (20, 'Research'), (30, 'Empty')",
                "INSERT INTO EMP (ID, NAME, DEPT_ID, SALARY) VALUES (1, 'Ada', 20, 5000.00), (2, 'Bob', 10, 3000.50),"
                        + " (3, 'Cy', 10, 2500.25), (4, 'Di', 20, 4200.00)",
                "INSERT INTO EMP (ID, NAME) VALUES (5, 'Ed')");
    }

    private static void createIdentityTable(Connection c) throws SQLException {
        execute(c, "CREATE TABLE TICKETS (ID INT GENERATED BY DEFAULT AS IDENTITY (START WITH 1) PRIMARY KEY,"
                + " NAME VARCHAR(40) NOT NULL)");
    }

    /**
     * Creates ALL_TYPES holding the sample row and the all-NULL row, and returns a query for the row
     * {@code id} selecting {@link #ALL_TYPES_COLUMNS} in order.
     */
    private static PreparedStatement sampleRow(Connection c, int id) throws SQLException {
        execute(c, ALL_TYPES_DDL);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ALL_TYPES (" + String.join(", ", ALL_TYPES_COLUMNS)
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, SAMPLE_ID);
            ps.setInt(2, INT_VALUE);
            ps.setLong(3, BIGINT_VALUE);
            ps.setShort(4, SMALLINT_VALUE);
            ps.setDouble(5, DOUBLE_VALUE);
            ps.setBigDecimal(6, DECIMAL_VALUE);
            ps.setString(7, VARCHAR_VALUE);
            ps.setString(8, CLOB_VALUE);
            ps.setBoolean(9, true);
            ps.setDate(10, DATE_VALUE);
            ps.setTime(11, TIME_VALUE);
            ps.setTimestamp(12, TIMESTAMP_VALUE);
            ps.setBytes(13, BLOB_VALUE);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        execute(c, "INSERT INTO ALL_TYPES (ID) VALUES (" + NULL_ID + ")");
        PreparedStatement query = c.prepareStatement(SELECT_ALL_TYPES);
        query.setInt(1, id);
        return query;
    }

    /** Replaces the contents of ALL_TYPES with one row whose {@code column} is bound by {@code binder}. */
    private static Object storeAndRead(Connection c, String column, Binder binder, RowReader reader)
            throws SQLException {
        execute(c, "DELETE FROM ALL_TYPES");
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO ALL_TYPES (" + column + ", ID) VALUES (?, 1)")) {
            binder.bind(insert);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + column + " FROM ALL_TYPES WHERE ID = 1")) {
            assertThat(rs.next()).isTrue();
            Object value = reader.read(rs);
            assertThat(rs.next()).isFalse();
            return value;
        }
    }

    static Stream<Arguments> setObjectCases() {
        return Stream.of(
                Arguments.of("INT_COL", INT_VALUE, JDBCType.INTEGER),
                Arguments.of("BIGINT_COL", BIGINT_VALUE, JDBCType.BIGINT),
                Arguments.of("VARCHAR_COL", VARCHAR_VALUE, JDBCType.VARCHAR),
                Arguments.of("DECIMAL_COL", DECIMAL_VALUE, JDBCType.DECIMAL),
                Arguments.of("DATE_COL", DATE_VALUE.toLocalDate(), JDBCType.DATE),
                Arguments.of("TIMESTAMP_COL", TIMESTAMP_VALUE.toLocalDateTime(), JDBCType.TIMESTAMP),
                Arguments.of("BOOLEAN_COL", Boolean.TRUE, JDBCType.BOOLEAN));
    }

    /** Reads column 1 with the classic getter for {@code type}, so setObject is checked apart from getObject. */
    private static Object readAs(ResultSet rs, Class<?> type) throws SQLException {
        if (type == Integer.class) {
            return rs.getInt(1);
        } else if (type == Long.class) {
            return rs.getLong(1);
        } else if (type == String.class) {
            return rs.getString(1);
        } else if (type == BigDecimal.class) {
            return rs.getBigDecimal(1);
        } else if (type == LocalDate.class) {
            return rs.getDate(1).toLocalDate();
        } else if (type == LocalDateTime.class) {
            return rs.getTimestamp(1).toLocalDateTime();
        } else if (type == Boolean.class) {
            return rs.getBoolean(1);
        }
        throw new IllegalArgumentException("no classic getter for " + type);
    }

    // ---- reading ------------------------------------------------------------------------------

    /** Reads an ALL_TYPES column by index and by label, asserts both agree, and returns the value. */
    private static Object read(ResultSet rs, String label, ByIndex byIndex, ByLabel byLabel) throws SQLException {
        Object viaIndex = byIndex.get(rs, ALL_TYPES_COLUMNS.indexOf(label) + 1);
        Object viaLabel = byLabel.get(rs, label);
        assertThat(viaLabel).as("%s read by label and by index", label).isEqualTo(viaIndex);
        return viaIndex;
    }

    private static Object readObject(ResultSet rs, String label, Class<?> type) throws SQLException {
        Object value = read(rs, label, (r, i) -> r.getObject(i, type), (r, l) -> r.getObject(l, type));
        assertThat(value).as("%s as %s", label, type.getSimpleName()).isInstanceOf(type);
        return value;
    }

    /** Like {@link #read}, for a NULL column: wasNull must report it after each of the two reads. */
    private static Object readNull(ResultSet rs, String label, ByIndex byIndex, ByLabel byLabel)
            throws SQLException {
        Object viaIndex = byIndex.get(rs, ALL_TYPES_COLUMNS.indexOf(label) + 1);
        assertThat(rs.wasNull()).as("wasNull after reading %s by index", label).isTrue();
        Object viaLabel = byLabel.get(rs, label);
        assertThat(rs.wasNull()).as("wasNull after reading %s by label", label).isTrue();
        assertThat(viaLabel).as("%s read by label and by index", label).isEqualTo(viaIndex);
        return viaIndex;
    }

    private static void execute(Connection c, String... sqls) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : sqls) {
                s.execute(sql);
            }
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static BigDecimal decimal(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getBigDecimal(1);
        }
    }

    /** Each row as its columns' getString values joined by ':'. */
    private static List<String> strings(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return strings(s, sql);
        }
    }

    private static List<String> strings(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        }
    }

    private static List<String> strings(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rows(rs);
        }
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        int columns = rs.getMetaData().getColumnCount();
        List<String> rows = new ArrayList<>();
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
                row.append(i == 1 ? "" : ":").append(rs.getString(i));
            }
            rows.add(row.toString());
        }
        return rows;
    }

    private static List<String> column(ResultSet rs, String label) throws SQLException {
        List<String> values = new ArrayList<>();
        while (rs.next()) {
            values.add(rs.getString(label));
        }
        return values;
    }

    private static long singleKey(ResultSet keys) throws SQLException {
        try (keys) {
            assertThat(keys.next()).as("a generated key").isTrue();
            long key = keys.getLong(1);
            assertThat(keys.next()).as("one generated key per single-row insert").isFalse();
            return key;
        }
    }

    private static void assertSqlStateClass(String sqlStateClass, ThrowingCallable failing) {
        assertThatExceptionOfType(SQLException.class).isThrownBy(failing)
                .satisfies(e -> assertThat(e.getSQLState()).as("SQLState of %s", e).startsWith(sqlStateClass));
    }

    @FunctionalInterface
    private interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface RowReader {
        Object read(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    private interface ByIndex {
        Object get(ResultSet rs, int index) throws SQLException;
    }

    @FunctionalInterface
    private interface ByLabel {
        Object get(ResultSet rs, String label) throws SQLException;
    }
}
