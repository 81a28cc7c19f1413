package dev.chorus.writeset;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteSetTest {
    private static final List<String> KEY = List.of("ID");

    private static RowChange item(int id, String name, Object qty) {
        return RowChange.upsert("ITEM", KEY, List.of("ID", "NAME", "QTY"), Arrays.asList(BigDecimal.valueOf(id), name, qty));
    }

    @Test
    void theSqlFormIsADeleteByKeyThenAnInsertOfTheWholeRow() {
        WriteSet ws = new WriteSet(List.of(item(1, "apple", new BigDecimal("10.50")),
                RowChange.delete("ITEM", KEY, List.of(new BigDecimal(2)))));
        assertThat(ws.toSql()).isEqualTo("""
                DELETE FROM "ITEM" WHERE "ID" = 1;
                INSERT INTO "ITEM" ("ID", "NAME", "QTY") VALUES (1, 'apple', 10.5);
                DELETE FROM "ITEM" WHERE "ID" = 2;
                """);
    }

    @Test
    void everyPortableValueSurvivesTheRoundTrip() {
        List<String> columns = List.of("K1", "K2", "N", "D", "S", "B", "BOOL", "DT", "T", "TS", "TSZ", "NUL", "Q\"UOTE");
        List<Object> values = Arrays.asList(new BigDecimal("-12345678901234567890.000123"), "it's \"quoted\"\nover lines;",
                BigDecimal.ZERO, 1.0E-7, "", new byte[] {0, 1, (byte) 0xFE, (byte) 0xFF}, Boolean.TRUE, LocalDate.of(1999, 12, 31),
                LocalTime.of(10, 15), LocalDateTime.of(2026, 11, 21, 23, 59, 58, 123_456_000),
                OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(-5)), null, -0.0);
        RowChange c = RowChange.upsert("WEIRD \"T\"", List.of("K1", "K2"), columns, values);
        WriteSet ws = new WriteSet(List.of(c, RowChange.delete("WEIRD \"T\"", List.of("K1", "K2"), Arrays.asList(null, "x"))));
        WriteSet back = WriteSet.parse(ws.toSql());
        assertThat(back).isEqualTo(ws);
        assertThat(back.toSql()).isEqualTo(ws.toSql());
        assertThat(ws.toSql()).contains("TIME '10:15:00'", "TIMESTAMP '2026-11-21 23:59:58.123456'",
                "TIMESTAMP WITH TIME ZONE '2026-01-02 03:04:05-05:00'", "X'0001FEFF'", "1.0E-7", "0.0E0", "DATE '1999-12-31'",
                "\"K1\" IS NULL AND \"K2\" = 'x'");
        assertThat(back.changes().get(0).image().get(3)).isInstanceOf(Double.class);
        assertThat(back.changes().get(0).image().get(0)).isInstanceOf(BigDecimal.class);
    }

    @Test
    void eachRowKeepsOnlyItsLastChangeInTheOrderOfLastChanges() {
        WriteSet ws = new WriteSet(List.of(item(1, "a", null), item(2, "b", null), item(1, "a2", null),
                RowChange.delete("ITEM", KEY, List.of(new BigDecimal("2.0"))), item(3, "c", null)));
        assertThat(ws.changes()).containsExactly(item(1, "a2", null), RowChange.delete("ITEM", KEY, List.of(new BigDecimal(2))),
                item(3, "c", null));
        WriteSet later = new WriteSet(List.of(item(2, "b again", null)));
        assertThat(ws.then(later).changes()).containsExactly(item(1, "a2", null), item(3, "c", null), item(2, "b again", null));
    }

    @Test
    void equalWriteSetsHaveEqualDigestsWhateverTheNumberTypesScale() {
        WriteSet a = new WriteSet(List.of(item(1, "x", new BigDecimal("5.00"))));
        WriteSet b = new WriteSet(List.of(item(1, "x", new BigDecimal("5"))));
        WriteSet c = new WriteSet(List.of(item(1, "x", new BigDecimal("5.01"))));
        assertThat(a.digest()).isEqualTo(b.digest()).isNotEqualTo(c.digest());
    }

    @Test
    void textThatIsNotTheCanonicalFormIsRejectedWithItsOffset() {
        assertThatThrownBy(() -> WriteSet.parse("DELETE FROM \"T\" WHERE \"ID\" = 1;\nUPDATE \"T\" SET x = 1;\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 32");
        assertThatThrownBy(() -> WriteSet.parse("DELETE FROM \"T\" WHERE \"ID\" = 1;\nINSERT INTO \"T\" (\"ID\") VALUES (2);\n"))
                .hasMessageContaining("key");
        assertThatThrownBy(() -> WriteSet.parse("DELETE FROM \"T\" WHERE \"D\" = DATE '2020-13-01';\n"))
                .hasMessageContaining("malformed literal");
        assertThat(WriteSet.parse("")).isEqualTo(WriteSet.EMPTY);
    }

    @Test
    void aRowOfATableWithoutAPrimaryKeyIsAMultisetOfEqualRows() {
        List<String> columns = List.of("A", "B");
        RowChange two = RowChange.multiset("LOG", columns, Arrays.asList("x", null), 2);
        WriteSet ws = new WriteSet(List.of(two, RowChange.multiset("LOG", columns, List.of("y", "z"), 0)));
        assertThat(ws.toSql()).isEqualTo("""
                DELETE FROM "LOG" WHERE "A" = 'x' AND "B" IS NULL;
                INSERT INTO "LOG" ("A", "B") VALUES ('x', NULL);
                INSERT INTO "LOG" ("A", "B") VALUES ('x', NULL);
                DELETE FROM "LOG" WHERE "A" = 'y' AND "B" = 'z';
                """);
        assertThat(WriteSet.parse(ws.toSql())).isEqualTo(ws);
        assertThat(WriteSet.parse(ws.toSql()).changes().get(0).copies()).isEqualTo(2);
        assertThatThrownBy(() -> WriteSet.parse("DELETE FROM \"T\" WHERE \"ID\" = 1;\nINSERT INTO \"T\" (\"ID\", \"V\") VALUES (1, 2);\n"
                + "INSERT INTO \"T\" (\"ID\", \"V\") VALUES (1, 2);\n")).hasMessageContaining("primary key");
        assertThatThrownBy(() -> new RowChange("T", List.of("A"), List.of("x"), List.of("A"), List.of("x"), 0))
                .hasMessageContaining("0 copies");
    }

    @Test
    void aChangeChecksItsShape() {
        assertThatThrownBy(() -> RowChange.upsert("T", List.of("ID"), List.of("NAME"), List.of("x")))
                .hasMessageContaining("lacks key column ID");
        assertThatThrownBy(() -> RowChange.delete("T", List.of("A", "B"), List.of(1)))
                .hasMessageContaining("2 key columns but 1 key values");
        assertThatThrownBy(() -> RowChange.delete("T", List.of("A"), List.of(1)))
                .hasMessageContaining("portable values").hasMessageContaining("java.lang.Integer");
        byte[] bytes = {1, 2};
        RowChange c = RowChange.delete("T", List.of("B"), List.of(bytes));
        bytes[0] = 9;
        assertThat((byte[]) c.key().get(0)).containsExactly(1, 2);
    }
}
