package dev.chorus.rubis.run;

import com.zaxxer.hikari.HikariDataSource;
import dev.chorus.rubis.web.RubisServer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The child of {@link RubisDiskAndProcessFaultsIT}'s killed-coordinator test: serves RUBiS over HTTP (Jetty) on a
 * Chorus database on disk ({@code jdbc:chorus:file:DIR}) in this JVM, prints {@code ready PORT}, then
 * {@code acked TABLE ROWS} each time Chorus acknowledged an insert to a servlet (its commit returned), until it is
 * killed.
 *
 * <p>Arguments: the database directory.
 */
public final class RubisServingProcess {
    private RubisServingProcess() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        AcknowledgedInserts acknowledged = new AcknowledgedInserts((table, rows) -> {
            synchronized (out) {
                out.println("acked " + table + " " + rows);
                out.flush();
            }
        });
        HikariDataSource pool = RubisServer.dataSource("jdbc:chorus:file:" + args[0], 12);
        RubisServer server = new RubisServer(acknowledged.wrap(pool), 0, RubisServer.DEFAULT_MAX_THREADS, Clock.systemUTC());
        synchronized (out) {
            out.println("ready " + server.port());
            out.flush();
        }
        Thread.currentThread().join(); // until killed
    }
}
