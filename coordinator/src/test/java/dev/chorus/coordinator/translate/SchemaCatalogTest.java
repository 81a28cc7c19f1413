package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.Column;
import dev.chorus.coordinator.ResultTable;
import org.junit.jupiter.api.Test;

import java.sql.ResultSetMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog trusts what f+1 replicas report alike, column by column, and nothing else. */
class SchemaCatalogTest {
    private static final List<Column> COLUMNS = List.of(
            Column.of("TABLE_SCHEM", Types.VARCHAR, "VARCHAR", String.class.getName(), 512, ResultSetMetaData.columnNoNulls),
            Column.of("TABLE_NAME", Types.VARCHAR, "VARCHAR", String.class.getName(), 512, ResultSetMetaData.columnNoNulls),
            Column.of("COLUMN_NAME", Types.VARCHAR, "VARCHAR", String.class.getName(), 512, ResultSetMetaData.columnNoNulls),
            Column.of("ORDINAL", Types.INTEGER, "INTEGER", Integer.class.getName(), 10, ResultSetMetaData.columnNoNulls),
            Column.of("TYPE", Types.VARCHAR, "VARCHAR", String.class.getName(), 512, ResultSetMetaData.columnNoNulls),
            Column.of("PRECISION", Types.INTEGER, "INTEGER", Integer.class.getName(), 10, ResultSetMetaData.columnNoNulls),
            Column.of("SCALE", Types.INTEGER, "INTEGER", Integer.class.getName(), 10, ResultSetMetaData.columnNoNulls),
            Column.of("NULLABLE", Types.INTEGER, "INTEGER", Integer.class.getName(), 10, ResultSetMetaData.columnNoNulls),
            Column.of("KEY_SEQ", Types.INTEGER, "INTEGER", Integer.class.getName(), 10, ResultSetMetaData.columnNoNulls));

    private static Object[] row(String table, String column, int ordinal, String type, int precision, int scale, int keySeq) {
        return new Object[] {"", table, column, ordinal, type, precision, scale, keySeq > 0 ? 0 : 1, keySeq};
    }

    private static ResultTable replica(Object[]... rows) {
        return new ResultTable(COLUMNS, new ArrayList<>(List.of(rows)));
    }

    @Test
    void aColumnsTypeAndATablesKeyAreTrustedWhereAQuorumAgrees() {
        SchemaCatalog catalog = new SchemaCatalog();
        ResultTable h2 = replica(row("T", "ID", 1, "INTEGER", 0, 0, 1), row("T", "R", 2, "DOUBLE", 0, 0, 0),
                row("T", "D", 3, "DECIMAL", 10, 2, 0));
        ResultTable derby = replica(row("T", "ID", 1, "INTEGER", 0, 0, 1), row("T", "R", 2, "DOUBLE", 0, 0, 0),
                row("T", "D", 3, "DECIMAL", 10, 2, 0));
        // a lying (or different) replica: another type for D, another key
        ResultTable odd = replica(row("T", "ID", 1, "INTEGER", 0, 0, 0), row("T", "R", 2, "DOUBLE", 0, 0, 1),
                row("T", "D", 3, "DECIMAL", 12, 4, 0));
        catalog.load(7, List.of(h2, derby, odd), 2);
        assertThat(catalog.current(7)).isTrue();
        assertThat(catalog.current(8)).isFalse();
        SchemaCatalog.TableInfo t = catalog.table("T");
        assertThat(t.primaryKey()).containsExactly("ID");
        assertThat(t.column("D").precision()).isEqualTo(10);
        assertThat(t.column("D").scale()).isEqualTo(2);
        assertThat(t.column("ID").nullable()).isFalse();
        assertThat(catalog.meta().getTables()).hasSize(1);
    }

    @Test
    void withoutAgreementAColumnHasNoTypeAndATableNoKey() {
        SchemaCatalog catalog = new SchemaCatalog();
        ResultTable a = replica(row("T", "ID", 1, "INTEGER", 0, 0, 1), row("T", "X", 2, "TINYINT", 0, 0, 0));
        Object[] idWithoutKey = row("T", "ID", 1, "INTEGER", 0, 0, 0);
        idWithoutKey[7] = 0; // NOT NULL as on the others, but not a key
        ResultTable b = replica(idWithoutKey, row("T", "X", 2, "SMALLINT", 0, 0, 0));
        ResultTable c = replica(row("U", "ID", 1, "INTEGER", 0, 0, 1));
        catalog.load(1, List.of(a, b, c), 2);
        SchemaCatalog.TableInfo t = catalog.table("T");
        assertThat(t.column("X").type()).as("TINYINT against SMALLINT").isNull();
        assertThat(t.column("ID").type()).isEqualTo("INTEGER");
        assertThat(t.primaryKey()).isEmpty();
        assertThat(catalog.table("U")).as("reported by one replica only").isNull();
    }

    @Test
    void foreignAndUniqueKeysAreReadAlikeFromEveryEngine() throws java.sql.SQLException {
        try (EngineFixture engines = new EngineFixture("catalog_keys", List.of(
                "CREATE TABLE parent (id INT PRIMARY KEY, code VARCHAR(10) NOT NULL, CONSTRAINT uq_parent_code UNIQUE (code))",
                "CREATE TABLE other (id INT PRIMARY KEY)",
                "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, other_id INT,"
                        + " CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE,"
                        + " CONSTRAINT fk_child_other FOREIGN KEY (other_id) REFERENCES other (id))",
                "CREATE UNIQUE INDEX ux_child_pair ON child (parent_id, other_id)"))) {
            SchemaCatalog catalog = engines.catalog();
            assertThat(catalog.foreignKeysOf("CHILD")).containsExactlyInAnyOrder(
                    new SchemaCatalog.ForeignKey("CHILD", List.of("PARENT_ID"), "PARENT", true),
                    new SchemaCatalog.ForeignKey("CHILD", List.of("OTHER_ID"), "OTHER", false));
            assertThat(catalog.referencing("PARENT")).hasSize(1);
            assertThat(catalog.uniqueKeysOf("PARENT")).containsExactly(new SchemaCatalog.UniqueKey("PARENT", List.of("CODE")));
            assertThat(catalog.uniqueKeysOf("CHILD")).containsExactly(new SchemaCatalog.UniqueKey("CHILD", List.of("PARENT_ID", "OTHER_ID")));
        }
    }
}
