package dev.chorus.driver;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.ReplicaStatus;
import dev.chorus.coordinator.replica.ReplicaState;
import dev.chorus.testing.Fault;
import dev.chorus.testing.Fault.Kind;
import dev.chorus.testing.FaultyDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Faulty replicas behind Chorus, with f=1 (H2, Derby, HSQLDB) and f=2 (five replicas, engines repeated): up to f
 * faulty replicas never change the answer a client gets and are marked; more than f give an error, never a wrong
 * answer.
 */
@Timeout(120)
class FaultInjectionIT {
    private final List<ChorusDataSource> opened = new ArrayList<>();

    /** f, the engines, and the f replicas that misbehave. */
    static Stream<Arguments> sets() {
        return Stream.of(
                Arguments.of(1, new String[] {"h2", "derby", "hsqldb"}, List.of("derby")),
                Arguments.of(1, new String[] {"h2", "derby", "hsqldb"}, List.of("h2")),
                Arguments.of(2, new String[] {"h2", "derby", "hsqldb", "h2", "derby"}, List.of("derby", "h2_2")));
    }

    @AfterEach
    void tearDown() throws SQLException {
        FaultyDriver.clearAll();
        for (ChorusDataSource ds : opened) {
            ds.close();
        }
    }

    private record Db(String name, ChorusConfig config, ChorusDataSource ds) {
        Connection connect() throws SQLException {
            return ds.getConnection();
        }

        /**
         * Injects a fault once no replica is behind: a lagging replica may still be reading back what an earlier
         * statement wrote (write-set capture), and the fault is meant for what the test runs next.
         */
        void inject(String replica, Fault fault) {
            TestDatabases.awaitCaughtUp(config);
            FaultyDriver.inject(TestDatabases.faultName(name, replica), fault);
        }

        Map<String, ReplicaState> states() throws SQLException {
            try (Connection c = connect()) {
                return c.unwrap(ChorusConnection.class).status().replicas().stream()
                        .collect(Collectors.toMap(ReplicaStatus::name, ReplicaStatus::state));
            }
        }
    }

    private Db db(int f, String statementTimeout, String... engines) throws SQLException {
        return db(Map.of("f", Integer.toString(f), "statementTimeout", statementTimeout), engines);
    }

