package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.translate.CapturePlan.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How each statement shape's changed rows are found (the engines' own capture is exercised end to end in the
 * driver's CaptureIT): the catalog is read from real H2, Derby and HSQLDB.
 */
class CapturePlannerTest {
    private static EngineFixture engines;

    @BeforeAll
    static void start() throws SQLException {
        engines = new EngineFixture("capture_planner", List.of(
                "CREATE TABLE account (id INT PRIMARY KEY, owner VARCHAR(20) NOT NULL, balance DECIMAL(12, 2),"
                        + " CONSTRAINT uq_account_owner UNIQUE (owner))",
                "CREATE TABLE pair (a INT, b VARCHAR(5), v INT, PRIMARY KEY (a, b))",
                "CREATE TABLE note (id INT PRIMARY KEY, account_id INT, CONSTRAINT fk_note FOREIGN KEY (account_id)"
                        + " REFERENCES account (id) ON DELETE CASCADE)",
                "CREATE TABLE remark (id INT PRIMARY KEY, note_id INT, CONSTRAINT fk_remark FOREIGN KEY (note_id)"
                        + " REFERENCES note (id) ON DELETE CASCADE)",
                "CREATE TABLE log_line (pos INT, line VARCHAR(20))"));
    }

    @AfterAll
    static void stop() throws SQLException {
        engines.close();
    }

    private static CapturePlan plan(String sql) throws SQLException {
        return engines.translate(sql).capture();
    }

    private static List<String> diffed(CapturePlan p) {
        return p.diff().stream().map(CapturePlan.Table::name).toList();
    }

    @Test
    void insertsWithTheirKeysAreReadBackByThoseKeys() throws SQLException {
        CapturePlan p = plan("INSERT INTO account (id, owner) VALUES (?, ?), (7, 'x')");
        assertThat(p.kind()).isEqualTo(Kind.INSERTED);
        assertThat(p.target().name()).isEqualTo("ACCOUNT");
        assertThat(p.target().columns()).containsExactly("ID", "OWNER", "BALANCE");
        assertThat(p.target().keyColumns()).containsExactly("ID");
        for (Engine e : List.of(Engine.H2, Engine.DERBY, Engine.HSQLDB)) {
            Translation.Rendered r = p.select().get(e);
            assertThat(r.sql()).as(e.name()).containsIgnoringCase("\"ID\" in (?, 7)");
            assertThat(r.binds()).as("the first parameter, the id").containsExactly(0);
        }
        assertThat(plan("INSERT INTO pair VALUES (1, 'x', 2)").kind()).isEqualTo(Kind.INSERTED);
    }

    @Test
    void whatTheAnalysisCannotBoundIsATableDiff() throws SQLException {
        assertThat(diffed(plan("INSERT INTO log_line VALUES (1, 'a')"))).as("no primary key").containsExactly("LOG_LINE");
        assertThat(plan("INSERT INTO log_line VALUES (1, 'a')").kind()).isEqualTo(Kind.DIFF);
        assertThat(diffed(plan("INSERT INTO account (id, owner) VALUES (1 + 1, 'x')"))).as("a computed key")
                .containsExactly("ACCOUNT");
        assertThat(diffed(plan("UPDATE account SET id = id + 100 WHERE id = 1"))).as("a key change, and what cascades")
                .containsExactly("ACCOUNT", "NOTE", "REMARK");
        assertThat(diffed(plan("MERGE INTO account USING pair ON account.id = pair.a WHEN MATCHED THEN UPDATE SET balance = 0")))
                .as("every table").containsExactlyInAnyOrder("ACCOUNT", "LOG_LINE", "NOTE", "PAIR", "REMARK");
        assertThat(diffed(plan("TRUNCATE TABLE pair"))).containsExactly("PAIR");
    }

    @Test
    void updatesByKeyReadTheRowOthersPreSelectTheirKeys() throws SQLException {
        CapturePlan byKey = plan("UPDATE account SET balance = balance + ? WHERE id = ?");
        assertThat(byKey.kind()).isEqualTo(Kind.PINNED);
        assertThat(byKey.select().get(Engine.H2).binds()).as("only the key's parameter").containsExactly(1);
        assertThat(plan("UPDATE pair SET v = 0 WHERE b = 'x' AND a = 3").kind()).isEqualTo(Kind.PINNED);
        CapturePlan byOther = plan("UPDATE account SET balance = 0 WHERE owner LIKE ? AND balance < ?");
        assertThat(byOther.kind()).isEqualTo(Kind.KEYS_THEN_ROWS);
        assertThat(byOther.select().get(Engine.DERBY).sql()).startsWithIgnoringCase("select \"ID\" from \"ACCOUNT\" where");
        assertThat(byOther.select().get(Engine.DERBY).binds()).containsExactly(0, 1);
        assertThat(byOther.diff()).isEmpty();
        assertThat(plan("UPDATE account SET owner = 'z' WHERE id = 1").diff()).as("a unique key changes: cascades are diffed")
                .extracting(CapturePlan.Table::name).containsExactly("NOTE", "REMARK");
    }

    @Test
    void deletesPreSelectTheirKeysAndDiffWhatCascades() throws SQLException {
        CapturePlan p = plan("DELETE FROM account WHERE balance IS NULL");
        assertThat(p.kind()).isEqualTo(Kind.DELETED);
        assertThat(diffed(p)).containsExactly("NOTE", "REMARK");
        assertThat(plan("DELETE FROM pair").kind()).isEqualTo(Kind.DELETED);
        assertThat(diffed(plan("DELETE FROM pair"))).isEmpty();
        assertThat(plan("SELECT * FROM account")).as("a query changes nothing").isNull();
    }

    @Test
    void tablesAreReadInTheirColumnOrderWithKeysInChunks() throws SQLException {
        CapturePlan.Table t = plan("INSERT INTO pair VALUES (1, 'x', 2)").target();
        assertThat(t.readAll().get(Engine.HSQLDB)).isEqualTo("SELECT \"A\", \"B\", \"V\" FROM \"PAIR\"");
        assertThat(t.readByKey().get(Engine.HSQLDB)).startsWith("SELECT \"A\", \"B\", \"V\" FROM \"PAIR\" WHERE (\"A\" = ? AND \"B\" = ?)"
                + " OR (\"A\" = ? AND \"B\" = ?)");
        assertThat(t.readByKey().get(Engine.HSQLDB).split("\\?", -1)).hasSize(2 * CapturePlan.Table.KEYS_PER_READ + 1);
        assertThat(plan("INSERT INTO log_line VALUES (1, 'a')").diff().get(0).readByKey()).isNull();
    }
}
