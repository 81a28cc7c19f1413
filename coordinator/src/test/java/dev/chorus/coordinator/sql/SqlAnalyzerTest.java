package dev.chorus.coordinator.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlAnalyzerTest {
    private final SqlAnalyzer analyzer = new SqlAnalyzer();

    @Test
    void classifiesByFirstKeywordSkippingCommentsAndParentheses() {
        assertThat(analyzer.analyse("select 1").kind()).isEqualTo(StatementKind.QUERY);
        assertThat(analyzer.analyse("  -- note\n /* x */ (SELECT a FROM t) UNION (SELECT b FROM u)").kind()).isEqualTo(StatementKind.QUERY);
        assertThat(analyzer.analyse("WITH x AS (SELECT 1) SELECT * FROM x").kind()).isEqualTo(StatementKind.QUERY);
        assertThat(analyzer.analyse("VALUES 1").kind()).isEqualTo(StatementKind.QUERY);
        assertThat(analyzer.analyse("insert into t values (1)").kind()).isEqualTo(StatementKind.WRITE);
        assertThat(analyzer.analyse("MERGE INTO t USING u ON 1=1").kind()).isEqualTo(StatementKind.WRITE);
        assertThat(analyzer.analyse("create table t (a int)").kind()).isEqualTo(StatementKind.DDL);
        assertThat(analyzer.analyse("TRUNCATE TABLE t").kind()).isEqualTo(StatementKind.DDL);
        assertThat(analyzer.analyse("commit").kind()).isEqualTo(StatementKind.COMMIT);
        assertThat(analyzer.analyse("ROLLBACK").kind()).isEqualTo(StatementKind.ROLLBACK);
        assertThat(analyzer.analyse("ROLLBACK TO SAVEPOINT s").kind()).isEqualTo(StatementKind.SESSION_CONTROL);
        assertThat(analyzer.analyse("BEGIN").kind()).isEqualTo(StatementKind.SESSION_CONTROL);
        assertThat(analyzer.analyse("SET SCHEMA x").kind()).isEqualTo(StatementKind.SESSION_CONTROL);
        assertThat(analyzer.analyse("CALL f()").kind()).isEqualTo(StatementKind.OTHER);
        assertThat(analyzer.analyse("").firstKeyword()).isEmpty();
    }

    @Test
    void countsPlaceholdersOutsideLiteralsIdentifiersAndComments() {
        assertThat(analyzer.analyse("SELECT * FROM t WHERE a = ? AND b = '?' AND \"c?\" = ? -- ?\n /* ? */").parameterCount()).isEqualTo(2);
        assertThat(analyzer.analyse("SELECT 'it''s ?' FROM t WHERE x = ?").parameterCount()).isEqualTo(1);
        assertThat(analyzer.analyse("INSERT INTO t VALUES (?, ?, ?)").parameterCount()).isEqualTo(3);
    }

    @Test
    void findsTheTopLevelOrderByOnly() {
        assertThat(analyzer.analyse("SELECT a FROM t").orderBy()).isNull();
        assertThat(analyzer.analyse("SELECT a FROM (SELECT a FROM t ORDER BY a) x").orderBy()).isNull();
        assertThat(analyzer.analyse("SELECT a, ROW_NUMBER() OVER (ORDER BY b) FROM t").orderBy()).isNull();
        assertThat(analyzer.analyse("SELECT a, b FROM t ORDER BY a DESC, t.b NULLS LAST FETCH FIRST 3 ROWS ONLY").orderBy())
                .containsExactly("a", "t.b");
        assertThat(analyzer.analyse("SELECT a FROM t ORDER BY 1 ASC OFFSET 2 ROWS").orderBy()).containsExactly("1");
        assertThat(analyzer.analyse("SELECT a FROM t ORDER BY LOWER(a), \"B\"").orderBy()).containsExactly("LOWER(a)", "\"B\"");
        assertThat(analyzer.analyse("SELECT a FROM t ORDER BY a UNION SELECT b FROM u").orderBy()).isNull();
        assertThat(analyzer.analyse("INSERT INTO t SELECT a FROM u ORDER BY a").orderBy()).isNull();
    }

    @Test
    void severalStatementsAreOneKindOfTheirOwnAndATerminatorIsDropped() {
        assertThat(analyzer.analyse("INSERT INTO t VALUES (1); COMMIT").kind()).isEqualTo(StatementKind.MULTIPLE);
        assertThat(analyzer.analyse("SELECT 1 FROM t; DELETE FROM t").kind()).isEqualTo(StatementKind.MULTIPLE);
        assertThat(analyzer.analyse("SELECT ';' FROM t WHERE a = ?").kind()).isEqualTo(StatementKind.QUERY);
        Analysis terminated = analyzer.analyse("SELECT a FROM t WHERE b = ? ORDER BY a ; ; -- done");
        assertThat(terminated.kind()).isEqualTo(StatementKind.QUERY);
        assertThat(terminated.sql()).isEqualTo("SELECT a FROM t WHERE b = ? ORDER BY a ");
        assertThat(terminated.parameterCount()).isEqualTo(1);
        assertThat(terminated.orderBy()).containsExactly("a");
        assertThat(analyzer.analyse("SELECT 1 FROM t").sql()).isEqualTo("SELECT 1 FROM t");
    }

    @Test
    void aParenthesisedQueryKeepsItsOrderBy() {
        assertThat(analyzer.analyse("(SELECT a FROM t ORDER BY a)").orderBy()).containsExactly("a");
        assertThat(analyzer.analyse("((SELECT a FROM t ORDER BY a DESC))").orderBy()).containsExactly("a");
        assertThat(analyzer.analyse("(SELECT a FROM t) UNION (SELECT a FROM u ORDER BY a)").orderBy()).isNull();
    }

    @Test
    void cachesBySqlText() {
        assertThat(analyzer.analyse("SELECT 1")).isSameAs(analyzer.analyse("SELECT 1"));
    }
}
