package dev.chorus.driver.jdbc;

import dev.chorus.coordinator.Column;
import dev.chorus.coordinator.ResultTable;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.NClob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@Timeout(10)
class ChorusResultSetTest {
    private static final Timestamp TS = Timestamp.valueOf("2024-01-02 13:04:05.123456789");

    // ---- fixtures ------------------------------------------------------------------------------------------------

    private static Column column(String label) {
        return Column.of(label, Types.VARCHAR, "VARCHAR", String.class.getName(), 100, ResultSetMetaData.columnNullable);
    }

    private static ResultSet resultSet(List<String> labels, Object[]... rows) {
        List<Column> columns = labels.stream().map(ChorusResultSetTest::column).toList();
        return new ChorusResultSet(null, new ResultTable(columns, Arrays.asList(rows)), null);
    }

    /** A one-row result over the given values (columns C1..Cn), already on that row. */
    private static ResultSet row(Object... values) throws SQLException {
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= values.length; i++) {
            labels.add("C" + i);
        }
        ResultSet rs = resultSet(labels, values);
        assertThat(rs.next()).isTrue();
        return rs;
    }

    private static void assertSqlState(ThrowingCallable call, String sqlState, String... messageParts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).as("SQLState of: %s", e.getMessage()).isEqualTo(sqlState);
            for (String part : messageParts) {
                assertThat(e.getMessage()).contains(part);
            }
        });
    }

    private static String read(Reader reader) throws Exception {
        StringBuilder sb = new StringBuilder();
        char[] buffer = new char[16];
        for (int n; (n = reader.read(buffer)) >= 0; ) {
            sb.append(buffer, 0, n);
        }
        return sb.toString();
    }

    private static byte[] read(InputStream in) throws Exception {
        return in.readAllBytes();
    }

    // ---- cursor ------------------------------------------------------------------------------------------------

    @Nested
    class Cursor {
        @Test
        void nextWalksTheRowsInOrderAndReportsThePosition() throws SQLException {
            ResultSet rs = resultSet(List.of("ID"), new Object[]{1}, new Object[]{2});

            assertThat(rs.isBeforeFirst()).isTrue();
            assertThat(rs.getRow()).isZero();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.isBeforeFirst()).isFalse();
            assertThat(rs.isFirst()).isTrue();
            assertThat(rs.isLast()).isFalse();
            assertThat(rs.getRow()).isEqualTo(1);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.isFirst()).isFalse();
            assertThat(rs.isLast()).isTrue();
            assertThat(rs.getRow()).isEqualTo(2);
            assertThat(rs.next()).isFalse();
            assertThat(rs.isAfterLast()).isTrue();
            assertThat(rs.isLast()).isFalse();
            assertThat(rs.getRow()).isZero();
            assertThat(rs.next()).as("next after the end stays there").isFalse();
            assertThat(rs.isAfterLast()).isTrue();
        }

        @Test
        void anEmptyResultIsNeitherBeforeFirstNorAfterLast() throws SQLException {
            ResultSet rs = resultSet(List.of("ID"));

            assertThat(rs.isBeforeFirst()).isFalse();
            assertThat(rs.isAfterLast()).isFalse();
            assertThat(rs.next()).isFalse();
            assertThat(rs.isBeforeFirst()).isFalse();
            assertThat(rs.isAfterLast()).isFalse();
            assertThat(rs.isFirst()).isFalse();
            assertThat(rs.isLast()).isFalse();
            assertThat(rs.getRow()).isZero();
        }

        @Test
        void gettersBeforeTheFirstRowFailWithInvalidCursorState() {
            ResultSet rs = resultSet(List.of("ID"), new Object[]{1});

            assertSqlState(() -> rs.getInt(1), "24000", "before the first row", "next()");
            assertSqlState(() -> rs.getString("ID"), "24000", "before the first row");
        }

        @Test
        void gettersAfterTheLastRowFailWithInvalidCursorState() throws SQLException {
            ResultSet rs = resultSet(List.of("ID"), new Object[]{1});
            rs.next();
            rs.next();

            assertSqlState(() -> rs.getInt(1), "24000", "after the last row", "1 row");
            assertSqlState(() -> rs.getObject("ID"), "24000", "after the last row");
        }

        static Stream<Arguments> movesOtherThanNext() {
            return Stream.of(
                    arguments("previous()", (Move) ResultSet::previous),
                    arguments("first()", (Move) ResultSet::first),
                    arguments("last()", (Move) ResultSet::last),
                    arguments("beforeFirst()", (Move) ResultSet::beforeFirst),
                    arguments("afterLast()", (Move) ResultSet::afterLast),
                    arguments("absolute(1)", (Move) rs -> rs.absolute(1)),
                    arguments("relative(-1)", (Move) rs -> rs.relative(-1)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("movesOtherThanNext")
        void movingOtherwiseThanNextIsRejectedBecauseTheResultIsForwardOnly(String method, Move move) throws SQLException {
            ResultSet rs = resultSet(List.of("ID"), new Object[]{1}, new Object[]{2});
            rs.next();

            assertSqlState(() -> move.apply(rs), "24000", "forward-only", method);
            assertThat(rs.getRow()).as("the cursor did not move").isEqualTo(1);
        }

        @Test
        void propertiesDescribeAForwardOnlyReadOnlyCursor() throws SQLException {
            Statement statement = Stub.statement();
            ResultSet rs = new ChorusResultSet(statement, new ResultTable(List.of(column("A")), List.of()), null);

            assertThat(rs.getType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
            assertThat(rs.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
            assertThat(rs.getHoldability()).isEqualTo(ResultSet.CLOSE_CURSORS_AT_COMMIT);
            assertThat(rs.getFetchDirection()).isEqualTo(ResultSet.FETCH_FORWARD);
            assertThat(rs.getStatement()).isSameAs(statement);
            assertThat((Object) rs.getWarnings()).isNull();
            rs.clearWarnings();
            assertThat(rs.rowUpdated()).isFalse();
            assertThat(rs.rowInserted()).isFalse();
            assertThat(rs.rowDeleted()).isFalse();
        }

        @Test
        void aMetadataResultHasNoStatement() throws SQLException {
            assertThat(resultSet(List.of("A")).getStatement()).isNull();
        }

        @Test
        void fetchSizeIsKeptAsAHint() throws SQLException {
            ResultSet rs = resultSet(List.of("A"));

            assertThat(rs.getFetchSize()).isZero();
            rs.setFetchSize(50);
            assertThat(rs.getFetchSize()).isEqualTo(50);
            assertSqlState(() -> rs.setFetchSize(-1), "HY024", "-1");
        }

        @Test
        void onlyTheForwardFetchDirectionIsAccepted() throws SQLException {
            ResultSet rs = resultSet(List.of("A"));

            rs.setFetchDirection(ResultSet.FETCH_FORWARD);
            assertSqlState(() -> rs.setFetchDirection(ResultSet.FETCH_REVERSE), "HY024",
                    String.valueOf(ResultSet.FETCH_REVERSE), "forward-only");
            assertSqlState(() -> rs.setFetchDirection(ResultSet.FETCH_UNKNOWN), "HY024");
            assertThat(rs.getFetchDirection()).isEqualTo(ResultSet.FETCH_FORWARD);
        }

        @Test
        void cursorNamesAreNotSupported() {
            assertThatThrownBy(() -> resultSet(List.of("A")).getCursorName())
                    .isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("ResultSet.getCursorName");
        }
    }

    interface Move {
        void apply(ResultSet rs) throws SQLException;
    }

    // ---- columns -------------------------------------------------------------------------------------------------

    @Nested
    class Columns {
        @Test
        void labelsAreFoundIgnoringCaseAndTheFirstMatchWins() throws SQLException {
            ResultSet rs = resultSet(List.of("Id", "NAME", "id"), new Object[]{1, "x", 3});
            rs.next();

            assertThat(rs.findColumn("ID")).isEqualTo(1);
            assertThat(rs.findColumn("name")).isEqualTo(2);
            assertThat(rs.getInt("iD")).isEqualTo(1);
        }

        @Test
        void anUnknownLabelNamesTheLabelAndTheAvailableOnes() throws SQLException {
            ResultSet rs = resultSet(List.of("ID", "NAME"), new Object[]{1, "x"});
            rs.next();

            assertSqlState(() -> rs.findColumn("price"), "42S22", "\"price\"", "[ID, NAME]");
            assertSqlState(() -> rs.getString("price"), "42S22", "price");
            assertSqlState(() -> rs.findColumn(null), "42S22", "null");
        }

        @Test
        void anIndexOutOfRangeNamesTheIndexAndTheColumnCount() throws SQLException {
            ResultSet rs = row(1, 2);

            assertSqlState(() -> rs.getInt(0), "07009", "column index 0", "2 columns");
            assertSqlState(() -> rs.getObject(3), "07009", "column index 3", "2 columns");
            assertSqlState(() -> rs.getTimestamp(-1, Calendar.getInstance()), "07009", "-1");
        }

        @Test
        void metadataDescribesTheColumnsAndIsCached() throws SQLException {
            ResultSet rs = resultSet(List.of("ID", "NAME"));

            ResultSetMetaData md = rs.getMetaData();
            assertThat(md).isInstanceOf(ChorusResultSetMetaData.class).isSameAs(rs.getMetaData());
            assertThat(md.getColumnCount()).isEqualTo(2);
            assertThat(md.getColumnLabel(2)).isEqualTo("NAME");
        }
    }

    // ---- nulls ---------------------------------------------------------------------------------------------------

    interface Getter {
        Object get(ResultSet rs) throws SQLException;
    }

    static Stream<Arguments> gettersOnANull() {
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        return Stream.of(
                arguments("getObject", (Getter) rs -> rs.getObject(1), null),
                arguments("getObject(Class)", (Getter) rs -> rs.getObject(1, Integer.class), null),
                arguments("getObject(int.class)", (Getter) rs -> rs.getObject(1, int.class), null),
                arguments("getObject(Map)", (Getter) rs -> rs.getObject(1, Map.of()), null),
                arguments("getString", (Getter) rs -> rs.getString(1), null),
                arguments("getNString", (Getter) rs -> rs.getNString("C1"), null),
                arguments("getBoolean", (Getter) rs -> rs.getBoolean(1), false),
                arguments("getByte", (Getter) rs -> rs.getByte(1), (byte) 0),
                arguments("getShort", (Getter) rs -> rs.getShort(1), (short) 0),
                arguments("getInt", (Getter) rs -> rs.getInt(1), 0),
                arguments("getLong", (Getter) rs -> rs.getLong("c1"), 0L),
                arguments("getFloat", (Getter) rs -> rs.getFloat(1), 0f),
                arguments("getDouble", (Getter) rs -> rs.getDouble(1), 0d),
                arguments("getBigDecimal", (Getter) rs -> rs.getBigDecimal(1), null),
                arguments("getBigDecimal(scale)", (Getter) ChorusResultSetTest::deprecatedBigDecimal, null),
                arguments("getBytes", (Getter) rs -> rs.getBytes(1), null),
                arguments("getDate", (Getter) rs -> rs.getDate(1), null),
                arguments("getDate(Calendar)", (Getter) rs -> rs.getDate(1, utc), null),
                arguments("getTime", (Getter) rs -> rs.getTime(1), null),
                arguments("getTime(Calendar)", (Getter) rs -> rs.getTime(1, utc), null),
                arguments("getTimestamp", (Getter) rs -> rs.getTimestamp(1), null),
                arguments("getTimestamp(Calendar)", (Getter) rs -> rs.getTimestamp("C1", utc), null),
                arguments("getAsciiStream", (Getter) rs -> rs.getAsciiStream(1), null),
                arguments("getBinaryStream", (Getter) rs -> rs.getBinaryStream(1), null),
                arguments("getCharacterStream", (Getter) rs -> rs.getCharacterStream(1), null),
                arguments("getNCharacterStream", (Getter) rs -> rs.getNCharacterStream(1), null),
                arguments("getClob", (Getter) rs -> rs.getClob(1), null),
                arguments("getNClob", (Getter) rs -> rs.getNClob(1), null),
                arguments("getBlob", (Getter) rs -> rs.getBlob(1), null),
                arguments("getRef", (Getter) rs -> rs.getRef(1), null),
                arguments("getArray", (Getter) rs -> rs.getArray(1), null),
                arguments("getURL", (Getter) rs -> rs.getURL(1), null),
                arguments("getRowId", (Getter) rs -> rs.getRowId(1), null),
                arguments("getSQLXML", (Getter) rs -> rs.getSQLXML(1), null));
    }

    @SuppressWarnings("deprecation")
    private static Object deprecatedBigDecimal(ResultSet rs) throws SQLException {
        return rs.getBigDecimal(1, 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gettersOnANull")
    void everyGetterAnswersItsDefaultForANullAndWasNullSaysSo(String name, Getter getter, Object expected) throws SQLException {
        ResultSet rs = row(null, "x");
        assertThat(rs.wasNull()).as("nothing read yet").isFalse();

        assertThat(getter.get(rs)).isEqualTo(expected);
        assertThat(rs.wasNull()).isTrue();

        rs.getString(2);
        assertThat(rs.wasNull()).as("after reading a non-null column").isFalse();
    }

    // ---- integral getters ----------------------------------------------------------------------------------------

    @Nested
    class Integral {
        @Test
        void integersOfEveryWidthAndBooleansConvert() throws SQLException {
            ResultSet rs = row(7, 8L, (short) 9, (byte) 10, BigInteger.valueOf(11), true, false);

            assertThat(rs.getInt(1)).isEqualTo(7);
            assertThat(rs.getInt(2)).isEqualTo(8);
            assertThat(rs.getLong(3)).isEqualTo(9L);
            assertThat(rs.getShort(4)).isEqualTo((short) 10);
            assertThat(rs.getByte(5)).isEqualTo((byte) 11);
            assertThat(rs.getInt(6)).isEqualTo(1);
            assertThat(rs.getLong(7)).isZero();
            assertThat(rs.wasNull()).isFalse();
        }

        @Test
        void decimalsRoundHalfUpAwayFromZeroLikeH2() throws SQLException {
            ResultSet rs = row(new BigDecimal("1.5"), new BigDecimal("-1.5"), new BigDecimal("2.4"));

            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.getLong(2)).isEqualTo(-2L);
            assertThat(rs.getShort(3)).isEqualTo((short) 2);
        }

        @Test
        void doublesRoundAsMathRoundLikeH2() throws SQLException {
            ResultSet rs = row(2.5d, -1.5d, 1.7f, -2.5d);

            assertThat(rs.getInt(1)).isEqualTo(3);
            assertThat(rs.getInt(2)).isEqualTo(-1);
            assertThat(rs.getLong(3)).isEqualTo(2L);
            assertThat(rs.getInt(4)).isEqualTo(-2);
        }

        @Test
        void stringsAreTrimmedAndParsedAsIntegers() throws SQLException {
            ResultSet rs = row(" 12 ", "+7", "-9223372036854775808");

            assertThat(rs.getInt(1)).isEqualTo(12);
            assertThat(rs.getByte(2)).isEqualTo((byte) 7);
            assertThat(rs.getLong(3)).isEqualTo(Long.MIN_VALUE);
        }

        @Test
        void overflowIsNumericValueOutOfRangeNamingColumnValueAndTarget() throws SQLException {
            ResultSet rs = resultSet(List.of("BIG"), new Object[]{1L << 40});
            rs.next();

            assertSqlState(() -> rs.getInt(1), "22003", "\"BIG\"", "1099511627776", "int");
            assertSqlState(() -> rs.getShort("big"), "22003", "short");
            assertThat(rs.getLong(1)).isEqualTo(1L << 40);
        }

        @Test
        void overflowIsDetectedForEverySourceType() throws SQLException {
            ResultSet rs = row(300, BigInteger.ONE.shiftLeft(70), new BigDecimal("1e30"), 1e20d,
                    "99999999999999999999", Double.POSITIVE_INFINITY, 40_000);

            assertSqlState(() -> rs.getByte(1), "22003", "300", "byte");
            assertSqlState(() -> rs.getLong(2), "22003", "long");
            assertSqlState(() -> rs.getLong(3), "22003", "long");
            assertSqlState(() -> rs.getLong(4), "22003", "1.0E20");
            assertSqlState(() -> rs.getLong(5), "22003", "99999999999999999999");
            assertSqlState(() -> rs.getInt(6), "22003", "Infinity");
            assertSqlState(() -> rs.getShort(7), "22003", "40000", "short");
        }

        @Test
        void unparseableValuesAreDataConversionErrorsNamingColumnValueAndTarget() throws SQLException {
            ResultSet rs = resultSet(List.of("QTY", "D", "N", "T"),
                    new Object[]{"1.5", Date.valueOf("2024-01-02"), Double.NaN, "abc"});
            rs.next();

            assertSqlState(() -> rs.getInt(1), "22018", "\"QTY\"", "'1.5'", "int");
            assertSqlState(() -> rs.getLong(2), "22018", "2024-01-02", "(Date)", "long");
            assertSqlState(() -> rs.getInt(3), "22018", "NaN");
            assertSqlState(() -> rs.getByte("t"), "22018", "'abc' (String)", "byte");
        }

        @Test
        void longValuesAreShortenedInMessages() throws SQLException {
            ResultSet rs = row("x".repeat(1000));

            assertThatThrownBy(() -> rs.getInt(1)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("...").hasMessageNotContaining("x".repeat(100));
        }
    }

    // ---- floating point, decimals, booleans ----------------------------------------------------------------------

    @Nested
    class Fractional {
        @Test
        void doublesAndFloatsComeFromEveryNumberStringsAndBooleans() throws SQLException {
            ResultSet rs = row(new BigDecimal("1.25"), "2.5", true, 0.1f, 3, 1e300d);

            assertThat(rs.getDouble(1)).isEqualTo(1.25d);
            assertThat(rs.getFloat(2)).isEqualTo(2.5f);
            assertThat(rs.getDouble(3)).isEqualTo(1d);
            assertThat(rs.getDouble(4)).as("widened like H2").isEqualTo((double) 0.1f);
            assertThat(rs.getFloat(4)).isEqualTo(0.1f);
            assertThat(rs.getFloat(5)).isEqualTo(3f);
            assertThat(rs.getFloat(6)).as("narrowed like H2").isEqualTo(Float.POSITIVE_INFINITY);
        }

        @Test
        void anUnparseableDoubleIsADataConversionError() throws SQLException {
            ResultSet rs = row("x");

            assertSqlState(() -> rs.getDouble(1), "22018", "'x'", "double");
            assertSqlState(() -> rs.getFloat(1), "22018", "double");
        }

        @Test
        @SuppressWarnings("deprecation")
        void bigDecimalsKeepTheShortestDecimalOfFloatingPointValues() throws SQLException {
            ResultSet rs = row(0.1d, 0.1f, 42L, " 1.25 ", false, new BigDecimal("1.255"), BigInteger.TEN);

            assertThat(rs.getBigDecimal(1)).isEqualTo(new BigDecimal("0.1"));
            assertThat(rs.getBigDecimal(2)).isEqualTo(new BigDecimal("0.1"));
            assertThat(rs.getBigDecimal(3)).isEqualTo(new BigDecimal("42"));
            assertThat(rs.getBigDecimal(4)).isEqualTo(new BigDecimal("1.25"));
            assertThat(rs.getBigDecimal(5)).isEqualTo(BigDecimal.ZERO);
            assertThat(rs.getBigDecimal(6, 2)).isEqualTo(new BigDecimal("1.26"));
            assertThat(rs.getBigDecimal("C7")).isEqualTo(BigDecimal.TEN);
        }

        @Test
        void aBigDecimalFromGarbageOrNaNIsADataConversionError() throws SQLException {
            ResultSet rs = row("1,5", Double.NaN);

            assertSqlState(() -> rs.getBigDecimal(1), "22018", "'1,5'", "BigDecimal");
            assertSqlState(() -> rs.getBigDecimal(2), "22018", "NaN");
        }

        @Test
        void booleansComeFromNumbers() throws SQLException {
            ResultSet rs = row(0, 2, -1L, 0.0d, new BigDecimal("0.5"), BigInteger.ZERO, Boolean.TRUE);

            assertThat(rs.getBoolean(1)).isFalse();
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.getBoolean(3)).isTrue();
            assertThat(rs.getBoolean(4)).isFalse();
            assertThat(rs.getBoolean(5)).isTrue();
            assertThat(rs.getBoolean(6)).isFalse();
            assertThat(rs.getBoolean(7)).isTrue();
        }

        @Test
        void booleansComeFromTheWordsAndDigitsH2Accepts() throws SQLException {
            ResultSet rs = row("true", "FALSE", "1", "0", " yes ", "n", "T", "f", "2");

            assertThat(rs.getBoolean(1)).isTrue();
            assertThat(rs.getBoolean(2)).isFalse();
            assertThat(rs.getBoolean(3)).isTrue();
            assertThat(rs.getBoolean(4)).isFalse();
            assertThat(rs.getBoolean(5)).isTrue();
            assertThat(rs.getBoolean(6)).isFalse();
            assertThat(rs.getBoolean(7)).isTrue();
            assertThat(rs.getBoolean(8)).isFalse();
            assertThat(rs.getBoolean(9)).isTrue();
        }

        @Test
        void otherStringsAndTypesAreNotBooleans() throws SQLException {
            ResultSet rs = row("maybe", "", LocalDate.of(2024, 1, 2));

            assertSqlState(() -> rs.getBoolean(1), "22018", "'maybe'", "boolean");
            assertSqlState(() -> rs.getBoolean(2), "22018", "boolean");
            assertSqlState(() -> rs.getBoolean(3), "22018", "LocalDate");
        }
    }

    // ---- strings, bytes, streams, large objects ------------------------------------------------------------------

    @Nested
    class Text {
        @Test
        void numbersPrintAsJavaAndH2PrintThem() throws SQLException {
            ResultSet rs = row(42, -7L, 1.0d, 1e20d, 0.1f, new BigDecimal("1.50"), BigInteger.TEN.pow(20));

            assertThat(rs.getString(1)).isEqualTo("42");
            assertThat(rs.getString(2)).isEqualTo("-7");
            assertThat(rs.getString(3)).isEqualTo("1.0");
            assertThat(rs.getString(4)).isEqualTo("1.0E20");
            assertThat(rs.getString(5)).isEqualTo("0.1");
            assertThat(rs.getString(6)).isEqualTo("1.50");
            assertThat(rs.getNString(7)).isEqualTo("100000000000000000000");
        }

        @Test
        void booleansBytesAndUuidsPrintLikeH2() throws SQLException {
            UUID uuid = UUID.fromString("3b2f0c8e-6e4c-4a5e-9c1d-2f1e0a1b2c3d");
            ResultSet rs = row(true, false, new byte[]{0x0a, (byte) 0xff, 0}, uuid, new byte[0]);

            assertThat(rs.getString(1)).isEqualTo("TRUE");
            assertThat(rs.getString(2)).isEqualTo("FALSE");
            assertThat(rs.getString(3)).isEqualTo("0aff00");
            assertThat(rs.getString(4)).isEqualTo("3b2f0c8e-6e4c-4a5e-9c1d-2f1e0a1b2c3d");
            assertThat(rs.getString(5)).isEmpty();
        }

        @Test
        void datesAndTimesPrintAsSqlLiterals() throws SQLException {
            ResultSet rs = row(Date.valueOf("2024-01-02"), Time.valueOf("13:04:05"),
                    Timestamp.valueOf("2024-01-02 13:04:05"), TS,
                    LocalDateTime.of(2024, 1, 2, 13, 4), LocalTime.of(13, 4, 0, 500_000_000), LocalDate.of(2024, 1, 2),
                    new Time(Time.valueOf("10:11:12").getTime() + 250));

            assertThat(rs.getString(1)).isEqualTo("2024-01-02");
            assertThat(rs.getString(2)).isEqualTo("13:04:05");
            assertThat(rs.getString(3)).as("no trailing .0").isEqualTo("2024-01-02 13:04:05");
            assertThat(rs.getString(4)).isEqualTo("2024-01-02 13:04:05.123456789");
            assertThat(rs.getString(5)).as("seconds kept").isEqualTo("2024-01-02 13:04:00");
            assertThat(rs.getString(6)).isEqualTo("13:04:00.5");
            assertThat(rs.getString(7)).isEqualTo("2024-01-02");
            assertThat(rs.getString(8)).as("milliseconds kept").isEqualTo("10:11:12.25");
        }

        @Test
        void valuesWithAnOffsetPrintItLikeH2() throws SQLException {
            ResultSet rs = row(OffsetDateTime.of(2024, 1, 2, 13, 4, 5, 0, ZoneOffset.ofHours(2)),
                    OffsetTime.of(13, 4, 5, 0, ZoneOffset.ofHoursMinutes(-5, -30)),
                    Instant.parse("2024-01-02T13:04:05Z"));

            assertThat(rs.getString(1)).isEqualTo("2024-01-02 13:04:05+02");
            assertThat(rs.getString(2)).isEqualTo("13:04:05-05:30");
            assertThat(rs.getString(3)).isEqualTo("2024-01-02 13:04:05+00");
        }

        @Test
        void largeObjectsPrintTheirContent() throws SQLException {
            ResultSet rs = row(new SerialClob("hello".toCharArray()), new SerialBlob(new byte[]{1, (byte) 0xab}),
                    new SerialClob(new char[0]));

            assertThat(rs.getString(1)).isEqualTo("hello");
            assertThat(rs.getString(2)).isEqualTo("01ab");
            assertThat(rs.getString(3)).isEmpty();
        }

        @Test
        void bytesComeFromBinaryLargeObjectsStringsIntegersAndUuids() throws SQLException {
            UUID uuid = new UUID(0x0102030405060708L, 0x090a0b0c0d0e0f10L);
            ResultSet rs = row(new byte[]{1, 2}, new SerialBlob(new byte[]{3}), "hé", uuid, LocalDate.of(2024, 1, 2),
                    0x01020304, 0x0102030405060708L, (short) 0x0102, (byte) 7, new SerialClob("hé".toCharArray()));

            assertThat(rs.getBytes(1)).containsExactly(1, 2);
            assertThat(rs.getBytes(2)).containsExactly(3);
            assertThat(rs.getBytes(3)).isEqualTo("hé".getBytes(StandardCharsets.UTF_8));
            assertThat(rs.getBytes(4)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
            assertSqlState(() -> rs.getBytes(5), "22018", "byte[]");
            assertThat(rs.getBytes(6)).as("big-endian, like H2").containsExactly(1, 2, 3, 4);
            assertThat(rs.getBytes(7)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(rs.getBytes(8)).containsExactly(1, 2);
            assertThat(rs.getBytes(9)).containsExactly(7);
            assertThat(rs.getBytes(10)).isEqualTo("hé".getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void integerBytesHaveTheWidthOfTheSqlTypeBecauseGetObjectWidensSmallIntegers() throws SQLException {
            Column smallint = new Column("S", "S", "", "", Types.SMALLINT, "SMALLINT", Integer.class.getName(), 16, 0,
                    ResultSetMetaData.columnNullable, 6, true, false);
            Column tinyint = new Column("T", "T", "", "", Types.TINYINT, "TINYINT", Integer.class.getName(), 8, 0,
                    ResultSetMetaData.columnNullable, 4, true, false);
            ResultSet rs = new ChorusResultSet(null, new ResultTable(List.of(smallint, tinyint),
                    List.<Object[]>of(new Object[]{258, 7})), null);
            rs.next();

            assertThat(rs.getBytes("s")).containsExactly(1, 2);
            assertThat(rs.getBytes("t")).containsExactly(7);
        }

        @Test
        void modifyingReturnedBytesDoesNotChangeTheResult() throws SQLException {
            ResultSet rs = row((Object) new byte[]{1, 2});

            rs.getBytes(1)[0] = 9;
            ((byte[]) rs.getObject(1))[1] = 9;
            rs.getObject(1, byte[].class)[0] = 9;

            assertThat(rs.getBytes(1)).containsExactly(1, 2);
        }

        @Test
        void streamsReadTheValue() throws Exception {
            ResultSet rs = row("héllo", new SerialClob("clob".toCharArray()), new byte[]{1, 2}, new SerialBlob(new byte[]{3}));

            assertThat(read(rs.getCharacterStream(1))).isEqualTo("héllo");
            assertThat(read(rs.getNCharacterStream("c2"))).isEqualTo("clob");
            assertThat(read(rs.getAsciiStream(1))).isEqualTo("h?llo".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(rs.getAsciiStream(2))).isEqualTo("clob".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(rs.getBinaryStream(3))).containsExactly(1, 2);
            assertThat(read(rs.getBinaryStream(4))).containsExactly(3);
            assertThat(read(rs.getCharacterStream(3))).isEqualTo("0102");
        }

        @Test
        @SuppressWarnings("deprecation")
        void unicodeStreamsAreNotSupported() throws SQLException {
            ResultSet rs = row("x");

            assertThatThrownBy(() -> rs.getUnicodeStream(1)).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("ResultSet.getUnicodeStream");
        }

        @Test
        void clobsComeFromStringsAndClobsAsIndependentCopies() throws Exception {
            ResultSet rs = row("text", new SerialClob("stored".toCharArray()), 12);

            Clob fromString = rs.getClob(1);
            assertThat(fromString).isInstanceOf(SerialClob.class);
            assertThat(fromString.getSubString(1, 4)).isEqualTo("text");
            Clob stored = rs.getClob(2);
            stored.free();
            assertThat(rs.getClob(2).getSubString(1, 6)).as("freeing a copy leaves the result intact").isEqualTo("stored");
            assertThat(rs.getString(2)).isEqualTo("stored");
            assertThat(rs.getClob(3).getSubString(1, 2)).isEqualTo("12");
        }

        @Test
        void nclobsAreClobsThatAnswerTheNationalType() throws Exception {
            ResultSet rs = row("national", new SerialClob("c".toCharArray()));

            NClob nclob = rs.getNClob(1);
            assertThat(nclob.getSubString(1, 8)).isEqualTo("national");
            assertThat(rs.getNClob("C2").length()).isEqualTo(1);
        }

        @Test
        void blobsComeFromBytesAndBlobsAsIndependentCopies() throws Exception {
            ResultSet rs = row(new byte[]{1, 2, 3}, new SerialBlob(new byte[]{4}), true);

            Blob blob = rs.getBlob(1);
            assertThat(blob.getBytes(1, 3)).containsExactly(1, 2, 3);
            blob.setBytes(1, new byte[]{9});
            assertThat(rs.getBytes(1)).containsExactly(1, 2, 3);
            Blob stored = rs.getBlob(2);
            stored.free();
            assertThat(rs.getBlob(2).getBytes(1, 1)).containsExactly(4);
            assertSqlState(() -> rs.getBlob(3), "22018", "byte[]");
        }
    }

    // ---- dates and times -----------------------------------------------------------------------------------------

    @Nested
    class Temporal {
        @Test
        void datesComeFromDatesTimestampsLocalValuesAndIsoStrings() throws SQLException {
            ResultSet rs = row(Date.valueOf("2024-01-02"), TS, LocalDate.of(2024, 3, 4),
                    LocalDateTime.of(2024, 5, 6, 7, 8), " 2024-07-08 ");

            assertThat(rs.getDate(1)).isEqualTo(Date.valueOf("2024-01-02"));
            assertThat(rs.getDate(2)).isEqualTo(Date.valueOf("2024-01-02"));
            assertThat(rs.getDate(3)).isEqualTo(Date.valueOf("2024-03-04"));
            assertThat(rs.getDate(4)).isEqualTo(Date.valueOf("2024-05-06"));
            assertThat(rs.getDate(5)).isEqualTo(Date.valueOf("2024-07-08"));
        }

        @Test
        void timesComeFromTimesTimestampsAndStringsKeepingMilliseconds() throws SQLException {
            ResultSet rs = row(Time.valueOf("10:11:12"), TS, LocalTime.of(1, 2, 3, 450_000_000), "23:59:58");

            assertThat(rs.getTime(1)).isEqualTo(Time.valueOf("10:11:12"));
            assertThat(rs.getTime(2).toLocalTime()).isEqualTo(LocalTime.of(13, 4, 5));
            assertThat(rs.getTime(2).getTime() % 1000).as("milliseconds of the timestamp").isEqualTo(123);
            assertThat(rs.getTime(3).getTime() - Time.valueOf("01:02:03").getTime()).isEqualTo(450);
            assertThat(rs.getTime(4)).isEqualTo(Time.valueOf("23:59:58"));
        }

        @Test
        void timestampsComeFromEveryDateTimeAndBothStringForms() throws SQLException {
            ResultSet rs = row(TS, Date.valueOf("2024-01-02"), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6),
                    "2024-01-02 10:11:12.5", "2024-01-02T10:11:12", "2024-01-02", Time.valueOf("10:11:12"));

            assertThat(rs.getTimestamp(1)).isEqualTo(TS);
            assertThat(rs.getTimestamp(2)).isEqualTo(Timestamp.valueOf("2024-01-02 00:00:00"));
            assertThat(rs.getTimestamp(3)).isEqualTo(Timestamp.valueOf(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6)));
            assertThat(rs.getTimestamp(4)).isEqualTo(Timestamp.valueOf("2024-01-02 10:11:12.5"));
            assertThat(rs.getTimestamp(5)).isEqualTo(Timestamp.valueOf("2024-01-02 10:11:12"));
            assertThat(rs.getTimestamp(6)).isEqualTo(Timestamp.valueOf("2024-01-02 00:00:00"));
            assertThat(rs.getTimestamp(7)).as("on the date java.sql.Time carries, not today")
                    .isEqualTo(Timestamp.valueOf("1970-01-01 10:11:12"));
        }

        @Test
        void valuesWithAnOffsetKeepTheirInstant() throws SQLException {
            OffsetDateTime odt = OffsetDateTime.of(2024, 1, 2, 23, 4, 5, 0, ZoneOffset.ofHours(2));
            Instant instant = Instant.parse("2024-06-01T00:00:00Z");
            ResultSet rs = row(odt, instant);

            assertThat(rs.getTimestamp(1).toInstant()).isEqualTo(odt.toInstant());
            assertThat(rs.getTimestamp(2).toInstant()).isEqualTo(instant);
            assertThat(rs.getDate(1).toLocalDate())
                    .isEqualTo(odt.atZoneSameInstant(ZoneId.systemDefault()).toLocalDate());
        }

        @Test
        void mismatchedKindsAndBadStringsAreDataConversionErrors() throws SQLException {
            ResultSet rs = resultSet(List.of("T", "D", "S", "N"),
                    new Object[]{Time.valueOf("10:00:00"), Date.valueOf("2024-01-02"), "2024-13-45", 5});
            rs.next();

            assertSqlState(() -> rs.getDate(1), "22018", "\"T\"", "date");
            assertSqlState(() -> rs.getTime(2), "22018", "\"D\"", "time");
            assertSqlState(() -> rs.getDate(3), "22018", "'2024-13-45'", "date");
            assertSqlState(() -> rs.getTimestamp(3), "22018", "timestamp");
            assertSqlState(() -> rs.getTimestamp(4), "22018", "timestamp");
            assertSqlState(() -> rs.getDate("s"), "22018");
        }

        @Test
        void aCalendarGivesTheZoneZonelessValuesAreInterpretedIn() throws SQLException {
            Calendar plus5 = Calendar.getInstance(TimeZone.getTimeZone("GMT+05:00"));
            ResultSet rs = row(Timestamp.valueOf("2024-01-02 10:00:00.25"), Date.valueOf("2024-01-02"),
                    Time.valueOf("10:00:00"), "2024-01-02 10:00:00");

            assertThat(rs.getTimestamp(1, plus5).toInstant()).isEqualTo(Instant.parse("2024-01-02T05:00:00.25Z"));
            assertThat(rs.getTimestamp(4, plus5).toInstant()).isEqualTo(Instant.parse("2024-01-02T05:00:00Z"));
            assertThat(rs.getDate(2, plus5).getTime()).isEqualTo(Instant.parse("2024-01-01T19:00:00Z").toEpochMilli());
            assertThat(rs.getTime(3, plus5).getTime()).isEqualTo(Instant.parse("1970-01-01T05:00:00Z").toEpochMilli());
            assertThat(rs.getTimestamp(1, null)).isEqualTo(Timestamp.valueOf("2024-01-02 10:00:00.25"));
        }

        @Test
        void aCalendarDoesNotMoveAValueThatHasAnOffset() throws SQLException {
            Calendar plus5 = Calendar.getInstance(TimeZone.getTimeZone("GMT+05:00"));
            OffsetDateTime odt = OffsetDateTime.of(2024, 1, 2, 22, 0, 0, 0, ZoneOffset.UTC);
            ResultSet rs = row(odt);

            assertThat(rs.getTimestamp(1, plus5).toInstant()).isEqualTo(odt.toInstant());
            LocalDateTime seenHere = odt.atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
            assertThat(rs.getDate(1, plus5).getTime())
                    .as("the date of that instant in the JVM zone, at its midnight in the calendar's zone, like H2")
                    .isEqualTo(seenHere.toLocalDate().atStartOfDay(ZoneOffset.ofHours(5)).toInstant().toEpochMilli());
            assertThat(rs.getTime(1, plus5).getTime())
                    .isEqualTo(LocalDate.EPOCH.atTime(seenHere.toLocalTime()).toInstant(ZoneOffset.ofHours(5)).toEpochMilli());
        }

        @Test
        void returnedDateTimesAreCopies() throws SQLException {
            Timestamp stored = Timestamp.valueOf("2024-01-02 10:00:00");
            ResultSet rs = row(stored);

            rs.getTimestamp(1).setTime(0);
            ((Timestamp) rs.getObject(1)).setNanos(5);

            assertThat(rs.getTimestamp(1)).isEqualTo(stored).isNotSameAs(stored);
            assertThat(stored).isEqualTo(Timestamp.valueOf("2024-01-02 10:00:00"));
        }
    }

    // ---- getObject -----------------------------------------------------------------------------------------------

    @Nested
    class GetObject {
        @Test
        void getObjectAnswersTheStoredValue() throws SQLException {
            UUID uuid = UUID.randomUUID();
            ResultSet rs = row(5, "s", uuid, new BigDecimal("1.0"));

            assertThat(rs.getObject(1)).isEqualTo(5);
            assertThat(rs.getObject("C2")).isEqualTo("s");
            assertThat(rs.getObject(3)).isSameAs(uuid);
            assertThat(rs.getObject(4, Map.of())).isEqualTo(new BigDecimal("1.0"));
            assertThat(rs.getObject(4, (Map<String, Class<?>>) null)).isEqualTo(new BigDecimal("1.0"));
        }

        @Test
        void aTypeMapIsNotSupported() throws SQLException {
            ResultSet rs = row(5);

            assertThatThrownBy(() -> rs.getObject(1, Map.of("POINT", Object.class)))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("type map");
        }

        static Stream<Arguments> conversions() {
            Timestamp ts = Timestamp.valueOf("2024-01-02 13:04:05.5");
            LocalDateTime ldt = ts.toLocalDateTime();
            OffsetDateTime odt = OffsetDateTime.of(2024, 1, 2, 13, 4, 5, 0, ZoneOffset.ofHours(3));
            UUID uuid = UUID.fromString("3b2f0c8e-6e4c-4a5e-9c1d-2f1e0a1b2c3d");
            return Stream.of(
                    arguments(42L, String.class, "42"),
                    arguments("12", Integer.class, 12),
                    arguments(12L, int.class, 12),
                    arguments(new BigDecimal("7"), Long.class, 7L),
                    arguments(7, long.class, 7L),
                    arguments("3", Short.class, (short) 3),
                    arguments(3, short.class, (short) 3),
                    arguments(3L, Byte.class, (byte) 3),
                    arguments(3, byte.class, (byte) 3),
                    arguments("1.5", Double.class, 1.5d),
                    arguments(2, double.class, 2d),
                    arguments(1.5d, Float.class, 1.5f),
                    arguments(1.5d, float.class, 1.5f),
                    arguments(3, BigDecimal.class, new BigDecimal("3")),
                    arguments(5L, BigInteger.class, BigInteger.valueOf(5)),
                    arguments(new BigDecimal("2.5"), BigInteger.class, BigInteger.valueOf(2)),
                    arguments(-2.5d, BigInteger.class, BigInteger.valueOf(-2)),
                    arguments("1.9", BigInteger.class, BigInteger.ONE),
                    arguments("123456789012345678901234567890", BigInteger.class, new BigInteger("123456789012345678901234567890")),
                    arguments("true", Boolean.class, true),
                    arguments(0, boolean.class, false),
                    arguments("2024-01-02", Date.class, Date.valueOf("2024-01-02")),
                    arguments(ts, Time.class, new Time(Time.valueOf("13:04:05").getTime() + 500)),
                    arguments(ldt, Timestamp.class, ts),
                    arguments(ts, LocalDate.class, LocalDate.of(2024, 1, 2)),
                    arguments(ts, LocalTime.class, LocalTime.of(13, 4, 5, 500_000_000)),
                    arguments(ts, LocalDateTime.class, ldt),
                    arguments(Date.valueOf("2024-01-02"), LocalDateTime.class, LocalDateTime.of(2024, 1, 2, 0, 0)),
                    arguments("13:04:05", LocalTime.class, LocalTime.of(13, 4, 5)),
                    arguments(ts, OffsetDateTime.class, ldt.atZone(ZoneId.systemDefault()).toOffsetDateTime()),
                    arguments(odt, OffsetDateTime.class, odt),
                    arguments(odt, OffsetTime.class, odt.toOffsetTime()),
                    arguments(ts, Instant.class, ts.toInstant()),
                    arguments(odt, Instant.class, odt.toInstant()),
                    arguments(Instant.EPOCH, OffsetDateTime.class, OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)),
                    arguments(ldt, Instant.class, ldt.atZone(ZoneId.systemDefault()).toInstant()),
                    arguments(uuid.toString(), UUID.class, uuid),
                    arguments(uuid, UUID.class, uuid),
                    arguments(uuid, String.class, uuid.toString()),
                    arguments(new byte[]{1}, String.class, "01"),
                    arguments(5, Object.class, 5),
                    arguments(5, Number.class, 5),
                    arguments(5L, Comparable.class, 5L));
        }

        @ParameterizedTest(name = "{0} as {1}")
        @MethodSource("conversions")
        void getObjectConvertsToTheRequestedClass(Object stored, Class<?> type, Object expected) throws SQLException {
            ResultSet rs = row(stored);

            Object actual = rs.getObject(1, type);

            assertThat(actual).isEqualTo(expected);
            assertThat(rs.getObject("c1", type)).isEqualTo(expected);
            assertThat(rs.wasNull()).isFalse();
        }

        @Test
        void bytesUuidsAndLargeObjectsConvertThroughGetObject() throws SQLException {
            UUID uuid = new UUID(1, 2);
            byte[] uuidBytes = rowBytes(uuid);
            ResultSet rs = row(new byte[]{1, 2}, "text", uuidBytes, new SerialClob("c".toCharArray()));

            assertThat(rs.getObject(1, byte[].class)).containsExactly(1, 2);
            assertThat(rs.getObject(1, Blob.class).getBytes(1, 2)).containsExactly(1, 2);
            assertThat(rs.getObject(2, Clob.class).getSubString(1, 4)).isEqualTo("text");
            assertThat(rs.getObject(2, NClob.class).getSubString(1, 4)).isEqualTo("text");
            assertThat(rs.getObject(3, UUID.class)).isEqualTo(uuid);
            assertThat(rs.getObject(4, Clob.class).getSubString(1, 1)).isEqualTo("c");
            assertThat(rs.getObject(4)).isInstanceOf(SerialClob.class);
        }

        private byte[] rowBytes(UUID uuid) throws SQLException {
            return row(uuid).getBytes(1);
        }

        @Test
        void conversionErrorsNameTheColumnValueAndTargetType() throws SQLException {
            ResultSet rs = resultSet(List.of("CODE"), new Object[]{"not-a-uuid"});
            rs.next();

            assertSqlState(() -> rs.getObject(1, UUID.class), "22018", "\"CODE\"", "'not-a-uuid'", "UUID");
            assertSqlState(() -> rs.getObject(1, Integer.class), "22018", "int");
            assertSqlState(() -> rs.getObject(1, LocalDate.class), "22018", "date");
        }

        @Test
        void aClassChorusCannotProduceIsNotSupported() throws SQLException {
            ResultSet rs = row("x");

            assertThatThrownBy(() -> rs.getObject(1, StringBuilder.class))
                    .isInstanceOfSatisfying(SQLFeatureNotSupportedException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
                    .hasMessageContaining("java.lang.StringBuilder");
        }

        @Test
        void aNullClassIsAnInvalidArgument() throws SQLException {
            ResultSet rs = row("x");

            assertSqlState(() -> rs.getObject(1, (Class<?>) null), "HY024", "type");
        }

        @Test
        void sqlTypesChorusDoesNotConvertAreReturnedOnlyWhenStoredAsSuch() throws Exception {
            URL url = new URL("http://example.com/");
            ResultSet rs = row(url, "http://example.com/");

            assertThat(rs.getURL(1)).isSameAs(url);
            assertThatThrownBy(() -> rs.getURL(2)).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("ResultSet.getURL").hasMessageContaining("java.lang.String");
            assertThatThrownBy(() -> rs.getArray(2)).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("ResultSet.getArray");
            assertThatThrownBy(() -> rs.getRef(2)).isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> rs.getRowId("C2")).isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> rs.getSQLXML(2)).isInstanceOf(SQLFeatureNotSupportedException.class);
        }
    }

    // ---- close ---------------------------------------------------------------------------------------------------

    @Nested
    class Close {
        @Test
        void onCloseRunsOnceOnTheFirstClose() throws SQLException {
            AtomicInteger runs = new AtomicInteger();
            ResultSet rs = new ChorusResultSet(null, new ResultTable(List.of(column("A")), List.of()), runs::incrementAndGet);

            assertThat(rs.isClosed()).isFalse();
            assertThat(runs).hasValue(0);
            rs.close();
            rs.close();

            assertThat(rs.isClosed()).isTrue();
            assertThat(runs).hasValue(1);
        }

        @Test
        void closingWithoutAnActionIsFine() throws SQLException {
            ResultSet rs = resultSet(List.of("A"));
            rs.close();
            assertThat(rs.isClosed()).isTrue();
        }

        static Stream<Arguments> callsAfterClose() {
            return Stream.of(
                    arguments("next", (Getter) ResultSet::next),
                    arguments("getInt", (Getter) rs -> rs.getInt(1)),
                    arguments("getString(label)", (Getter) rs -> rs.getString("A")),
                    arguments("getObject(Class)", (Getter) rs -> rs.getObject(1, String.class)),
                    arguments("findColumn", (Getter) rs -> rs.findColumn("A")),
                    arguments("wasNull", (Getter) ResultSet::wasNull),
                    arguments("getMetaData", (Getter) ResultSet::getMetaData),
                    arguments("getStatement", (Getter) ResultSet::getStatement),
                    arguments("getWarnings", (Getter) ResultSet::getWarnings),
                    arguments("getFetchSize", (Getter) ResultSet::getFetchSize),
                    arguments("setFetchSize", (Getter) rs -> { rs.setFetchSize(1); return null; }),
                    arguments("getType", (Getter) ResultSet::getType),
                    arguments("getRow", (Getter) ResultSet::getRow),
                    arguments("isBeforeFirst", (Getter) ResultSet::isBeforeFirst),
                    arguments("absolute", (Getter) rs -> rs.absolute(1)),
                    arguments("getCursorName", (Getter) ResultSet::getCursorName),
                    arguments("updateInt", (Getter) rs -> { rs.updateInt(1, 1); return null; }));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("callsAfterClose")
        void everyCallAfterCloseSaysTheResultSetIsClosed(String name, Getter call) throws SQLException {
            ResultSet rs = resultSet(List.of("A"), new Object[]{"x"});
            rs.next();
            rs.close();

            assertThatThrownBy(() -> call.get(rs)).isExactlyInstanceOf(SQLException.class)
                    .hasMessage("ResultSet is closed")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("24000");
        }
    }

    // ---- read-only -----------------------------------------------------------------------------------------------

    static Stream<Arguments> updates() {
        return Stream.of(
                arguments("ResultSet.updateInt", (Getter) rs -> { rs.updateInt(1, 1); return null; }),
                arguments("ResultSet.updateString", (Getter) rs -> { rs.updateString("A", "y"); return null; }),
                arguments("ResultSet.updateNull", (Getter) rs -> { rs.updateNull(1); return null; }),
                arguments("ResultSet.updateObject", (Getter) rs -> { rs.updateObject(1, 1, JDBCType.INTEGER); return null; }),
                arguments("ResultSet.updateObject", (Getter) rs -> { rs.updateObject("A", 1, JDBCType.INTEGER, 0); return null; }),
                arguments("ResultSet.updateBlob", (Getter) rs -> { rs.updateBlob(1, InputStream.nullInputStream()); return null; }),
                arguments("ResultSet.updateNCharacterStream", (Getter) rs -> { rs.updateNCharacterStream(1, Reader.nullReader()); return null; }),
                arguments("ResultSet.updateTimestamp", (Getter) rs -> { rs.updateTimestamp(1, TS); return null; }),
                arguments("ResultSet.insertRow", (Getter) rs -> { rs.insertRow(); return null; }),
                arguments("ResultSet.updateRow", (Getter) rs -> { rs.updateRow(); return null; }),
                arguments("ResultSet.deleteRow", (Getter) rs -> { rs.deleteRow(); return null; }),
                arguments("ResultSet.refreshRow", (Getter) rs -> { rs.refreshRow(); return null; }),
                arguments("ResultSet.cancelRowUpdates", (Getter) rs -> { rs.cancelRowUpdates(); return null; }),
                arguments("ResultSet.moveToInsertRow", (Getter) rs -> { rs.moveToInsertRow(); return null; }),
                arguments("ResultSet.moveToCurrentRow", (Getter) rs -> { rs.moveToCurrentRow(); return null; }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void updatesAreNotSupportedAndNameTheMethod(String method, Getter update) throws SQLException {
        ResultSet rs = resultSet(List.of("A"), new Object[]{"x"});
        rs.next();

        assertThatThrownBy(() -> update.get(rs))
                .isInstanceOfSatisfying(SQLFeatureNotSupportedException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
                .hasMessage(method + " is not supported by Chorus");
        assertThat(rs.getString(1)).isEqualTo("x");
    }

    @Test
    void unwrapOnlyEverAnswersTheResultSetItself() throws SQLException {
        ResultSet rs = resultSet(List.of("A"));

        assertThat(rs.isWrapperFor(ResultSet.class)).isTrue();
        assertThat(rs.unwrap(ResultSet.class)).isSameAs(rs);
        assertThat(rs.unwrap(ChorusResultSet.class)).isSameAs(rs);
        assertThat(rs.isWrapperFor(Connection.class)).isFalse();
        assertSqlState(() -> rs.unwrap(Connection.class), "HY024", "java.sql.Connection");
    }

    /** A statement that is only ever compared by identity. */
    private static final class Stub {
        static Statement statement() {
            return (Statement) java.lang.reflect.Proxy.newProxyInstance(Stub.class.getClassLoader(),
                    new Class<?>[]{Statement.class}, (proxy, method, args) -> {
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
