package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LIMIT and OFFSET without a total order get one (the engines would otherwise pick different rows), and columns WHERE
 * fixes go in front of ORDER BY for index use. Run on real H2, Derby and HSQLDB: all three give the same rows.
 */
class OrderingTest {
    private static EngineFixture engines;

    @BeforeAll
    static void start() throws SQLException {
        List<String> setup = new ArrayList<>(List.of(
                "CREATE TABLE ITEM (ID INT PRIMARY KEY, CATEGORY INT NOT NULL, PRICE INT, NAME VARCHAR(20))",
                "CREATE INDEX ITEM_CATEGORY_ID ON ITEM (CATEGORY, ID)",
                "CREATE TABLE TAG (ITEM_ID INT NOT NULL, LABEL VARCHAR(10) NOT NULL, PRIMARY KEY (ITEM_ID, LABEL))",
                "CREATE TABLE NOKEY (A INT, B INT)"));
        // rows inserted out of key order, with many equal prices: engines return ties in different orders
        for (int i = 0; i < 60; i++) {
            int id = (i * 37) % 60;
            setup.add("INSERT INTO ITEM VALUES (" + id + ", " + (id % 3) + ", " + (id % 4 == 0 ? "NULL" : String.valueOf(id % 5))
                    + ", 'n" + (59 - id) + "')");
            setup.add("INSERT INTO TAG VALUES (" + id + ", 't" + (id % 2) + "')");
            setup.add("INSERT INTO NOKEY VALUES (" + (id % 7) + ", " + (id % 2) + ")");
        }
        engines = new EngineFixture("ordering", setup);
    }

    @AfterAll
    static void stop() throws SQLException {
        engines.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT ID FROM ITEM ORDER BY PRICE LIMIT 10",
            "SELECT ID, NAME FROM ITEM ORDER BY PRICE DESC LIMIT 7 OFFSET 5",
            "SELECT NAME FROM ITEM LIMIT 5",
            "SELECT * FROM ITEM WHERE CATEGORY = 1 ORDER BY PRICE LIMIT 4",
            "SELECT I.ID, T.LABEL FROM ITEM I JOIN TAG T ON T.ITEM_ID = I.ID ORDER BY T.LABEL LIMIT 6",
            "SELECT PRICE, COUNT(*) FROM ITEM GROUP BY PRICE ORDER BY COUNT(*) DESC LIMIT 3",
            // (not NULL: Derby ignores NULLS FIRST under DISTINCT, and is outvoted there)
            "SELECT DISTINCT PRICE, CATEGORY FROM ITEM WHERE PRICE IS NOT NULL ORDER BY PRICE LIMIT 3 OFFSET 1",
            "SELECT A, B FROM NOKEY ORDER BY B LIMIT 5",
            "SELECT ID FROM ITEM WHERE CATEGORY = 2 ORDER BY ID DESC LIMIT 5"})
    void everyEngineReturnsTheSameRows(String sql) throws SQLException {
        Translation t = engines.translate(sql);
        List<List<Object>> h2 = engines.query(Engine.H2, t.rendered().get(Engine.H2).sql());
        assertThat(h2).isNotEmpty();
        for (Engine e : EnumSet.of(Engine.DERBY, Engine.HSQLDB)) {
            assertThat(normalised(engines.query(e, t.rendered().get(e).sql()))).as("%s on %s: %s", sql, e, t.rendered().get(e).sql())
                    .isEqualTo(normalised(h2));
        }
    }

    @Test
    void thePrimaryKeyBreaksTiesAndFixedColumnsGoFirstWithoutNullOrdering() throws SQLException {
        String derby = engines.translate("SELECT ID FROM ITEM WHERE CATEGORY = ? ORDER BY ID DESC LIMIT 20").rendered().get(Engine.DERBY).sql();
        assertThat(derby).contains("order by \"ITEM\".\"CATEGORY\" desc, \"ITEM\".\"ID\" desc fetch next 20 rows only").doesNotContain("nulls");
        String tie = engines.translate("SELECT NAME FROM ITEM ORDER BY PRICE LIMIT 5").rendered().get(Engine.HSQLDB).sql();
        assertThat(tie).contains("order by \"ITEM\".\"PRICE\" nulls first, \"ITEM\".\"ID\" asc limit");
    }

    @Test
    void withoutLimitTheOrderIsLeftAsWritten() throws SQLException {
        assertThat(engines.translate("SELECT NAME FROM ITEM ORDER BY PRICE").rendered().get(Engine.DERBY).sql())
                .endsWith("order by \"ITEM\".\"PRICE\" nulls first");
    }

    /** Numbers of different Java types compared by value. */
    private static List<List<String>> normalised(List<List<Object>> rows) {
        return rows.stream().map(r -> r.stream().map(v -> v == null ? "NULL" : v.toString()).toList()).toList();
    }
}
