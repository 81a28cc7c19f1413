package dev.chorus.coordinator.vote;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The same data in H2, Derby and HSQLDB must canonicalise to the same digest; different data must not. */
@Timeout(60)
class CanonicalizerIT {
    private static final List<Connection> ENGINES = new ArrayList<>();

    @BeforeAll
    static void createSameDataOnEveryEngine() throws SQLException {
        ENGINES.add(DriverManager.getConnection("jdbc:h2:mem:canon;DB_CLOSE_DELAY=-1"));
        ENGINES.add(DriverManager.getConnection("jdbc:derby:memory:canon;create=true"));
        ENGINES.add(DriverManager.getConnection("jdbc:hsqldb:mem:canon", "SA", ""));
        for (Connection c : ENGINES) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, big BIGINT, small SMALLINT, d DECIMAL(12,2), dbl DOUBLE, "
                        + "r REAL, v VARCHAR(20), ch CHAR(5), c CLOB, b BLOB, dt DATE, ts TIMESTAMP, ok BOOLEAN)");
            }
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Object[][] rows = {
                    {1, 10_000_000_000L, (short) 7, new java.math.BigDecimal("12.50"), 0.1, 0.5f, "one", "ab", "clob one",
                        new byte[] {1, 2}, java.sql.Date.valueOf("2026-11-21"), java.sql.Timestamp.valueOf("2026-11-21 07:30:15.123"), true},
                    {2, null, null, null, null, null, null, null, null, null, null, null, null},
                    {3, 3L, (short) 3, new java.math.BigDecimal("3"), 3.0, 3f, "three", "c", "x", new byte[] {3},
                        java.sql.Date.valueOf("2000-01-01"), java.sql.Timestamp.valueOf("2000-01-01 00:00:00"), false}};
                int[] types = {java.sql.Types.INTEGER, java.sql.Types.BIGINT, java.sql.Types.SMALLINT, java.sql.Types.DECIMAL,
                    java.sql.Types.DOUBLE, java.sql.Types.REAL, java.sql.Types.VARCHAR, java.sql.Types.CHAR, java.sql.Types.CLOB,
                    java.sql.Types.BLOB, java.sql.Types.DATE, java.sql.Types.TIMESTAMP, java.sql.Types.BOOLEAN};
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        if (row[i] == null) {
                            ps.setNull(i + 1, types[i]);
                        } else if (row[i] instanceof byte[] b) {
                            ps.setBytes(i + 1, b);
                        } else if (row[i] instanceof Float f) {
                            ps.setFloat(i + 1, f);
                        } else {
                            ps.setObject(i + 1, row[i]);
                        }
                    }
                    ps.executeUpdate();
                }
            }
        }
    }

    @AfterAll
    static void close() throws SQLException {
        for (Connection c : ENGINES) {
            c.close();
        }
    }

    private static List<Answer.Rows> everywhere(String sql, List<String> orderBy) throws SQLException {
        List<Answer.Rows> out = new ArrayList<>();
        for (Connection c : ENGINES) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                out.add(new Canonicalizer(12).rows(rs, 0, orderBy));
            }
        }
        return out;
    }

    @Test
    void everyCommonTypeCanonicalisesAlikeOnEveryEngine() throws SQLException {
        List<Answer.Rows> answers = everywhere("SELECT id, big, small, d, dbl, r, v, ch, c, b, dt, ts, ok FROM t", null);
        assertThat(answers).extracting(Answer.Rows::digest).containsOnly(answers.get(0).digest());
        assertThat(answers.get(0).table().rowCount()).isEqualTo(3);
    }

    @Test
    void aggregatesOfDifferentJavaTypesVoteAlike() throws SQLException {
        // COUNT is Integer on Derby and Long elsewhere; SUM of a DECIMAL differs in scale.
        List<Answer.Rows> answers = everywhere("SELECT COUNT(*), SUM(d), MAX(v) FROM t", null);
        assertThat(answers).extracting(Answer.Rows::digest).containsOnly(answers.get(0).digest());
    }

    @Test
    void rowsAreVotedAsAMultisetAndTheirOrderSeparately() throws SQLException {
        Answer.Rows asc = everywhere("SELECT id, v FROM t ORDER BY id", null).get(0);
        Answer.Rows desc = everywhere("SELECT id, v FROM t ORDER BY id DESC", null).get(0);
        assertThat(asc.digest()).isEqualTo(desc.digest());
        assertThat(asc.order()).isNull();
        Answer.Rows ascOrdered = everywhere("SELECT id, v FROM t ORDER BY id", List.of("id")).get(0);
        Answer.Rows descOrdered = everywhere("SELECT id, v FROM t ORDER BY id DESC", List.of("id")).get(0);
        assertThat(ascOrdered.digest()).isEqualTo(descOrdered.digest());
        assertThat(ascOrdered.order()).isNotEqualTo(descOrdered.order());
        List<Answer.Rows> all = everywhere("SELECT id, v FROM t ORDER BY id", List.of("id"));
        assertThat(all).extracting(Answer.Rows::order).containsOnly(all.get(0).order());
    }

    @Test
    void tiesInTheSortKeyAreComparedAsAMultiset() throws SQLException {
        List<String> byConstant = List.of("K");
        Answer.Rows a = everywhere("SELECT 1 AS k, id FROM t ORDER BY k, id", byConstant).get(0);
        Answer.Rows b = everywhere("SELECT 1 AS k, id FROM t ORDER BY k, id DESC", byConstant).get(0);
        assertThat(a.order()).isEqualTo(b.order());
        Answer.Rows strict = everywhere("SELECT 1 AS k, id FROM t ORDER BY k, id", List.of("LOWER(x)")).get(0);
        Answer.Rows strictReversed = everywhere("SELECT 1 AS k, id FROM t ORDER BY k, id DESC", List.of("LOWER(x)")).get(0);
        assertThat(strict.order()).isNotEqualTo(strictReversed.order());
    }

    @Test
    void labelsAreDigestedCaseFolded() throws SQLException {
        List<Answer.Rows> plain = everywhere("SELECT id, v FROM t", null);
        assertThat(plain).extracting(Answer.Rows::labels).containsOnly(plain.get(0).labels());
        Answer.Rows renamed = everywhere("SELECT id AS v, v AS id FROM t", null).get(0);
        assertThat(renamed.labels()).isNotEqualTo(plain.get(0).labels());
    }

    @Test
    void aSingleDifferentValueChangesTheDigest() throws SQLException {
        Answer.Rows before = everywhere("SELECT * FROM t", null).get(0);
        try (Statement s = ENGINES.get(0).createStatement()) {
            s.executeUpdate("UPDATE t SET v = 'ONE' WHERE id = 1");
            try {
                assertThat(everywhere("SELECT * FROM t", null).get(0).digest()).isNotEqualTo(before.digest());
            } finally {
                s.executeUpdate("UPDATE t SET v = 'one' WHERE id = 1");
            }
        }
    }

    @Test
    void maxRowsStopsReading() throws SQLException {
        try (Statement s = ENGINES.get(0).createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM t ORDER BY id")) {
            assertThat(new Canonicalizer(12).rows(rs, 2, List.of("id")).table().rowCount()).isEqualTo(2);
        }
    }

    @Test
    void errorsAreComparedByStateClass() {
        Canonicalizer c = new Canonicalizer(12);
        assertThat(c.failure(new SQLException("x", "42X05")).digest()).isEqualTo(c.failure(new SQLException("y", "42S02")).digest());
        assertThat(c.failure(new SQLException("x", "42X05")).digest()).isNotEqualTo(c.failure(new SQLException("x", "23505")).digest());
        assertThat(Canonicalizer.stateClass(new SQLException("no state"))).isEqualTo("HY");
    }
}
