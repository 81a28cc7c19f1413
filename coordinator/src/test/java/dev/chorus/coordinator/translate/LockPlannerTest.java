package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.lock.LockManager;
import dev.chorus.coordinator.lock.LockMode;
import dev.chorus.coordinator.lock.LockPlan;
import dev.chorus.coordinator.lock.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The locks statements get, from their parsed form and the catalog read from real H2, Derby and HSQLDB. */
class LockPlannerTest {
    private static EngineFixture engines;

    @BeforeAll
    static void start() throws SQLException {
        engines = new EngineFixture("lock_planner", List.of(
                "CREATE TABLE account (id INT PRIMARY KEY, owner VARCHAR(20) NOT NULL, balance DECIMAL(12, 2),"
                        + " CONSTRAINT uq_account_owner UNIQUE (owner))",
                "CREATE TABLE transfer (id INT PRIMARY KEY, source INT REFERENCES account (id), amount DECIMAL(12, 2))",
                "CREATE TABLE note (id INT PRIMARY KEY, account_id INT, CONSTRAINT fk_note FOREIGN KEY (account_id)"
                        + " REFERENCES account (id) ON DELETE CASCADE)",
                "CREATE VIEW rich AS SELECT id FROM account WHERE balance > 1000",
                "CREATE TABLE zeta (zid INT PRIMARY KEY, aname VARCHAR(10))"));
    }

    @AfterAll
    static void stop() throws SQLException {
        engines.close();
    }

    private static List<LockManager.Request> locks(String sql, Object... params) throws SQLException {
        LockPlan plan = engines.translate(sql).locks();
        return plan.resolve(i -> params[i]);
    }

    private static LockManager.Request row(String table, LockMode mode, Object... key) {
        return new LockManager.Request(Resource.row(table, List.of(key)), mode);
    }

    private static LockManager.Request table(String table, LockMode mode) {
        return new LockManager.Request(Resource.table(table), mode);
    }

    @Test
    void aReadByPrimaryKeyLocksTheRowOtherReadsTheirTables() throws SQLException {
        assertThat(locks("SELECT balance FROM account WHERE id = ?", 7)).containsExactly(row("ACCOUNT", LockMode.S, "7"));
        assertThat(locks("SELECT balance FROM account WHERE id = 7 AND balance > 0")).containsExactly(row("ACCOUNT", LockMode.S, "7"));
        assertThat(locks("SELECT SUM(balance) FROM account WHERE owner = ?", "ada")).containsExactly(table("ACCOUNT", LockMode.S));
        assertThat(locks("SELECT t.id FROM transfer t JOIN account a ON a.id = t.source WHERE a.id = 1"))
                .containsExactlyInAnyOrder(table("TRANSFER", LockMode.S), table("ACCOUNT", LockMode.S));
        assertThat(locks("SELECT id FROM account WHERE id IN (SELECT source FROM transfer)"))
                .containsExactlyInAnyOrder(table("TRANSFER", LockMode.S), table("ACCOUNT", LockMode.S));
        assertThat(locks("SELECT id FROM rich")).as("a view reads tables Chorus does not see")
                .containsExactly(new LockManager.Request(Resource.DATABASE, LockMode.S));
    }

    @Test
    void anInsertWithoutColumnNamesTakesTheTablesColumnOrderNotTheirNames() throws SQLException {
        assertThat(locks("INSERT INTO zeta VALUES (5, 'x')")).contains(row("ZETA", LockMode.X, "5"));
    }

    @Test
    void updatesAndDeletesByKeyLockTheRowOthersTheTable() throws SQLException {
        assertThat(locks("UPDATE account SET balance = balance - ? WHERE id = ?", 10, 3L)).containsExactly(row("ACCOUNT", LockMode.X, "3"));
        assertThat(locks("UPDATE account SET balance = 0 WHERE balance < 0")).containsExactly(table("ACCOUNT", LockMode.X));
        assertThat(locks("UPDATE account SET id = 9 WHERE id = 3")).as("the new key and the rows that reference the old one")
                .contains(row("ACCOUNT", LockMode.X, "3"), row("ACCOUNT", LockMode.X, "9"), table("TRANSFER", LockMode.S),
                        table("NOTE", LockMode.X));
        assertThat(locks("UPDATE account SET owner = ? WHERE id = 1", "bob")).as("a unique key's new value")
                .contains(row("ACCOUNT", LockMode.X, "1"), row("ACCOUNT#OWNER", LockMode.X, "'bob"));
        assertThat(locks("DELETE FROM account WHERE id = ?", 4)).containsExactlyInAnyOrder(row("ACCOUNT", LockMode.X, "4"),
                table("TRANSFER", LockMode.S), table("NOTE", LockMode.X));
        assertThat(locks("UPDATE account SET balance = (SELECT MAX(amount) FROM transfer) WHERE id = 1"))
                .containsExactlyInAnyOrder(row("ACCOUNT", LockMode.X, "1"), table("TRANSFER", LockMode.S));
        assertThat(locks("UPDATE account SET balance = (SELECT MAX(balance) FROM account) WHERE id = 1"))
                .as("a subquery on the written table reads all of it").containsExactlyInAnyOrder(row("ACCOUNT", LockMode.X, "1"),
                        table("ACCOUNT", LockMode.S));
    }

    @Test
    void insertsLockTheirNewKeysAndUniqueValuesAndCheckTheirParents() throws SQLException {
        assertThat(locks("INSERT INTO account (id, owner, balance) VALUES (?, ?, 0)", 5, "eve"))
                .containsExactlyInAnyOrder(row("ACCOUNT", LockMode.X, "5"), row("ACCOUNT#OWNER", LockMode.X, "'eve"));
        assertThat(locks("INSERT INTO transfer VALUES (1, 2, 3.50), (2, 2, 1.00)")).containsExactlyInAnyOrder(
                row("TRANSFER", LockMode.X, "1"), row("TRANSFER", LockMode.X, "2"), table("ACCOUNT", LockMode.S));
    }

    @Test
    void ddlAndWhatIsNotUnderstoodLockTheDatabase() throws SQLException {
        assertThat(engines.translate("CREATE TABLE x (id INT)").locks()).isEqualTo(LockPlan.EXCLUSIVE);
        assertThat(engines.translate("MERGE INTO account USING transfer ON account.id = transfer.source"
                + " WHEN MATCHED THEN UPDATE SET balance = 0").locks()).isEqualTo(LockPlan.EXCLUSIVE);
    }

    @Test
    void keysOfAnyNumberTypeAreTheSameLock() {
        LockPlan plan = new LockPlan(List.of(new LockPlan.Item("T", List.of(LockPlan.KeyPart.parameter(0)), LockMode.X)));
        assertThat(plan.resolve(i -> 7)).isEqualTo(plan.resolve(i -> 7L)).isEqualTo(plan.resolve(i -> new java.math.BigDecimal("7.00")));
        assertThat(plan.resolve(i -> null)).as("a NULL key locks the table").containsExactly(table("T", LockMode.X));
    }
}
