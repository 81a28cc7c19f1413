package dev.chorus.coordinator.recovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaHistoryTest {
    @Test
    void statementsWithAnythingInThemSurviveAReopenAndATornLastEntryIsDropped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("schema.sql");
        SchemaHistory h = SchemaHistory.open(file);
        List<String> ddl = List.of("CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(10) DEFAULT 'a;\n-- chorus-ddl 3\nb')",
                "CREATE INDEX \"ü\" ON t (note)", "");
        for (String s : ddl) {
            h.append(s);
        }
        assertThat(h.statements()).isEqualTo(ddl);
        assertThat(SchemaHistory.open(file).statements()).isEqualTo(ddl);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).isEqualTo(SchemaHistory.format(ddl));
        // the process died while appending: the last entry is cut short
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
        assertThat(SchemaHistory.open(file).statements()).isEqualTo(ddl.subList(0, 2));
        Files.write(file, "garbage".getBytes(StandardCharsets.UTF_8));
        assertThat(SchemaHistory.open(file).statements()).isEmpty();
        assertThat(SchemaHistory.inMemory().statements()).isEmpty();
    }
}
