package dev.chorus.coordinator;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChorusConfigTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void embeddedDefaultIsH2DerbyHsqldbWithFOne() throws SQLException {
        ChorusConfig c = ChorusConfig.embedded("shop", null, Map.of());
        assertThat(c.f()).isEqualTo(1);
        assertThat(c.quorum()).isEqualTo(2);
        assertThat(c.replicas()).extracting(ReplicaConfig::name).containsExactly("h2", "derby", "hsqldb");
        assertThat(c.replicas()).extracting(ReplicaConfig::engine).containsExactly(Engine.H2, Engine.DERBY, Engine.HSQLDB);
        assertThat(c.statementTimeout()).isEqualTo(ChorusConfig.DEFAULT_STATEMENT_TIMEOUT);
        ChorusConfig onDisk = ChorusConfig.embedded("shop", Path.of("target", "x"), Map.of());
        assertThat(onDisk.replicas().get(1).url()).startsWith("jdbc:derby:").endsWith(";create=true").contains("derby");
    }

    @Test
    void tuningSettingsAreParsedWithUnits() throws SQLException {
        ChorusConfig c = ChorusConfig.embedded("x", null, ChorusConfig.parseSettings("statementTimeout=2s;lockWaitTimeout=500;approximateDigits=9"));
        assertThat(c.statementTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.lockWaitTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.approximateDigits()).isEqualTo(9);
        assertThat(ChorusConfig.embedded("x", null, Map.of("statementTimeout", "3m")).statementTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(c.maxConnections()).isEqualTo(ChorusConfig.DEFAULT_MAX_CONNECTIONS);
        assertThat(ChorusConfig.embedded("x", null, Map.of("maxConnections", "90")).maxConnections()).isEqualTo(90);
        assertThat(c.maxResultBytes()).isEqualTo(64L << 20);
        assertThat(ChorusConfig.embedded("x", null, Map.of("maxResultBytes", "512kB")).maxResultBytes()).isEqualTo(512L << 10);
        assertThat(ChorusConfig.embedded("x", null, Map.of("maxResultBytes", " 2 GB")).maxResultBytes()).isEqualTo(2L << 30);
        assertThat(ChorusConfig.embedded("x", null, Map.of("maxResultBytes", "65536")).maxResultBytes()).isEqualTo(65536);
    }

    @Test
    void readsAreFromAQuorumUnlessAllAreAskedFor() throws SQLException {
        assertThat(ChorusConfig.embedded("x", null, Map.of()).readsFromAll()).isFalse();
        assertThat(ChorusConfig.embedded("x", null, Map.of("reads", "ALL")).readsFromAll()).isTrue();
        assertThat(ChorusConfig.embedded("x", null, Map.of("reads", "quorum")).readsFromAll()).isFalse();
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("reads", "some")))
                .isInstanceOf(SQLException.class).hasMessageContaining("reads='some'").hasMessageContaining("quorum");
    }

    @Test
    void captureLogAndRecoverySettings(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws SQLException {
        ChorusConfig mem = ChorusConfig.embedded("x", null, Map.of());
        assertThat(mem.capture()).isTrue();
        assertThat(mem.logDir()).as("no log in memory unless asked for").isNull();
        assertThat(mem.logFsync()).hasToString("commit");
        assertThat(mem.autoRecovery()).isTrue();
        assertThat(ChorusConfig.embedded("x", dir, Map.of()).logDir()).isEqualTo(dir.toAbsolutePath().resolve("log"));
        assertThat(ChorusConfig.embedded("x", dir, Map.of("capture", "off")).logDir()).as("nothing to log").isNull();
        ChorusConfig tuned = ChorusConfig.embedded("x", null, Map.of("log", dir.toString(), "logFsync", "interval:50ms",
                "recovery", "manual"));
        assertThat(tuned.logDir()).isEqualTo(dir.toAbsolutePath());
        assertThat(tuned.logFsync()).hasToString("interval:50ms");
        assertThat(tuned.autoRecovery()).isFalse();
        assertThat(tuned).isNotEqualTo(mem);
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("capture", "maybe"))).hasMessageContaining("capture='maybe'");
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("capture", "off", "log", dir.toString())))
                .hasMessageContaining("needs capture=on");
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("logFsync", "sometimes")))
                .hasMessageContaining("logFsync='sometimes'").hasMessageContaining("interval:<n>ms");
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("recovery", "later"))).hasMessageContaining("recovery='later'");
    }

    @Test
    void stateTransferSettings(@org.junit.jupiter.api.io.TempDir Path dir) throws SQLException {
        ChorusConfig mem = ChorusConfig.embedded("x", null, Map.of());
        assertThat(mem.proactiveRecovery()).as("off unless asked for").isNull();
        assertThat(mem.rotate()).isEmpty();
        assertThat(mem.dataDir()).as("new databases in memory").isNull();
        assertThat(ChorusConfig.embedded("x", dir, Map.of()).dataDir()).as("beside the first ones").isEqualTo(dir.toAbsolutePath());
        ChorusConfig tuned = ChorusConfig.embedded("x", null, Map.of("proactiveRecovery", "5m", "rotate", "derby, HSQLDB,h2",
                "dataDir", dir.toString()));
        assertThat(tuned.proactiveRecovery()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(tuned.rotate()).containsExactly(Engine.DERBY, Engine.HSQLDB, Engine.H2);
        assertThat(tuned.dataDir()).isEqualTo(dir.toAbsolutePath());
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("proactiveRecovery", "often")))
                .hasMessageContaining("proactiveRecovery='often'").hasMessageContaining("duration");
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("rotate", "h2,oracle")))
                .hasMessageContaining("rotate='h2,oracle'").hasMessageContaining("embedded engines");
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("rotate", "h2,h2"))).hasMessageContaining("distinct");
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("rotate", "derby"))).hasMessageContaining("at least two");
    }

    @Test
    void badSettingsNameKeyValueAndRule() {
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("statementTimeout", "soon")))
                .isInstanceOf(SQLException.class).hasMessageContaining("statementTimeout='soon'").hasMessageContaining("duration")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("statementTimeout", "0s")))
                .hasMessageContaining("greater than zero");
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("approximateDigits", "40")))
                .hasMessageContaining("approximateDigits='40'").hasMessageContaining("from 1 to 17");
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("maxConnections", "0")))
                .hasMessageContaining("maxConnections='0'").hasMessageContaining("from 1 to 262143");
        for (String bad : new String[] {"100", "2TB", "-1MB", "99999999999", "lots", "2000GB"}) {
            assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("maxResultBytes", bad)))
                    .hasMessageContaining("maxResultBytes='" + bad + "'").hasMessageContaining("from 1kB to 1024GB");
        }
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("timeout", "1s")))
                .hasMessageContaining("timeout='1s'").hasMessageContaining("unknown setting").hasMessageContaining("statementTimeout");
        assertThatThrownBy(() -> ChorusConfig.parseSettings("novalue")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("statementTimeout", "3000000h")))
                .isInstanceOf(SQLException.class).hasMessageContaining("too long");
        assertThatThrownBy(() -> ChorusConfig.embedded("x", null, Map.of("lockWaitTimeout", "99999999999999999999999ms")))
                .isInstanceOf(SQLException.class).hasMessageContaining("too long");
    }

    @Test
    void propertiesConfigurationListsReplicas() throws SQLException {
        ChorusConfig c = ChorusConfig.fromProperties("p", props("f", "2", "replicas", "a, b,c,d,e",
                "replica.a.url", "jdbc:h2:mem:a", "replica.a.user", "sa", "replica.b.url", "jdbc:derby:memory:b;create=true",
                "replica.c.url", "jdbc:hsqldb:mem:c", "replica.d.url", "jdbc:h2:mem:d", "replica.e.url", "jdbc:faulty:e:jdbc:derby:memory:e",
                "statementTimeout", "5s"));
        assertThat(c.f()).isEqualTo(2);
        assertThat(c.quorum()).isEqualTo(3);
        assertThat(c.replicas()).extracting(ReplicaConfig::name).containsExactly("a", "b", "c", "d", "e");
        assertThat(c.replicas().get(0).user()).isEqualTo("sa");
        assertThat(c.replicas().get(4).engine()).isEqualTo(Engine.DERBY);
        assertThat(c.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void propertiesConfigurationIsValidated() {
        assertThatThrownBy(() -> ChorusConfig.fromProperties("p", props("replicas", "a,b")))
                .hasMessageContaining("replica.a.url");
        assertThatThrownBy(() -> ChorusConfig.fromProperties("p", props("replicas", "a,b", "replica.a.url", "jdbc:h2:mem:a",
                "replica.b.url", "jdbc:h2:mem:b"))).hasMessageContaining("f=1 needs at least 2f+1=3 replicas");
        assertThatThrownBy(() -> ChorusConfig.fromProperties("p", props("f", "zero", "replicas", "a")))
                .hasMessageContaining("f='zero'");
        assertThatThrownBy(() -> ChorusConfig.fromProperties("p", props("f", "0", "replicas", "a", "replica.a.url", "jdbc:h2:mem:a")))
                .hasMessageContaining("f='0'").hasMessageContaining("at least 1");
        // 2f+1 would overflow to a negative number and let one replica answer alone
        assertThatThrownBy(() -> ChorusConfig.fromProperties("p", props("f", "2147483647", "replicas", "a", "replica.a.url", "jdbc:h2:mem:a")))
                .hasMessageContaining("f='2147483647'").hasMessageContaining("at most 32");
        assertThatThrownBy(() -> ChorusConfig.fromProperties("p", props("replicas", "a,a,b", "replica.a.url", "jdbc:h2:mem:a",
                "replica.b.url", "jdbc:h2:mem:b"))).hasMessageContaining("unique");
        assertThatThrownBy(() -> ChorusConfig.fromProperties("p", props("replicas", "a,b,c", "replica.a.url", "jdbc:h2:mem:a",
                "replica.b.url", "jdbc:h2:mem:b", "replica.c.url", "h2:mem:c"))).hasMessageContaining("replica.c.url").hasMessageContaining("jdbc:");
        assertThatThrownBy(() -> ChorusConfig.fromProperties("p", props("replicas", "a,b,c", "replica.a.url", "jdbc:h2:mem:a",
                "replica.b.url", "jdbc:h2:mem:b", "replica.c.url", "jdbc:chorus:mem:c"))).hasMessageContaining("cannot itself be a Chorus");
        assertThatThrownBy(() -> ChorusConfig.fromProperties("p", props("replicas", "a,b,c", "replica.a.url", "jdbc:h2:mem:a",
                "replica.b.url", "jdbc:h2:mem:b", "replica.c.url", "jdbc:h2:mem:c", "replica.d.url", "jdbc:h2:mem:d")))
                .hasMessageContaining("replica.d.url").hasMessageContaining("not listed");
        assertThatThrownBy(() -> ChorusConfig.fromProperties("p", props("replicas", "a,b,c", "replica.a.url", "jdbc:h2:mem:a",
                "replica.b.url", "jdbc:h2:mem:b", "replica.c.url", "jdbc:h2:mem:c", "replica.a.pasword", "secret")))
                .hasMessageContaining("replica.a.pasword").hasMessageContaining("url, user and password");
    }

    @Test
    void passwordsAreHiddenInMessages() {
        ReplicaConfig r = new ReplicaConfig("a", "jdbc:postgresql://localhost/x?password=secret&user=u", "u", "secret");
        assertThat(r.toString()).doesNotContain("secret").contains("password=***");
    }
}
