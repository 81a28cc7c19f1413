package dev.chorus.demo;

import dev.chorus.coordinator.CoordinatorStatus;
import dev.chorus.coordinator.ReplicaStatus;
import dev.chorus.coordinator.VoteRecord;
import dev.chorus.driver.ChorusConnection;
import dev.chorus.driver.ChorusDriver;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The README's main command until the RUBiS harness lands: opens the embedded default, writes, reads, shows each
 * replica's vote, then changes a row in one replica behind Chorus's back and shows that the client still gets the
 * right answer while that replica is caught and marked SUSPECT.
 */
public final class ChorusDemo {
    /**
     * Every replica answers every query ({@code reads=all}), so the tampered replica is caught at the first read
     * whichever replicas are fastest; by default a query goes to two of the three and the third only when they
     * disagree.
     */
    private static final String URL = "jdbc:chorus:mem:demo;reads=all";
    private static final PrintStream OUT = System.out;

    private ChorusDemo() {
    }

    public static void main(String[] args) throws SQLException, InterruptedException {
        try (Connection c = DriverManager.getConnection(URL)) {
            ChorusConnection chorus = c.unwrap(ChorusConnection.class);
            CoordinatorStatus status = chorus.status();
            OUT.printf("Chorus demo on %s: %d replicas, f=%d, %d equal answers decide%n%n", URL, status.replicas().size(),
                    status.f(), status.f() + 1);
            chorus.addVoteObserver(ChorusDemo::print);

            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE account (id INT PRIMARY KEY, owner VARCHAR(40) NOT NULL, balance DECIMAL(12,2) NOT NULL)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO account VALUES (?, ?, ?)")) {
                String[] owners = {"ada", "grace", "edsger"};
                for (int i = 0; i < owners.length; i++) {
                    ps.setInt(1, i + 1);
                    ps.setString(2, owners[i]);
                    ps.setBigDecimal(3, new BigDecimal("100.00").multiply(BigDecimal.valueOf(i + 1)));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            OUT.println("total balance: " + total(c));

            OUT.println();
            OUT.println("Now the HSQLDB replica's data is changed directly, behind Chorus's back:");
            try (Connection raw = DriverManager.getConnection("jdbc:hsqldb:mem:chorus_demo", "SA", "");
                 Statement s = raw.createStatement()) {
                s.executeUpdate("UPDATE account SET balance = 1000000 WHERE id = 1");
                raw.commit();
            }
            OUT.println("total balance: " + total(c) + "  (still right: h2 and derby outvoted hsqldb)");

            OUT.println();
            chorus.awaitReplicasCaughtUp(java.time.Duration.ofSeconds(30));
            OUT.println("Replicas:");
            for (ReplicaStatus r : chorus.status().replicas()) {
                OUT.printf("  %-7s %-7s %-8s answers=%d disagreements=%d %s%n", r.name(), r.engine().displayName(), r.state(),
                        r.answers(), r.disagreements(), r.lastFault());
            }
        } finally {
            ChorusDriver.shutdown(URL);
        }
    }

    private static BigDecimal total(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SUM(balance) FROM account")) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private static void print(VoteRecord v) {
        OUT.printf("seq=%-3d %s%s%n", v.seq(), v.what(), v.decided() ? "" : "  ** NO QUORUM **");
        for (VoteRecord.ReplicaVote b : v.ballots()) {
            OUT.printf("        %-7s %-22s %-12s %s%n", b.replica(), b.answer(),
                    b.digest().isEmpty() ? "" : b.digest().substring(0, 10) + "..", b.agreed() ? "agrees" : "OUTVOTED");
        }
    }
}
