package dev.chorus.rubis.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A short run of the main job on plain H2 and Chorus, with a proactive recovery of every replica mid-run. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RubisBenchmarkIT {
    @Test
    void aShortRunComparesH2AndChorusAndWritesTheReports(@TempDir Path out) throws Exception {
        StringWriter console = new StringWriter();
        RubisBenchmark benchmark = new RubisBenchmark();
        benchmark.console(new PrintWriter(console, true));
        int exit = new CommandLine(benchmark).execute("--targets", "h2,chorus+recover", "--scale", "tiny", "--clients", "8",
                "--think-scale", "0.02", "--up-ramp", "PT3S", "--steady", "PT12S", "--down-ramp", "PT1S", "--recover-at", "PT2S",
                "--out", out.toString());
        assertThat(exit).isZero();
        String text = console.toString();
        assertThat(text).contains("== plain H2", "== Chorus, every replica moved at PT2S", "== comparison with plain H2", "HTML report:");
        // the proactive recovery moved every replica while the clients ran
        assertThat(text).contains("replica h2 moved to a new h2 database", "replica derby moved to a new derby database",
                "replica hsqldb moved to a new hsqldb database");
        assertThat(text).containsPattern("write-set log \\d+\\.\\d MB");
        assertThat(text).contains("after the run: verify at the end: all replicas equal (h2 HEALTHY, derby HEALTHY, hsqldb HEALTHY)");
        assertThat(Files.readString(out.resolve("summary.txt"))).isEqualTo(text.substring(text.indexOf("RUBiS"), text.indexOf("HTML report:")).strip() + "\n");
        assertThat(out.resolve("report.html")).content().contains("<img src=\"throughput.png\"", "plain H2", "Chorus",
                "<th>data MB</th>");
        assertThat(Files.size(out.resolve("throughput.png"))).isGreaterThan(1000);
        assertThat(Files.size(out.resolve("latency.png"))).isGreaterThan(1000);
        // both runs served requests, and neither gave errors
        for (String run : text.split("== ")) {
            if (run.startsWith("plain H2") || run.startsWith("Chorus")) {
                assertThat(run).containsPattern("throughput \\d+\\.\\d\\d requests/s").contains("; 0 errors;");
                assertThat(run).doesNotContain("throughput 0.00");
                // the database's size after the run: rows and data bytes, per table too (tiny has 20 categories)
                assertThat(run).containsPattern("after the run \\d+ rows, \\d+\\.\\d MB of data")
                        .containsPattern("rows per table: categories 20 \\(0\\.\\d\\d MB\\), regions \\d+ .*bids \\d+ \\(\\d+\\.\\d\\d MB\\)");
            }
        }
    }

    @Test
    void theRecoveringTargetNeedsToKnowWhenToRecover(@TempDir Path out) {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new RubisBenchmark()).setErr(new PrintWriter(err, true))
                .execute("--targets", "h2,chorus+recover", "--out", out.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("the target chorus+recover needs --recover-at");
    }
}
