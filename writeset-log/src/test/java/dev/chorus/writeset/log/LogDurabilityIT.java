package dev.chorus.writeset.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A separate JVM appends to a log and reports each acknowledged record; it is killed with SIGKILL at a moment it
 * does not choose, three times over the same directory. After each kill the log is reopened (a torn tail is
 * truncated) and every acknowledged record is there, intact and in order. A killed process leaves the operating
 * system's page cache behind, so this proves the process-crash case; a power loss is covered by the fsync that
 * {@code FsyncPolicy.EVERY_COMMIT} does before acknowledging, which no test here can pull the plug on.
 */
@Timeout(120)
class LogDurabilityIT {
    @Test
    void everyAcknowledgedRecordSurvivesAKill(@TempDir Path dir) throws Exception {
        long lastAcked = 0;
        for (int kill = 0; kill < 3; kill++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), AppendingProcess.class.getName(), dir.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            long acked = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String ready = in.readLine();
                assertThat(ready).as("the child started").startsWith("ready ");
                assertThat(Long.parseLong(ready.substring(6))).as("the reopened log ends at or after the last acknowledged record")
                        .isGreaterThanOrEqualTo(lastAcked);
                long target = 300 + 137L * kill; // kill at a different point each time
                for (String line; (line = in.readLine()) != null; ) {
                    acked = Long.parseLong(line.substring("acked ".length()));
                    if (acked - lastAcked >= target) {
                        p.destroyForcibly(); // SIGKILL: no shutdown hook, no close, appends in flight
                        break;
                    }
                }
            }
            assertThat(p.waitFor()).as("killed, not exited").isNotZero();
            lastAcked = acked;
            try (LogWriter reopened = LogWriter.open(dir, LogOptions.defaults())) {
                assertThat(reopened.lastSeq()).isGreaterThanOrEqualTo(lastAcked);
            }
            Map<Long, byte[]> found = new HashMap<>();
            long previous = 0;
            try (Stream<LogRecord> records = LogReader.open(dir).records()) {
                for (LogRecord r : (Iterable<LogRecord>) records::iterator) {
                    assertThat(r.seq()).isEqualTo(previous + 1);
                    previous = r.seq();
                    found.put(r.seq(), r.payload());
                }
            }
            for (long seq = 1; seq <= lastAcked; seq++) {
                assertThat(found.get(seq)).as("acknowledged record %d after kill %d", seq, kill + 1)
                        .isEqualTo(AppendingProcess.payload(seq));
            }
        }
        assertThat(lastAcked).isGreaterThan(900);
    }
}
