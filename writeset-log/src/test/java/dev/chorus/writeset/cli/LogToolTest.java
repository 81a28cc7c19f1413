package dev.chorus.writeset.cli;

import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;
import dev.chorus.writeset.log.LogOptions;
import dev.chorus.writeset.log.LogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class LogToolTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LogTool.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void write(Path dir) throws Exception {
        try (LogWriter w = LogWriter.open(dir, LogOptions.defaults())) {
            for (int i = 1; i <= 3; i++) {
                w.append(i, new WriteSet(List.of(RowChange.upsert("T", List.of("ID"), List.of("ID", "V"),
                        List.of(BigDecimal.ONE, "v" + i)))).toBytes()).join();
            }
        }
    }

    @Test
    void printsVerifiesAndReduces(@TempDir Path dir) throws Exception {
        write(dir);
        Run print = run("print", dir.toString(), "--from", "2");
        assertThat(print.code()).isZero();
        assertThat(print.out()).startsWith("-- seq=2\nDELETE FROM \"T\" WHERE \"ID\" = 1;\n").contains("-- seq=3", "'v3'")
                .doesNotContain("'v1'");
        Run verify = run("verify", dir.toString());
        assertThat(verify.code()).isZero();
        assertThat(verify.out()).contains("records=3", "seq=1..3", "no torn tail");
        Run reduce = run("reduce", dir.toString());
        assertThat(reduce.out()).isEqualTo("DELETE FROM \"T\" WHERE \"ID\" = 1;\nINSERT INTO \"T\" (\"ID\", \"V\") VALUES (1, 'v3');\n");
    }

    @Test
    void aDamagedLogExitsWithOneNamingTheFileAndPosition(@TempDir Path dir) throws Exception {
        write(dir);
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.filter(p -> p.getFileName().toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'X'}), 2); // inside the header's magic
        }
        Run verify = run("verify", dir.toString());
        assertThat(verify.code()).isEqualTo(1);
        assertThat(verify.err()).contains(segment.getFileName().toString()).contains("at byte 0");
    }

    @Test
    void wrongUsageExitsWithTwo(@TempDir Path dir) {
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("frobnicate").code()).isEqualTo(2);
        assertThat(run("verify", dir.resolve("missing").toString()).code()).isEqualTo(1);
    }
}
