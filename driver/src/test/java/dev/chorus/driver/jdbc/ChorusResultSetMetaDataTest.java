package dev.chorus.driver.jdbc;

import dev.chorus.coordinator.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class ChorusResultSetMetaDataTest {
    private static final Column ID = new Column("ID_LABEL", "ID", "ITEMS", "PUBLIC", Types.BIGINT, "BIGINT",
            Long.class.getName(), 64, 0, ResultSetMetaData.columnNoNulls, 20, true, true);
    private static final Column NAME = new Column("NAME", "NAME", "ITEMS", "PUBLIC", Types.VARCHAR, "CHARACTER VARYING",
            String.class.getName(), 100, 0, ResultSetMetaData.columnNullable, 100, false, false);
    private static final Column PRICE = new Column("PRICE", "PRICE", "", "", Types.DECIMAL, "DECIMAL",
            "java.math.BigDecimal", 10, 2, ResultSetMetaData.columnNullableUnknown, 12, true, false);
    private static final Column NOTE = Column.of("NOTE", Types.CLOB, "CLOB", "java.sql.Clob", 1000, ResultSetMetaData.columnNullable);

    private final ResultSetMetaData md = new ChorusResultSetMetaData(List.of(ID, NAME, PRICE, NOTE));

    @Test
    void everyPropertyComesFromTheColumn() throws SQLException {
        assertThat(md.getColumnCount()).isEqualTo(4);
        assertThat(md.getColumnLabel(1)).isEqualTo("ID_LABEL");
        assertThat(md.getColumnName(1)).isEqualTo("ID");
        assertThat(md.getTableName(1)).isEqualTo("ITEMS");
        assertThat(md.getSchemaName(1)).isEqualTo("PUBLIC");
        assertThat(md.getColumnType(1)).isEqualTo(Types.BIGINT);
        assertThat(md.getColumnTypeName(2)).isEqualTo("CHARACTER VARYING");
        assertThat(md.getColumnClassName(3)).isEqualTo("java.math.BigDecimal");
        assertThat(md.getPrecision(3)).isEqualTo(10);
        assertThat(md.getScale(3)).isEqualTo(2);
        assertThat(md.isNullable(1)).isEqualTo(ResultSetMetaData.columnNoNulls);
        assertThat(md.isNullable(2)).isEqualTo(ResultSetMetaData.columnNullable);
        assertThat(md.isNullable(3)).isEqualTo(ResultSetMetaData.columnNullableUnknown);
        assertThat(md.getColumnDisplaySize(2)).isEqualTo(100);
        assertThat(md.isSigned(1)).isTrue();
        assertThat(md.isSigned(2)).isFalse();
        assertThat(md.isAutoIncrement(1)).isTrue();
        assertThat(md.isAutoIncrement(3)).isFalse();
        assertThat(md.getTableName(3)).isEmpty();
    }

    @Test
    void onlyCharacterColumnsAreCaseSensitive() throws SQLException {
        assertThat(md.isCaseSensitive(1)).isFalse();
        assertThat(md.isCaseSensitive(2)).isTrue();
        assertThat(md.isCaseSensitive(3)).isFalse();
        assertThat(md.isCaseSensitive(4)).isTrue();
    }

    @Test
    void everyColumnIsSearchableReadOnlyAndWithoutCatalog() throws SQLException {
        for (int i = 1; i <= md.getColumnCount(); i++) {
            assertThat(md.isSearchable(i)).isTrue();
            assertThat(md.isCurrency(i)).isFalse();
            assertThat(md.isReadOnly(i)).isTrue();
            assertThat(md.isWritable(i)).isFalse();
            assertThat(md.isDefinitelyWritable(i)).isFalse();
            assertThat(md.getCatalogName(i)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 5})
    void anIndexOutOfRangeNamesTheIndexAndTheColumnCount(int index) {
        List<Runnable> calls = new ArrayList<>();
        calls.add(() -> expectInvalid(() -> md.getColumnLabel(index), index));
        calls.add(() -> expectInvalid(() -> md.getColumnType(index), index));
        calls.add(() -> expectInvalid(() -> md.isSearchable(index), index));
        calls.add(() -> expectInvalid(() -> md.getCatalogName(index), index));
        calls.add(() -> expectInvalid(() -> md.isReadOnly(index), index));
        calls.add(() -> expectInvalid(() -> md.isWritable(index), index));
        calls.add(() -> expectInvalid(() -> md.isCurrency(index), index));
        calls.add(() -> expectInvalid(() -> md.isCaseSensitive(index), index));
        calls.forEach(Runnable::run);
    }

    private static void expectInvalid(Call call, int index) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("07009");
            assertThat(e.getMessage()).isEqualTo("column index " + index + " is out of range; the result has 4 columns");
        });
    }

    interface Call {
        void run() throws SQLException;
    }

    @Test
    void anEmptyResultHasNoColumns() throws SQLException {
        ResultSetMetaData empty = new ChorusResultSetMetaData(List.of());

        assertThat(empty.getColumnCount()).isZero();
        assertThatThrownBy(() -> empty.getColumnName(1)).isInstanceOf(SQLException.class)
                .hasMessageContaining("0 columns");
    }

    @Test
    void theColumnListIsCopied() throws SQLException {
        List<Column> columns = new ArrayList<>(List.of(ID));
        ResultSetMetaData copy = new ChorusResultSetMetaData(columns);
        columns.add(NAME);

        assertThat(copy.getColumnCount()).isEqualTo(1);
    }

    @Test
    void unwrapOnlyEverAnswersTheMetadataItself() throws SQLException {
        assertThat(md.isWrapperFor(ResultSetMetaData.class)).isTrue();
        assertThat(md.unwrap(ResultSetMetaData.class)).isSameAs(md);
        assertThat(md.isWrapperFor(java.sql.ResultSet.class)).isFalse();
        assertThatThrownBy(() -> md.unwrap(java.sql.ResultSet.class)).isInstanceOf(SQLException.class);
    }
}
