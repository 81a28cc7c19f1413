package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs translated numeric expressions on real in-memory Derby and HSQLDB and compares every value with what plain H2
 * computes for the original statement: AVG, decimal division (with exact ties) and rounding casts.
 */
class NumericSemanticsTest {
    private static final String TABLE = "CREATE TABLE N (ID INT PRIMARY KEY, I INT, S SMALLINT, B BIGINT, D DECIMAL(10,2),"
            + " E DECIMAL(12,4), F DOUBLE, G INT)";
    private static EngineFixture engines;

    @BeforeAll
    static void start() throws SQLException {
        List<String> setup = new ArrayList<>();
        setup.add(TABLE);
        // values chosen for ties and signs: 0.05 / 2, 2.50 / 3, -0.75, 1 / 8 at scale 2, ...
        String[][] values = {
                {"1", "1", "1", "1", "1.00", "2.5000", "1.5", "1"},
                {"2", "2", "2", "2", "2.50", "1.0000", "2.5", "1"},
                {"3", "2", "2", "3", "-0.75", "3.3333", "-2.5", "1"},
                {"4", "7", "7", "9007199254740993", "0.05", "0.0008", "0.49999999999999994", "2"},
                {"5", "-7", "-7", "-5", "-0.05", "-0.0003", "-1.5", "2"},
                {"6", "3", "3", "11", "99999999.99", "8.0000", "1e10", "2"},
                {"7", "1", "1", "1", "0.01", "16.0000", "0.5", "3"},
                {"8", "0", "0", "0", "0.00", "0.1250", "-0.5", "3"},
                {"9", null, null, null, null, null, null, "3"}};
        for (String[] v : values) {
            StringBuilder sb = new StringBuilder("INSERT INTO N VALUES (");
            for (int i = 0; i < v.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(v[i] == null ? "NULL" : v[i]);
            }
            setup.add(sb.append(')').toString());
        }
        engines = new EngineFixture("numeric_semantics", setup);
    }

    @AfterAll
    static void stop() throws SQLException {
        engines.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT AVG(I), AVG(S), AVG(B), AVG(D), AVG(E) FROM N",
            "SELECT G, AVG(I), AVG(B), AVG(D), AVG(E), AVG(DISTINCT D) FROM N GROUP BY G ORDER BY G",
            "SELECT ID, D / 3, D / I, D / 2, D / 8, D / S FROM N WHERE I <> 0 AND E <> 0 AND D <> 0 ORDER BY ID",
            "SELECT ID, 1 / 3.0, 2.50 / 3, I / 2.0, I / 8.00, D / 8, 0.05 / 2 FROM N ORDER BY ID",
            "SELECT ID, CAST(E AS DECIMAL(12,2)) / 3, CAST(D * E AS DECIMAL(14,3)) / 7 FROM N ORDER BY ID",
            "SELECT ID, CAST(D AS INT), CAST(E AS DECIMAL(5,1)), CAST(E AS INT), CAST(D / 3 AS DECIMAL(10,1)) FROM N ORDER BY ID",
            "SELECT ID, CAST(F AS INT), CAST(F AS BIGINT), CAST(F AS DECIMAL(12,0)) FROM N WHERE ABS(F) < 1e9 ORDER BY ID",
            "SELECT CAST(0.35 AS DECIMAL(5,1)), CAST(-0.35 AS DECIMAL(5,1)), CAST(0.3 AS DECIMAL(5,0)), CAST(0.38 AS DECIMAL(5,1)) FROM N WHERE ID = 1",
            "SELECT ID FROM N WHERE D / 3 > 0.5 ORDER BY ID",
            "SELECT CAST(SUM(D) AS DECIMAL(12,2)) / COUNT(D) FROM N"})
    void derbyAndHsqldbComputeWhatH2Computes(String sql) throws SQLException {
        List<List<Object>> h2 = engines.query(Engine.H2, sql);
        Translation t = engines.translate(sql);
        for (Engine e : EnumSet.of(Engine.DERBY, Engine.HSQLDB)) {
            if (t.unsupported().containsKey(e)) {
                continue;
            }
            List<List<Object>> other = engines.query(e, t.rendered().get(e).sql());
            assertThat(other).as("%s on %s: %s", sql, e, t.rendered().get(e).sql()).hasSameSizeAs(h2);
            for (int r = 0; r < h2.size(); r++) {
                for (int c = 0; c < h2.get(r).size(); c++) {
                    assertThat(same(h2.get(r).get(c), other.get(r).get(c)))
                            .as("row %d column %d of %s on %s: H2 %s, %s %s (%s)", r, c + 1, sql, e, h2.get(r).get(c), e,
                                    other.get(r).get(c), t.rendered().get(e).sql())
                            .isTrue();
                }
            }
        }
    }

    /**
     * What Derby cannot hold in 31 digits, or what SQL cannot reproduce, is left out on Derby (the query runs on the
     * other replicas when they are a quorum), never answered differently; HSQLDB still computes H2's answer.
     */
    @ParameterizedTest
    @ValueSource(strings = {"SELECT ID, E / 3 FROM N ORDER BY ID", "SELECT ID, D / E FROM N WHERE E <> 0 ORDER BY ID",
            "SELECT ID, D * E / 7 FROM N ORDER BY ID", "SELECT SUM(D) / COUNT(D) FROM N"})
    void whatDerbyCannotComputeIsLeftOutOnDerby(String sql) throws SQLException {
        Translation t = engines.translate(sql);
        assertThat(t.unsupported()).containsOnlyKeys(Engine.DERBY);
        assertThat(t.unsupported().get(Engine.DERBY)).containsIgnoringCase("derby");
        derbyAndHsqldbComputeWhatH2Computes(sql);
    }

    @org.junit.jupiter.api.Test
    void aDoubleCastToAFractionIsLeftOutOnBothEngines() throws SQLException {
        Translation t = engines.translate("SELECT CAST(F AS DECIMAL(10,2)) FROM N");
        assertThat(t.unsupported()).containsOnlyKeys(Engine.DERBY, Engine.HSQLDB);
        assertThat(t.rendered()).containsOnlyKeys(Engine.H2);
    }

    @org.junit.jupiter.api.Test
    void aWriteThatAnEngineCannotComputeIsRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engines.translate("UPDATE N SET D = E / 3"))
                .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class).hasMessageContaining("31");
    }

    private static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Double || b instanceof Double || a instanceof Float || b instanceof Float) {
            return Math.abs(((Number) a).doubleValue() - ((Number) b).doubleValue()) <= 1e-12 * Math.abs(((Number) a).doubleValue());
        }
        return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
}