    private Db db(Map<String, String> settings, String... engines) throws SQLException {
        String name = TestDatabases.uniqueName("fault");
        ChorusConfig config = TestDatabases.config(name, settings, engines);
        ChorusDataSource ds = new ChorusDataSource(config);
        opened.add(ds);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, qty INT NOT NULL)");
            s.executeUpdate("INSERT INTO item VALUES (1, 'apple', 10)");
            s.executeUpdate("INSERT INTO item VALUES (2, 'pear', 20)");
            s.executeUpdate("INSERT INTO item VALUES (3, 'plum', 30)");
        }
        return new Db(name, config, ds);
    }

    private static List<String> items(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name, qty FROM item ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + ":" + rs.getString(2) + ":" + rs.getInt(3));
            }
        }
        return out;
    }

    /**
     * Asserts the replicas' states once they caught up with the quorum (with acks=quorum a faulty replica's answer
     * may come, and be judged, after the application got its answer).
     */
    private static void assertMarked(Db db, List<String> faulty, ReplicaState state) throws SQLException {
        TestDatabases.awaitCaughtUp(db.config());
        for (Map.Entry<String, ReplicaState> e : db.states().entrySet()) {
            assertThat(e.getValue()).as("replica " + e.getKey())
                    .isEqualTo(faulty.contains(e.getKey()) ? state : ReplicaState.HEALTHY);
        }
    }

    @ParameterizedTest(name = "f={0} faulty={2}")
    @MethodSource("sets")
    void wrongValuesMissingAndExtraRowsAreOutvoted(int f, String[] engines, List<String> faulty) throws SQLException {
        Kind[] kinds = {Kind.WRONG_VALUE, Kind.MISSING_ROW, Kind.EXTRA_ROW};
        for (Kind kind : kinds) {
            Db db = db(f, "10s", engines);
            for (int i = 0; i < faulty.size(); i++) {
                // With f=2 the two faulty replicas misbehave differently, so they cannot outvote anyone together.
                db.inject(faulty.get(i), Fault.onSql(kinds[(List.of(kinds).indexOf(kind) + i) % kinds.length], "FROM item"));
            }
            try (Connection c = db.connect()) {
                assertThat(items(c)).as(kind.name()).containsExactly("1:apple:10", "2:pear:20", "3:plum:30");
            }
            TestDatabases.awaitCaughtUp(db.config());
            for (String r : faulty) {
                assertThat(FaultyDriver.triggered(TestDatabases.faultName(db.name(), r))).isPositive();
            }
            assertMarked(db, faulty, ReplicaState.SUSPECT);
        }
    }

    @ParameterizedTest(name = "f={0} faulty={2}")
    @MethodSource("sets")
    void aWrongUpdateCountIsOutvotedAndTheWriteHappens(int f, String[] engines, List<String> faulty) throws SQLException {
        Db db = db(f, "10s", engines);
        faulty.forEach(r -> db.inject(r, Fault.onSql(Kind.WRONG_UPDATE_COUNT, "UPDATE item")));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE item SET qty = qty + 1 WHERE id <= 2")).isEqualTo(2);
            assertThat(items(c)).containsExactly("1:apple:11", "2:pear:21", "3:plum:30");
        }
        assertMarked(db, faulty, ReplicaState.SUSPECT);
    }

    @ParameterizedTest(name = "f={0} faulty={2}")
    @MethodSource("sets")
    void anErrorOnlySomeReplicasRaiseIsOutvoted(int f, String[] engines, List<String> faulty) throws SQLException {
        Db db = db(f, "10s", engines);
        faulty.forEach(r -> db.inject(r, Fault.onSql(Kind.ERROR, "INSERT INTO item")));
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO item VALUES (?, ?, ?)")) {
            ps.setInt(1, 4);
            ps.setString(2, "fig");
            ps.setInt(3, 40);
            assertThat(ps.executeUpdate()).isEqualTo(1);
            assertThat(items(c)).contains("4:fig:40");
        }
        assertMarked(db, faulty, ReplicaState.SUSPECT);
    }

    @ParameterizedTest(name = "f={0} faulty={2}")
    @MethodSource("sets")
    void aLockTimeoutInsideOneEngineRollsBackEverywhereWith40001(int f, String[] engines, List<String> faulty) throws SQLException {
        Db db = db(f, "10s", engines);
        faulty.forEach(r -> db.inject(r, Fault.once(Kind.LOCK_TIMEOUT, "UPDATE item")));
        // the healthy replicas answer later, so the failure is among the answers the quorum is decided with
        db.states().keySet().stream().filter(r -> !faulty.contains(r))
                .forEach(r -> db.inject(r, new Fault(Kind.SLOW, Fault.sqlContains("UPDATE item"), 1, java.time.Duration.ofMillis(300))));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO item VALUES (5, 'kiwi', 50)");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE item SET qty = qty + 1 WHERE id = 1"))
                    .isInstanceOf(java.sql.SQLTransactionRollbackException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"))
                    .hasMessageContaining("disagree on whether");
            c.rollback();
            retryKiwiAndApple(c, s);
        }
        assertMarked(db, List.of(), ReplicaState.HEALTHY);
    }

    /**
     * With {@code reads=quorum} (the default) a query goes to the application dialect's replica and the fastest
     * other; a slow replica is left out of reads, and a wrong answer from an asked replica brings in the rest, which
     * outvote it.
     */
    @Test
    void readsGoToTheFastestQuorumAndAWrongAnswerBringsInTheRest() throws Exception {
        String name = TestDatabases.uniqueName("reads");
        ChorusConfig config = TestDatabases.configReading(name, 1, "10s", "quorum", "h2", "derby", "hsqldb");
        try (ChorusDataSource ds = new ChorusDataSource(config); Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20), qty INT)");
                s.execute("INSERT INTO item VALUES (1, 'apple', 10), (2, 'pear', 20), (3, 'plum', 30)");
            }
            FaultyDriver.inject(TestDatabases.faultName(name, "derby"), Fault.slow(java.time.Duration.ofMillis(50),
                    Fault.sqlContains("FROM item")));
            for (int i = 0; i < 3; i++) {
                assertThat(items(c)).containsExactly("1:apple:10", "2:pear:20", "3:plum:30");
            }
            assertThat(c.unwrap(ChorusConnection.class).awaitReplicasCaughtUp(java.time.Duration.ofSeconds(30))).isTrue();
            long derbyBefore = answers(c, "derby");
            long hsqldbBefore = answers(c, "hsqldb");
            for (int i = 0; i < 10; i++) {
                assertThat(items(c)).containsExactly("1:apple:10", "2:pear:20", "3:plum:30");
            }
            assertThat(c.unwrap(ChorusConnection.class).awaitReplicasCaughtUp(java.time.Duration.ofSeconds(30))).isTrue();
            // an auto-committed query ends its transaction in the same call, on the replicas asked: only hsqldb was
            assertThat(answers(c, "hsqldb") - hsqldbBefore).as("queries answered by hsqldb").isEqualTo(10);
            assertThat(answers(c, "derby") - derbyBefore).as("queries answered by the slow derby").isZero();
            FaultyDriver.inject(TestDatabases.faultName(name, "hsqldb"), Fault.onSql(Kind.WRONG_VALUE, "FROM item"));
            assertThat(items(c)).as("derby is asked after all and outvotes hsqldb").containsExactly("1:apple:10", "2:pear:20", "3:plum:30");
            Map<String, ReplicaState> states = c.unwrap(ChorusConnection.class).status().replicas().stream()
                    .collect(Collectors.toMap(ReplicaStatus::name, ReplicaStatus::state));
            assertThat(states).containsEntry("hsqldb", ReplicaState.SUSPECT).containsEntry("derby", ReplicaState.HEALTHY)
                    .containsEntry("h2", ReplicaState.HEALTHY);
        }
    }

    private static long answers(Connection c, String replica) throws SQLException {
        return c.unwrap(ChorusConnection.class).status().replicas().stream().filter(r -> r.name().equals(replica))
                .findFirst().orElseThrow().answers();
    }

    @ParameterizedTest(name = "f={0} faulty={2}")
    @MethodSource("sets")
    void aHangingReplicaFallsBehindAndIsMarkedSuspectWhileTheOthersAnswer(int f, String[] engines, List<String> faulty)
            throws SQLException {
        Db db = db(f, "1s", engines);
        faulty.forEach(r -> db.inject(r, Fault.onSql(Kind.HANG, "FROM item")));
        try (Connection c = db.connect()) {
            assertThat(items(c)).containsExactly("1:apple:10", "2:pear:20", "3:plum:30");
            // nobody waited for it; it owes the answer until it is more than maxLag (the statement timeout) behind
            assertMarked(db, faulty, ReplicaState.SUSPECT);
            assertThat(c.unwrap(ChorusConnection.class).status().replicas()).filteredOn(r -> faulty.contains(r.name()))
                    .allSatisfy(r -> assertThat(r.lastFault()).contains("fell behind the quorum"));
            // the service goes on without them
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("DELETE FROM item WHERE id = 3")).isEqualTo(1);
            }
            assertThat(items(c)).hasSize(2);
        }
    }

    /**
     * A replica past {@code maxLag} that the quorum cannot do without is not marked SUSPECT: it answers correctly,
     * only late, and marking it would leave nothing answerable. Here HSQLDB is slow while H2 and Derby answer, so its
     * backlog grows; then Derby is found faulty (marked here directly, as another fault would) while HSQLDB still
     * owes answers older than maxLag. Before, HSQLDB was marked too and every statement was refused; now it stays,
     * catches up, and answers with H2.
     */
    @Test
    void aLaggingReplicaTheQuorumCannotDoWithoutStaysInTheQuorumAndAnswers() throws Exception {
        Db db = db(Map.of("statementTimeout", "10s", "maxLag", "1s"), "h2", "derby", "hsqldb");
        db.inject("hsqldb", Fault.slow(java.time.Duration.ofMillis(300), Fault.sqlContains("FROM item")));
        try (Connection c = db.connect()) {
            for (int i = 0; i < 10; i++) {
                assertThat(items(c)).as("H2 and Derby answer at once").hasSize(3);
            }
            TestDatabases.coordinator(db.config()).replicas().stream().filter(r -> r.name().equals("derby")).findFirst()
                    .orElseThrow().markSuspect("found faulty by the test");
            Thread.sleep(1500); // HSQLDB's oldest owed answer is now older than maxLag; it still owes about 1.5 s of them
            assertThat(db.states()).containsEntry("hsqldb", ReplicaState.HEALTHY).containsEntry("derby", ReplicaState.SUSPECT);
            assertThat(items(c)).containsExactly("1:apple:10", "2:pear:20", "3:plum:30");
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("UPDATE item SET qty = qty + 1 WHERE id = 1")).isEqualTo(1);
            }
            TestDatabases.awaitCaughtUp(db.config());
            assertThat(db.states()).containsEntry("hsqldb", ReplicaState.HEALTHY).containsEntry("h2", ReplicaState.HEALTHY)
                    .containsEntry("derby", ReplicaState.SUSPECT);
        }
    }

    /**
     * A replica that lags (here: slow on the INSERT) and then fails the UPDATE on a lock inside its engine, after
     * the others answered: while the transaction is open it is rolled back everywhere with 40001 at the next call,
     * and nobody is blamed.
     */
    @Test
    void aStragglersLockTimeoutBeforeTheCommitRollsBackEverywhereWith40001() throws Exception {
        Db db = db(1, "10s", "h2", "derby", "hsqldb");
        db.inject("derby", Fault.slow(java.time.Duration.ofMillis(500), Fault.sqlContains("INSERT INTO item")));
        db.inject("derby", Fault.once(Kind.LOCK_TIMEOUT, "UPDATE item"));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO item VALUES (5, 'kiwi', 50)");
            assertThat(s.executeUpdate("UPDATE item SET qty = qty + 1 WHERE id = 1")).as("the quorum answered").isEqualTo(1);
            awaitOwesNothing(c, "derby");
            assertThatThrownBy(c::commit).isInstanceOf(java.sql.SQLTransactionRollbackException.class)
                    .hasMessageContaining("disagree on whether").hasMessageContaining("derby")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("40001");
            FaultyDriver.clearAll();
            c.rollback();
            retryKiwiAndApple(c, s);
        }
        assertMarked(db, List.of(), ReplicaState.HEALTHY);
        assertThat(TestDatabases.distinctDigests(db.config(), "SELECT * FROM item")).hasSize(1);
    }

    /**
     * The same failure after the application was told the transaction committed: the straggler now differs from
     * what was committed, so it is SUSPECT; the others hold the committed rows.
     */
    @Test
    void aStragglerThatFailsAfterTheCommitIsSuspect() throws Exception {
        Db db = db(1, "10s", "h2", "derby", "hsqldb");
        db.inject("derby", Fault.slow(java.time.Duration.ofMillis(2000), Fault.sqlContains("INSERT INTO item")));
        db.inject("derby", Fault.once(Kind.LOCK_TIMEOUT, "UPDATE item"));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO item VALUES (5, 'kiwi', 50)");
            s.executeUpdate("UPDATE item SET qty = qty + 1 WHERE id = 1");
            c.commit();
            c.setAutoCommit(true);
            assertThat(items(c)).contains("1:apple:11", "5:kiwi:50");
        }
        assertMarked(db, List.of("derby"), ReplicaState.SUSPECT);
        Map<String, String> digests = TestDatabases.digests(db.config(), "SELECT * FROM item");
        assertThat(digests.get("h2")).isEqualTo(digests.get("hsqldb")).isNotEqualTo(digests.get("derby"));
    }

    /** The retry of a transaction rolled back with 40001 runs on every replica; nothing of the first attempt is left. */
    private static void retryKiwiAndApple(Connection c, Statement s) throws SQLException {
        s.executeUpdate("INSERT INTO item VALUES (5, 'kiwi', 50)");
        s.executeUpdate("UPDATE item SET qty = qty + 1 WHERE id = 1");
        c.commit();
        assertThat(items(c)).contains("1:apple:11", "5:kiwi:50");
    }

    private static void awaitOwesNothing(Connection c, String replica) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (c.unwrap(ChorusConnection.class).status().replicas().stream().filter(r -> r.name().equals(replica))
                .findFirst().orElseThrow().owedAnswers() > 0) {
            assertThat(System.nanoTime()).as(replica + " still owes answers after 30 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @ParameterizedTest(name = "f={0} faulty={2}")
    @MethodSource("sets")
    void aReplicaWhoseConnectionFailsIsMarkedDown(int f, String[] engines, List<String> faulty) throws SQLException {
        Db db = db(f, "10s", engines);
        faulty.forEach(r -> db.inject(r, Fault.onSql(Kind.CONNECTION_ERROR, "FROM item")));
        try (Connection c = db.connect()) {
            assertThat(items(c)).containsExactly("1:apple:10", "2:pear:20", "3:plum:30");
        }
        assertMarked(db, faulty, ReplicaState.DOWN);
    }

    @Test
    void twoFaultyReplicasWithFOneGiveAnErrorNamingEveryReplicaAndItsDigest() throws SQLException {
        Db db = db(1, "10s", "h2", "derby", "hsqldb");
        db.inject("derby", Fault.onSql(Kind.WRONG_VALUE, "FROM item"));
        db.inject("hsqldb", Fault.onSql(Kind.MISSING_ROW, "FROM item"));
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> items(c)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("no quorum").hasMessageMatching("(?s).*h2=3 rows [0-9a-f]{8}\\.\\..*")
                    .hasMessageMatching("(?s).*derby=3 rows [0-9a-f]{8}\\.\\..*").hasMessageMatching("(?s).*hsqldb=2 rows [0-9a-f]{8}\\.\\..*")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("ZC001");
        }
        // nobody was outvoted, so nobody is marked; the statement simply has no trustworthy answer
        assertThat(db.states().values()).containsOnly(ReplicaState.HEALTHY);
    }

    @Test
    void noQuorumInsideATransactionRollsItBackOnEveryReplica() throws SQLException {
        Db db = db(1, "10s", "h2", "derby", "hsqldb");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO item VALUES (9, 'kiwi', 90)");
            db.inject("derby", Fault.onSql(Kind.WRONG_VALUE, "FROM item"));
            db.inject("hsqldb", Fault.onSql(Kind.EXTRA_ROW, "FROM item"));
            assertThatThrownBy(() -> items(c)).hasMessageContaining("transaction was rolled back on every replica");
            FaultyDriver.clearAll();
            // switching auto-commit on would commit: the application learns that nothing was
            assertThatThrownBy(() -> c.setAutoCommit(true)).hasMessageContaining("nothing was committed");
            assertThat(items(c)).containsExactly("1:apple:10", "2:pear:20", "3:plum:30");
        }
        assertThat(TestDatabases.distinctDigests(db.config(), "SELECT * FROM item")).hasSize(1);
        assertThat(TestDatabases.digests(db.config(), "SELECT * FROM item WHERE id = 9").values())
                .containsOnly(TestDatabases.digests(db.config(), "SELECT * FROM item WHERE id = 99").get("h2"));
    }

    @Test
    void withFewerThanFPlusOneHealthyReplicasEveryCallFailsWithAConnectionError() throws SQLException {
        Db db = db(1, "1s", "h2", "derby", "hsqldb");
        db.inject("derby", Fault.onSql(Kind.WRONG_VALUE, "FROM item"));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            items(c);
            TestDatabases.awaitCaughtUp(db.config());
            assertThat(db.states()).containsEntry("derby", ReplicaState.SUSPECT);
            db.inject("hsqldb", Fault.onSql(Kind.HANG, "DELETE"));
            // h2 and hsqldb cannot agree when hsqldb hangs: hsqldb goes DOWN, one answer is not enough
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM item WHERE id = 1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("too few healthy replicas")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08006");
            assertThatThrownBy(() -> items(c)).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08006");
            assertThatThrownBy(db::connect).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08006");
            assertThat(c.unwrap(ChorusConnection.class).status().replicas()).extracting(ReplicaStatus::state)
                    .containsExactly(ReplicaState.HEALTHY, ReplicaState.SUSPECT, ReplicaState.DOWN);
        }
        // the lone healthy replica never committed the delete it could not get agreement on
        try (Connection h2 = TestDatabases.direct(db.config().replicas().get(0)); Statement s = h2.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM item")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void theApplicationsQueryTimeoutCancelsEveryReplicaAndRollsBack() throws SQLException {
        Db db = db(1, "20s", "h2", "derby", "hsqldb");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO item VALUES (7, 'lime', 70)");
            for (String r : List.of("h2", "derby", "hsqldb")) {
                db.inject(r, Fault.slow(java.time.Duration.ofSeconds(15), Fault.sqlContains("UPDATE item")));
            }
            s.setQueryTimeout(1);
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.executeUpdate("UPDATE item SET qty = 0")).isInstanceOf(java.sql.SQLTimeoutException.class)
                    .hasMessageContaining("query timeout of 1 s").extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57014");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(10));
            FaultyDriver.clearAll();
            c.rollback();
            c.setAutoCommit(true);
            assertThat(items(c)).containsExactly("1:apple:10", "2:pear:20", "3:plum:30");
        }
        // a timeout the application asked for is not a replica fault
        assertThat(db.states().values()).containsOnly(ReplicaState.HEALTHY);
        assertThat(TestDatabases.distinctDigests(db.config(), "SELECT * FROM item")).hasSize(1);
    }

    @Test
    void withFTwoThreeFaultyReplicasCannotProduceAnAnswer() throws SQLException {
        Db db = db(2, "10s", "h2", "derby", "hsqldb", "h2", "derby");
        db.inject("derby", Fault.onSql(Kind.WRONG_VALUE, "FROM item"));
        db.inject("hsqldb", Fault.onSql(Kind.MISSING_ROW, "FROM item"));
        db.inject("derby_2", Fault.onSql(Kind.EXTRA_ROW, "FROM item"));
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> items(c)).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("ZC001");
        }
    }
}
