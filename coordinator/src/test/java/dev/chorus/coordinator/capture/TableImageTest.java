package dev.chorus.coordinator.capture;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.TestEngines;
import dev.chorus.coordinator.recovery.Replay;
import dev.chorus.writeset.WriteSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same rows on H2, Derby and HSQLDB give the same table image, as a write set byte for byte; the same changes
 * give the same diff; a diff replayed onto the earlier state of another engine gives the later state.
 */
@Timeout(60)
class TableImageTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final List<Engine> ENGINES = List.of(Engine.H2, Engine.DERBY, Engine.HSQLDB);
    private static final List<String> KEY = List.of("ID");

    private static Connection open(Engine engine) throws SQLException {
        Connection c = TestEngines.open(engine, "image_" + IDS.incrementAndGet());
        c.setAutoCommit(false);
        run(c, "CREATE TABLE T (ID INT PRIMARY KEY, NAME CHAR(8), V DOUBLE, R REAL, D DECIMAL(8,3), B BLOB, F BOOLEAN,"
                + " DT DATE, TS TIMESTAMP, C CLOB)",
                "CREATE TABLE L (A VARCHAR(5), N INT)",
                "INSERT INTO T VALUES (1, 'one', 0.1, 0.1, 1.500, NULL, TRUE, CAST('2026-01-01' AS DATE), CAST('2026-01-01 10:00:00' AS TIMESTAMP), 'c1')",
                "INSERT INTO T VALUES (2, 'two', 1e300, 3.25, -0.001, NULL, FALSE, NULL, NULL, NULL)",
                "INSERT INTO T (ID) VALUES (3)",
                "INSERT INTO L VALUES ('a', 1)", "INSERT INTO L VALUES ('a', 1)", "INSERT INTO L VALUES (NULL, 2)",
                "INSERT INTO L VALUES ('b', NULL)");
        c.commit();
        return c;
    }

    private static void run(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    private static final String[] CHANGES = {
            "UPDATE T SET NAME = 'uno', V = V * 3 WHERE ID = 1",
            "DELETE FROM T WHERE ID = 2",
            "INSERT INTO T (ID, NAME, D, C) VALUES (4, 'four', 4.0, 'long text')",
            "UPDATE T SET ID = 30 WHERE ID = 3",
            "DELETE FROM L WHERE A = 'b'",
            "INSERT INTO L VALUES ('a', 1)",
            "INSERT INTO L VALUES ('c', 3)",
            "UPDATE L SET N = 20 WHERE A IS NULL"};

    @Test
    void everyEngineGivesTheSameImageAndTheSameDiff() throws Exception {
        Map<Engine, String> images = new LinkedHashMap<>();
        Map<Engine, String> diffs = new LinkedHashMap<>();
        for (Engine e : ENGINES) {
            try (Connection c = open(e)) {
                TableImage t = TableImage.read(c, e, "T", KEY, 12);
                TableImage l = TableImage.read(c, e, "L", List.of(), 12);
                images.put(e, t.asWriteSet().toSql() + l.asWriteSet().toSql());
                assertThat(l.rowCount()).isEqualTo(4);
                run(c, CHANGES);
                List<dev.chorus.writeset.RowChange> changes = new ArrayList<>(t.changesTo(TableImage.read(c, e, "T", KEY, 12)));
                changes.addAll(l.changesTo(TableImage.read(c, e, "L", List.of(), 12)));
                diffs.put(e, new WriteSet(changes).toSql());
                c.rollback();
            }
        }
        assertThat(images.values()).as("images by engine: %s", images).containsOnly(images.get(Engine.H2));
        assertThat(diffs.values()).as("diffs by engine: %s", diffs).containsOnly(diffs.get(Engine.H2));
        assertThat(images.get(Engine.H2)).contains("VALUES (1, 'one', 0.1E0, 0.1E0, 1.5, NULL, TRUE, DATE '2026-01-01', "
                + "TIMESTAMP '2026-01-01 10:00:00', 'c1');", "1.0E300", "-0.001", "VALUES ('a', 1);\nINSERT INTO \"L\" (\"A\", \"N\") VALUES ('a', 1);");
        assertThat(diffs.get(Engine.H2)).isEqualTo("""
                DELETE FROM "T" WHERE "ID" = 1;
                INSERT INTO "T" ("ID", "NAME", "V", "R", "D", "B", "F", "DT", "TS", "C") VALUES (1, 'uno', 0.3E0, 0.1E0, 1.5, NULL, TRUE, DATE '2026-01-01', TIMESTAMP '2026-01-01 10:00:00', 'c1');
                DELETE FROM "T" WHERE "ID" = 2;
                DELETE FROM "T" WHERE "ID" = 3;
                DELETE FROM "T" WHERE "ID" = 4;
                INSERT INTO "T" ("ID", "NAME", "V", "R", "D", "B", "F", "DT", "TS", "C") VALUES (4, 'four', NULL, NULL, 4, NULL, NULL, NULL, NULL, 'long text');
                DELETE FROM "T" WHERE "ID" = 30;
                INSERT INTO "T" ("ID", "NAME", "V", "R", "D", "B", "F", "DT", "TS", "C") VALUES (30, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
                DELETE FROM "L" WHERE "A" IS NULL AND "N" = 2;
                DELETE FROM "L" WHERE "A" IS NULL AND "N" = 20;
                INSERT INTO "L" ("A", "N") VALUES (NULL, 20);
                DELETE FROM "L" WHERE "A" = 'a' AND "N" = 1;
                INSERT INTO "L" ("A", "N") VALUES ('a', 1);
                INSERT INTO "L" ("A", "N") VALUES ('a', 1);
                INSERT INTO "L" ("A", "N") VALUES ('a', 1);
                DELETE FROM "L" WHERE "A" = 'b' AND "N" IS NULL;
                DELETE FROM "L" WHERE "A" = 'c' AND "N" = 3;
                INSERT INTO "L" ("A", "N") VALUES ('c', 3);
                """);
    }

    @Test
    void aDiffReplayedOntoTheEarlierStateOfAnotherEngineGivesTheLaterState() throws Exception {
        for (Engine from : ENGINES) {
            for (Engine to : ENGINES) {
                try (Connection source = open(from); Connection target = open(to)) {
                    TableImage t = TableImage.read(source, from, "T", KEY, 12);
                    TableImage l = TableImage.read(source, from, "L", List.of(), 12);
                    run(source, CHANGES);
                    TableImage t2 = TableImage.read(source, from, "T", KEY, 12);
                    TableImage l2 = TableImage.read(source, from, "L", List.of(), 12);
                    List<dev.chorus.writeset.RowChange> changes = new ArrayList<>(t.changesTo(t2));
                    changes.addAll(l.changesTo(l2));
                    new Replay(to).apply(target, WriteSet.parse(new WriteSet(changes).toSql()));
                    assertThat(TableImage.read(target, to, "T", KEY, 12)).as(from + " -> " + to).isEqualTo(t2);
                    assertThat(TableImage.read(target, to, "L", List.of(), 12)).as(from + " -> " + to).isEqualTo(l2);
                    source.rollback();
                    target.rollback();
                }
            }
        }
    }

    @Test
    void aReplicaWithTwoRowsUnderOneKeyIsCaught() throws Exception {
        try (Connection c = open(Engine.H2)) {
            assertThatThrownBy(() -> TableImage.read(c, Engine.H2, "L", List.of("A"), 12)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("two rows with the key [A] = [a]");
            c.rollback();
        }
    }
}
