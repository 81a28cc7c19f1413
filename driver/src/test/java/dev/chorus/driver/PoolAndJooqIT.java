package dev.chorus.driver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/** The two ways applications reach a database besides plain JDBC: a pool in front, and jOOQ's DSL. */
@Timeout(120)
class PoolAndJooqIT {
    @Test
    void hikariInFrontOfChorusNeedsOnlyTheUrl() throws Exception {
        String url = "jdbc:chorus:mem:" + TestDatabases.uniqueName("hikari");
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setMaximumPoolSize(4);
        hc.setConnectionTimeout(10_000);
        try (HikariDataSource pool = new HikariDataSource(hc)) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL)");
                s.executeUpdate("INSERT INTO counter VALUES (1, 0)");
            }
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    done.add(clients.submit(() -> {
                        for (int i = 0; i < 25; i++) {
                            try (Connection c = pool.getConnection()) {
                                c.setAutoCommit(false);
                                try (Statement s = c.createStatement()) {
                                    s.executeUpdate("UPDATE counter SET n = n + 1 WHERE id = 1");
                                }
                                c.commit();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                clients.shutdownNow();
            }
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT n FROM counter WHERE id = 1")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(100);
                assertThat(c.unwrap(ChorusConnection.class).status().healthyReplicas()).isEqualTo(3);
            }
        } finally {
            ChorusDriver.shutdown(url);
        }
    }

    @Test
    void jooqDslRunsOverAChorusConnection() throws SQLException {
        String url = "jdbc:chorus:mem:" + TestDatabases.uniqueName("jooq");
        try (Connection c = java.sql.DriverManager.getConnection(url)) {
            DSLContext ctx = DSL.using(c, SQLDialect.H2);
            ctx.createTable("BOOK")
                    .column("ID", SQLDataType.INTEGER.nullable(false))
                    .column("TITLE", SQLDataType.VARCHAR(100).nullable(false))
                    .column("PRICE", SQLDataType.DECIMAL(8, 2))
                    .primaryKey("ID")
                    .execute();
            var book = table(name("BOOK"));
            var id = field(name("ID"), Integer.class);
            var title = field(name("TITLE"), String.class);
            var price = field(name("PRICE"), java.math.BigDecimal.class);
            assertThat(ctx.insertInto(book, id, title, price)
                    .values(1, "Byzantine Generals", new java.math.BigDecimal("12.50"))
                    .values(2, "Paxos Made Simple", new java.math.BigDecimal("8.00"))
                    .execute()).isEqualTo(2);
            ctx.update(book).set(price, new java.math.BigDecimal("9.00")).where(id.eq(2)).execute();
            var rows = ctx.select(id, title, price).from(book).where(price.gt(new java.math.BigDecimal("5"))).orderBy(id).fetch();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(1).get(price)).isEqualByComparingTo("9.00");
            assertThat(ctx.fetchCount(book)).isEqualTo(2);
            assertThat(c.unwrap(ChorusConnection.class).status().healthyReplicas()).isEqualTo(3);
        } finally {
            ChorusDriver.shutdown(url);
        }
    }
}
