package dev.chorus.coordinator.recovery;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.TestEngines;
import dev.chorus.coordinator.vote.Canonicalizer;
import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;
import dev.chorus.writeset.log.LogOptions;
import dev.chorus.writeset.log.LogReader;
import dev.chorus.writeset.log.LogRecord;
import dev.chorus.writeset.log.LogReduction;
import dev.chorus.writeset.log.LogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log of write sets replayed onto empty H2, Derby and HSQLDB databases (the schema only) gives the same rows on
 * every engine, whether the records are replayed one by one or the range is reduced first, and the values are the
 * ones that were logged.
 */
@Timeout(60)
class ReplayTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final List<String> ITEM = List.of("ID", "NAME", "PRICE", "RATIO", "DATA", "FLAG", "ON_DAY", "AT_TIME", "TS", "NOTE");
    private static final List<String> ID = List.of("ID");

    private static Connection empty(Engine engine) throws SQLException {
        Connection c = TestEngines.open(engine, "replay_" + IDS.incrementAndGet());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ITEM (ID INT PRIMARY KEY, NAME VARCHAR(40), PRICE DECIMAL(10,2), RATIO DOUBLE, DATA BLOB,"
                    + " FLAG BOOLEAN, ON_DAY DATE, AT_TIME TIME, TS TIMESTAMP, NOTE CLOB)");
            s.execute("CREATE TABLE PAIR (A INT NOT NULL, B VARCHAR(10) NOT NULL, V INT, PRIMARY KEY (A, B))");
        }
        c.setAutoCommit(false);
        return c;
    }

    private static RowChange item(int id, String name, String price, Double ratio, byte[] data, Boolean flag, LocalDate day,
                                  LocalTime at, LocalDateTime ts, String note) {
        return RowChange.upsert("ITEM", ID, ITEM, Arrays.asList(BigDecimal.valueOf(id), name, price == null ? null : new BigDecimal(price),
                ratio, data, flag, day, at, ts, note));
    }

    private static RowChange pair(int a, String b, Integer v) {
        return RowChange.upsert("PAIR", List.of("A", "B"), List.of("A", "B", "V"),
                Arrays.asList(BigDecimal.valueOf(a), b, v == null ? null : BigDecimal.valueOf(v)));
    }

    /** Ten commits: inserts of every value kind, NULLs, updates, deletes, a composite key, a key changed. */
    private static List<WriteSet> history() {
        List<WriteSet> out = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            out.add(new WriteSet(List.of(item(i, "item " + i + " it's", i + ".5", i / 3.0, new byte[] {(byte) i, 0, (byte) 0xFF},
                    i % 2 == 0, LocalDate.of(2026, 1, i), LocalTime.of(i, 30, 15), LocalDateTime.of(2026, 11, 21, 12, i, 0, i * 1000),
                    "note\n" + "x".repeat(i * 100)), pair(i, "b" + i, i * 10))));
        }
        out.add(new WriteSet(List.of(item(2, null, null, null, null, null, null, null, null, null), pair(1, "b1", null))));
        out.add(new WriteSet(List.of(RowChange.delete("ITEM", ID, List.of(BigDecimal.valueOf(3))),
                RowChange.delete("PAIR", List.of("A", "B"), List.of(BigDecimal.valueOf(2), "b2")))));
        // a primary key changed: the old row deleted, the new one written
        out.add(new WriteSet(List.of(RowChange.delete("ITEM", ID, List.of(BigDecimal.valueOf(4))),
                item(40, "moved", "4.50", 1.5e-300, new byte[0], true, LocalDate.of(1999, 12, 31), LocalTime.MIDNIGHT,
                        LocalDateTime.of(2000, 2, 29, 23, 59, 59), ""))));
        out.add(new WriteSet(List.of(item(5, "five again", "-0.01", -2.0, new byte[] {5}, false, LocalDate.of(2026, 5, 5),
                LocalTime.of(5, 5), LocalDateTime.of(2026, 5, 5, 5, 5), "five"))));
        return out;
    }

    private static Map<String, String> digests(Connection c) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String q : List.of("SELECT * FROM ITEM ORDER BY ID", "SELECT * FROM PAIR ORDER BY A, B")) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
                out.put(q, new Canonicalizer(12).rows(rs, 0, null).digest().hex());
            }
        }
        return out;
    }

    @Test
    void aReplayedLogGivesTheSameRowsOnEveryEngineRecordByRecordOrReduced(@TempDir Path dir) throws Exception {
        List<WriteSet> history = history();
        try (LogWriter w = LogWriter.open(dir, LogOptions.defaults())) {
            for (int i = 0; i < history.size(); i++) {
                w.append(i + 1, history.get(i).toBytes()).join();
            }
        }
        LogReader log = LogReader.open(dir);
        Map<String, String> reference = null;
        for (Engine engine : List.of(Engine.H2, Engine.DERBY, Engine.HSQLDB)) {
            Replay replay = new Replay(engine);
            Connection oneByOne = empty(engine);
            Connection reduced = empty(engine);
            try {
                try (Stream<LogRecord> records = log.records()) {
                    for (LogRecord r : (Iterable<LogRecord>) records::iterator) {
                        replay.apply(oneByOne, LogReduction.writeSet(r));
                        oneByOne.commit();
                    }
                }
                replay.apply(reduced, LogReduction.reduce(log, 1, history.size()));
                reduced.commit();
                Map<String, String> d = digests(oneByOne);
                assertThat(digests(reduced)).as(engine + ": reduced replay").isEqualTo(d);
                if (reference == null) {
                    reference = d;
                } else {
                    assertThat(d).as(engine + " holds the same rows as h2").isEqualTo(reference);
                }
                try (Statement s = reduced.createStatement();
                     ResultSet rs = s.executeQuery("SELECT ID, NAME, PRICE, RATIO, NOTE, TS FROM ITEM ORDER BY ID")) {
                    List<String> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getBigDecimal(3) + "|" + rs.getObject(4) + "|"
                                + (rs.getString(5) == null ? null : rs.getString(5).length()) + "|" + rs.getTimestamp(6));
                    }
                    assertThat(rows).as(engine.displayName()).containsExactly(
                            "1|item 1 it's|1.50|0.3333333333333333|105|2026-11-21 12:01:00.000001",
                            "2|null|null|null|null|null",
                            "5|five again|-0.01|-2.0|4|2026-05-05 05:05:00.0",
                            "6|item 6 it's|6.50|2.0|605|2026-11-21 12:06:00.000006",
                            "40|moved|4.50|1.5E-300|0|2000-02-29 23:59:59.0");
                }
            } finally {
                for (Connection c : List.of(oneByOne, reduced)) {
                    c.rollback(); // Derby refuses to close a connection inside a transaction
                    c.close();
                }
            }
        }
        assertThat(new String(history.get(7).toBytes(), StandardCharsets.UTF_8)).startsWith("DELETE FROM \"ITEM\" WHERE \"ID\" = 3;");
    }

    /**
     * Rows inserted many to a statement (how recovery catches up a replica that missed many inserts) are the rows
     * applied one by one, on every engine: every value kind, NULLs, more rows than one statement takes, and a
     * multiset row with copies.
     */
    @Test
    void rowsInsertedManyToAStatementAreTheRowsAppliedOneByOne() throws Exception {
        List<RowChange> rows = new ArrayList<>();
        for (WriteSet ws : history().subList(0, 6)) {
            rows.addAll(ws.changes());
        }
        rows.add(item(7, null, null, null, null, null, null, null, null, null));
        for (int i = 100; i < 350; i++) {
            rows.add(pair(i, "p" + i, i % 3 == 0 ? null : i));
        }
        List<String> bag = List.of("N", "NOTE");
        rows.add(RowChange.multiset("BAG", bag, Arrays.asList(BigDecimal.ONE, "twice"), 2));
        rows.add(RowChange.multiset("BAG", bag, Arrays.asList(BigDecimal.valueOf(2), null), 1));
        for (Engine engine : List.of(Engine.H2, Engine.DERBY, Engine.HSQLDB)) {
            Replay replay = new Replay(engine);
            Connection many = empty(engine);
            Connection one = empty(engine);
            try {
                for (Connection c : List.of(many, one)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE BAG (N INT, NOTE VARCHAR(10))");
                    }
                }
                assertThat(replay.insertAbsent(many, rows)).as(engine + ": rows inserted").isEqualTo(rows.size() + 1);
                many.commit();
                replay.apply(one, new WriteSet(rows));
                one.commit();
                assertThat(digests(many)).as(engine.displayName()).isEqualTo(digests(one));
                assertThat(count(many, "SELECT COUNT(*) FROM BAG WHERE NOTE = 'twice'")).isEqualTo(2);
                assertThat(count(many, "SELECT COUNT(*) FROM PAIR WHERE V IS NULL")).isEqualTo(count(one, "SELECT COUNT(*) FROM PAIR WHERE V IS NULL"));
            } finally {
                for (Connection c : List.of(many, one)) {
                    c.rollback();
                    c.close();
                }
            }
        }
    }

    /**
     * With foreign keys in force (ON DELETE CASCADE), a transaction that inserts a parent and its child, one that
     * changes a parent's image, and one that deletes a child and its parent replay on every engine in any order of
     * their changes, and a parent's new image never cascades onto its children; replaying a commit again changes
     * nothing.
     */
    @Test
    void writesGoParentsFirstAndDeletesChildrenFirstWithForeignKeysInForce() throws Exception {
        List<String> parent = List.of("ID", "NAME");
        List<String> child = List.of("ID", "PARENT");
        Map<String, Integer> depths = Replay.depths(Map.of("CHILD", java.util.Set.of("PARENT")));
        assertThat(depths).containsEntry("CHILD", 1).containsEntry("PARENT", 0);
        for (Engine engine : List.of(Engine.H2, Engine.DERBY, Engine.HSQLDB)) {
            try (Connection c = TestEngines.open(engine, "replay_fk_" + IDS.incrementAndGet())) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE PARENT (ID INT PRIMARY KEY, NAME VARCHAR(10))");
                    s.execute("CREATE TABLE CHILD (ID INT PRIMARY KEY, PARENT INT NOT NULL REFERENCES PARENT (ID) ON DELETE CASCADE)");
                }
                c.setAutoCommit(false);
                Replay replay = new Replay(engine, depths);
                WriteSet insert = new WriteSet(List.of(
                        RowChange.upsert("CHILD", ID, child, List.of(BigDecimal.ONE, BigDecimal.ONE)),
                        RowChange.upsert("PARENT", ID, parent, List.of(BigDecimal.ONE, "one")),
                        RowChange.upsert("CHILD", ID, child, List.of(BigDecimal.valueOf(2), BigDecimal.ONE))));
                WriteSet rename = new WriteSet(List.of(RowChange.upsert("PARENT", ID, parent, List.of(BigDecimal.ONE, "uno"))));
                WriteSet remove = new WriteSet(List.of(
                        RowChange.delete("PARENT", ID, List.of(BigDecimal.ONE)),
                        RowChange.delete("CHILD", ID, List.of(BigDecimal.ONE)),
                        RowChange.upsert("PARENT", ID, parent, List.of(BigDecimal.valueOf(2), "two")),
                        RowChange.upsert("CHILD", ID, child, List.of(BigDecimal.valueOf(2), BigDecimal.valueOf(2)))));
                for (WriteSet ws : List.of(insert, rename)) {
                    replay.apply(c, ws);
                    c.commit();
                }
                assertThat(count(c, "SELECT COUNT(*) FROM CHILD")).as(engine + ": the parent's new image kept its children").isEqualTo(2);
                replay.apply(c, rename);
                c.commit();
                replay.apply(c, remove);
                c.commit();
                assertThat(count(c, "SELECT COUNT(*) FROM PARENT WHERE ID = 2 AND NAME = 'two'")).isEqualTo(1);
                assertThat(count(c, "SELECT COUNT(*) FROM CHILD WHERE ID = 2 AND PARENT = 2")).as(engine.name()).isEqualTo(1);
                assertThat(count(c, "SELECT COUNT(*) FROM CHILD")).isEqualTo(1);
                assertThat(count(c, "SELECT COUNT(*) FROM PARENT")).isEqualTo(1);
                c.rollback();
            }
        }
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
