package dev.chorus.writeset.log;

import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class LogReductionTest {
    private static final List<String> KEY = List.of("ID");
    private static final List<String> COLUMNS = List.of("ID", "QTY");

    private static WriteSet set(int id, int qty) {
        return new WriteSet(List.of(RowChange.upsert("ITEM", KEY, COLUMNS, List.of(BigDecimal.valueOf(id), BigDecimal.valueOf(qty)))));
    }

    private static WriteSet deleted(int id) {
        return new WriteSet(List.of(RowChange.delete("ITEM", KEY, List.of(BigDecimal.valueOf(id)))));
    }

    @Test
    void aRangeReducesToTheNewestImageOfEachRow(@TempDir Path dir) throws Exception {
        try (LogWriter w = LogWriter.open(dir, LogOptions.defaults().withMaxSegmentBytes(8192))) {
            long seq = 0;
            for (int round = 0; round < 50; round++) {
                for (int id = 1; id <= 5; id++) {
                    w.append(++seq, set(id, round * 10 + id).toBytes()).join();
                }
            }
            w.append(++seq, deleted(3).toBytes()).join();
        }
        LogReader log = LogReader.open(dir);
        assertThat(log.segmentFiles()).hasSizeGreaterThan(1);
        WriteSet all = LogReduction.reduce(log, 1, Long.MAX_VALUE);
        assertThat(all.changes()).hasSize(5);
        assertThat(all.toSql()).contains("VALUES (1, 491)", "VALUES (5, 495)").doesNotContain("VALUES (3,")
                .endsWith("DELETE FROM \"ITEM\" WHERE \"ID\" = 3;\n");
        // the first two rounds only
        assertThat(LogReduction.reduce(log, 1, 10).toSql()).contains("VALUES (1, 11)", "VALUES (5, 15)").doesNotContain("491");
        assertThat(LogReduction.reduce(log, 400, 500)).isEqualTo(WriteSet.EMPTY);
    }

    @Test
    void aPayloadThatIsNotAWriteSetIsNamedBySeq(@TempDir Path dir) throws Exception {
        try (LogWriter w = LogWriter.open(dir, LogOptions.defaults())) {
            w.append(1, set(1, 1).toBytes()).join();
            w.append(2, "UPDATE item SET qty = 0".getBytes(StandardCharsets.UTF_8)).join();
        }
        assertThatThrownBy(() -> LogReduction.reduce(LogReader.open(dir), 1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seq=2");
    }
}
