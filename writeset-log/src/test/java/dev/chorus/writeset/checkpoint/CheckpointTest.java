package dev.chorus.writeset.checkpoint;

import dev.chorus.writeset.Digest;
import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class CheckpointTest {
    private static final long SEQ = 4711;
    private static final long BLOCK_BYTES = 300;
    private static final List<String> DDL = List.of(
            "CREATE TABLE \"ITEM\" (\n  \"ID\" INT PRIMARY KEY,\n  \"NOTE\" VARCHAR(100) DEFAULT ';'\n)",
            "CREATE TABLE \"TAG\" (\"NAME\" VARCHAR(20), \"N\" INT)",
            "-- 12\nnot a length line;\n;;\n",
            "",
            "COMMENT ON TABLE \"ITEM\" IS 'Zürich; ☃'");
    private static final String EMPTY = "EMPTY";
    private static final String TAG = "TAG";
    private static final String ITEM = "shop.item \"x\""; // schema-qualified, with a space and quotes
    private static final String EVEN = "EVEN";
    private static final List<String> ITEM_COLUMNS = List.of("ID", "NOTE", "PRICE", "RATE", "DATA", "OK", "DAY", "AT",
            "STAMP", "STAMP_TZ", "NOTHING");

    @TempDir
    Path root;

    private static List<RowChange> tags() {
        List<String> columns = List.of("NAME", "N");
        return List.of(RowChange.multiset(TAG, columns, Arrays.asList("a", new BigDecimal(1)), 2),
                RowChange.multiset(TAG, columns, Arrays.asList("b", null), 1));
    }

    private static List<RowChange> items() {
        List<RowChange> rows = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            List<Object> image = Arrays.asList(new BigDecimal(i), i % 3 == 0 ? null : "it's \"row\" " + i + "\nover lines; Zürich ☃",
                    new BigDecimal(i + ".50"), i * 1.5e-7, new byte[] {(byte) i, 0, (byte) 0xFF}, i % 2 == 0,
                    LocalDate.of(2024, 2, 1 + i % 28), LocalTime.of(i % 24, 15, 30), LocalDateTime.of(2026, 11, 21, 23, 59, 58, i * 1000),
                    OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(i % 2 == 0 ? -5 : 2)), null);
            rows.add(RowChange.upsert(ITEM, List.of("ID"), ITEM_COLUMNS, image));
        }
        return rows;
    }

    /** Rows that all render to the same length, so that the table's blocks have equal sizes. */
    private static List<RowChange> even() {
        List<RowChange> rows = new ArrayList<>();
        for (int i = 10; i < 40; i++) {
            rows.add(RowChange.upsert(EVEN, List.of("ID"), List.of("ID", "V"), List.of(new BigDecimal(i), "v" + (char) ('a' + i % 26))));
        }
        return rows;
    }

    private static Map<String, List<RowChange>> contents() {
        Map<String, List<RowChange>> tables = new LinkedHashMap<>();
        tables.put(EMPTY, List.of());
        tables.put(TAG, tags());
        tables.put(ITEM, items());
        tables.put(EVEN, even());
        return tables;
    }

    private static Checkpoint write(Path root, long seq, Map<String, List<RowChange>> tables) throws IOException {
        try (CheckpointWriter w = CheckpointWriter.begin(root, seq, DDL, BLOCK_BYTES)) {
            for (Map.Entry<String, List<RowChange>> t : tables.entrySet()) {
                w.table(t.getKey());
                for (RowChange r : t.getValue()) {
                    w.row(r);
                }
            }
            return w.commit();
        }
    }

    /** Everything a checkpoint reads back: per table, its rows in order. */
    private static Map<String, List<RowChange>> readAll(Checkpoint cp) throws IOException {
        Map<String, List<RowChange>> out = new LinkedHashMap<>();
        cp.read(new TableVisitor() {
            @Override
            public void table(TableEntry table) {
                out.put(table.name(), new ArrayList<>());
            }

            @Override
            public void block(TableEntry table, WriteSet rows) {
                out.get(table.name()).addAll(rows.changes());
            }
        });
        return out;
    }

    @Test
    void aCheckpointReadsBackExactlyWhatWasWritten() throws Exception {
        Instant before = Instant.now();
        Checkpoint cp = write(root, SEQ, contents());
        Path dir = root.resolve("00000000000000004711");
        assertThat(cp.dir()).isEqualTo(dir);
        assertThat(Checkpoints.list(root)).containsExactly(dir);
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s).containsExactly(dir); // no temporary directory left
        }

        Checkpoint opened = Checkpoint.open(dir);
        assertThat(opened.seq()).isEqualTo(SEQ);
        assertThat(opened.created()).isBetween(before, Instant.now()).isEqualTo(cp.created());
        assertThat(opened.ddl()).isEqualTo(DDL);
        assertThat(readAll(opened)).isEqualTo(contents());
        opened.verify();

        Map<String, Digest> digests = new LinkedHashMap<>();
        contents().forEach((name, rows) -> digests.put(name, new WriteSet(rows).digest()));
        assertThat(opened.tables()).extracting(TableEntry::name).containsExactlyElementsOf(contents().keySet());
        assertThat(opened.tables()).extracting(TableEntry::digest).containsExactlyElementsOf(digests.values());
        assertThat(opened.tables()).extracting(TableEntry::rows).containsExactly(0L, 2L, 40L, 30L);
        assertThat(opened.tables().get(0).digest()).isEqualTo(WriteSet.EMPTY.digest());
        assertThat(opened.stateDigest()).isEqualTo(Checkpoint.stateDigest(digests));
        StringBuilder state = new StringBuilder();
        digests.forEach((name, d) -> state.append(name).append(' ').append(d.hex()).append('\n'));
        byte[] stateText = state.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(opened.stateDigest()).isEqualTo(Digest.sha256(stateText, 0, stateText.length).hex());

        // blocks: in table order, within the size unless a single row is larger, several for the big tables
        List<BlockEntry> blocks = opened.blocks();
        assertThat(blocks).extracting(BlockEntry::table).isSorted().doesNotContain(0);
        assertThat(blocks.stream().filter(b -> b.table() == 2).count()).isGreaterThan(3);
        assertThat(blocks.stream().filter(b -> b.table() == 3).count()).isGreaterThan(3);
        for (int i = 0; i < blocks.size(); i++) {
            BlockEntry b = blocks.get(i);
            assertThat(b.file()).isEqualTo(String.format("block-%06d.sql", i + 1));
            assertThat(Files.size(dir.resolve(b.file()))).isEqualTo(b.bytes());
            assertThat(b.bytes() <= BLOCK_BYTES || b.rows() == 1).as(b.toString()).isTrue();
        }
        long fileBytes = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                fileBytes += Files.size(p);
            }
        }
        assertThat(opened.bytes()).isEqualTo(fileBytes);

        String manifest = Files.readString(dir.resolve("manifest.txt"));
        assertThat(manifest).startsWith("chorus-checkpoint 1\nseq 4711\ncreated " + opened.created() + "\nstate "
                + opened.stateDigest() + "\nschema ");
        assertThat(manifest).contains("\ntable 40 " + opened.tables().get(2).bytes() + " " + digests.get(ITEM).hex() + " "
                + ITEM + "\n", "\ntable 0 0 " + WriteSet.EMPTY.digest().hex() + " EMPTY\n");
        assertThat(manifest.lines().reduce((a, b) -> b).orElseThrow()).matches("manifest [0-9a-f]{64}");
    }

    @Test
    void aRowLargerThanTheBlockSizeGetsABlockOfItsOwn() throws Exception {
        String big = "x".repeat(1000);
        List<RowChange> rows = List.of(row("T", 1, "a"), row("T", 2, big), row("T", 3, "b"), row("T", 4, "c"));
        Checkpoint cp = write(root, 1, Map.of("T", rows));
        assertThat(cp.blocks()).extracting(BlockEntry::rows).containsExactly(1L, 1L, 2L);
        assertThat(cp.blocks().get(1).bytes()).isGreaterThan(1000);
        assertThat(readAll(cp).get("T")).isEqualTo(rows);
    }

    private static RowChange row(String table, int id, String v) {
        return RowChange.upsert(table, List.of("ID"), List.of("ID", "V"), List.of(new BigDecimal(id), v));
    }

    // --- damage --------------------------------------------------------------------------------------------------

    private static void flip(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 0x01;
        Files.write(file, b);
    }

    private static void assertCorrupt(Path dir, String file, String problem) {
        assertThatThrownBy(() -> Checkpoint.open(dir).verify()).isInstanceOf(CheckpointCorruptException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining(file).hasMessageContaining(problem)
                .satisfies(e -> assertThat(((CheckpointCorruptException) e).file()).isEqualTo(file));
    }

    @Test
    void aFlippedByteInTheManifestOrSchemaIsFoundAtOpen() throws Exception {
        Path dir = write(root, SEQ, contents()).dir();
        for (String file : List.of("manifest.txt", "schema.sql")) {
            flip(dir.resolve(file));
            assertThatThrownBy(() -> Checkpoint.open(dir)).as(file).isInstanceOf(CheckpointCorruptException.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining(file).hasMessageContaining("SHA-256 mismatch");
            flip(dir.resolve(file));
            Checkpoint.open(dir).verify();
        }
    }

    @Test
    void aFlippedByteInAnyBlockIsFoundByVerify() throws Exception {
        Checkpoint cp = write(root, SEQ, contents());
        Path dir = cp.dir();
        assertThat(cp.blocks()).hasSizeGreaterThan(8);
        for (BlockEntry b : cp.blocks()) {
            flip(dir.resolve(b.file()));
            Checkpoint opened = Checkpoint.open(dir); // sizes are right: only reading finds it
            assertThatThrownBy(opened::verify).as(b.file()).isInstanceOf(CheckpointCorruptException.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining(b.file()).hasMessageContaining("SHA-256 mismatch");
            flip(dir.resolve(b.file()));
        }
        Checkpoint.open(dir).verify();
    }

    @Test
    void aTruncatedDeletedOrSwappedBlockIsFound() throws Exception {
        Checkpoint cp = write(root, SEQ, contents());
        Path dir = cp.dir();
        BlockEntry victim = cp.blocks().get(cp.blocks().size() / 2);
        Path file = dir.resolve(victim.file());
        byte[] original = Files.readAllBytes(file);

        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(original.length - 1);
        }
        assertCorrupt(dir, victim.file(), "has " + (original.length - 1) + " bytes, the manifest says " + original.length);
        Files.write(file, original);

        Files.delete(file);
        assertCorrupt(dir, victim.file(), "is missing");
        Files.write(file, original);
        Checkpoint.open(dir).verify();

        // two blocks of the same size and table, swapped: every file is there with the right size
        List<BlockEntry> even = cp.blocks().stream().filter(b -> b.table() == 3).toList();
        BlockEntry a = even.get(0);
        BlockEntry b = even.stream().skip(1).filter(x -> x.bytes() == a.bytes()).findFirst().orElseThrow();
        Path pa = dir.resolve(a.file());
        Path pb = dir.resolve(b.file());
        Path aside = root.resolve("aside");
        Files.move(pa, aside);
        Files.move(pb, pa);
        Files.move(aside, pb);
        assertCorrupt(dir, a.file(), "SHA-256 mismatch");
    }

    /** Rewrites manifest lines and fixes up the manifest's own SHA-256: a consistent-looking manifest that lies. */
    private static void forgeManifest(Path dir, UnaryOperator<String> edit) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("manifest.txt")));
        lines.remove(lines.size() - 1);
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(edit.apply(l)).append('\n');
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        String own = Digest.sha256(body, 0, body.length).hex();
        Files.writeString(dir.resolve("manifest.txt"), sb + "manifest " + own + "\n");
    }

    @Test
    void aForgedManifestIsCaughtByItsConsistencyOrByReading() throws Exception {
        Checkpoint cp = write(root, SEQ, contents());
        Path dir = cp.dir();
        byte[] manifest = Files.readAllBytes(dir.resolve("manifest.txt"));
        TableEntry item = cp.tables().get(2);
        String itemLine = "table 40 " + item.bytes() + " " + item.digest().hex() + " " + ITEM;

        // a table digest changed: the state line no longer matches the table lines
        String forged = "0".repeat(64);
        forgeManifest(dir, l -> l.equals(itemLine) ? itemLine.replace(item.digest().hex(), forged) : l);
        assertThatThrownBy(() -> Checkpoint.open(dir)).isInstanceOf(CheckpointCorruptException.class)
                .hasMessageContaining("manifest.txt").hasMessageContaining("state digest");

        // ... and the state line fixed up too: only reading the blocks finds it
        Files.write(dir.resolve("manifest.txt"), manifest);
        Map<String, Digest> digests = new LinkedHashMap<>();
        cp.tables().forEach(t -> digests.put(t.name(), t.name().equals(ITEM) ? Digest.of(new byte[32]) : t.digest()));
        String state = Checkpoint.stateDigest(digests);
        forgeManifest(dir, l -> l.equals(itemLine) ? itemLine.replace(item.digest().hex(), forged)
                : l.startsWith("state ") ? "state " + state : l);
        Checkpoint opened = Checkpoint.open(dir);
        assertThat(opened.stateDigest()).isEqualTo(state);
        assertThatThrownBy(opened::verify).isInstanceOf(CheckpointCorruptException.class)
                .hasMessageContaining("manifest.txt").hasMessageContaining("table " + ITEM)
                .hasMessageContaining("digest " + item.digest());

        // a block's and its table's row counts both changed: the block's text has fewer rows
        Files.write(dir.resolve("manifest.txt"), manifest);
        BlockEntry first = cp.blocks().stream().filter(b -> b.table() == 2).findFirst().orElseThrow();
        String blockLine = "block " + first.file() + " 2 " + first.rows() + " ";
        forgeManifest(dir, l -> l.equals(itemLine) ? itemLine.replace("table 40 ", "table 41 ")
                : l.startsWith(blockLine) ? l.replace(blockLine, "block " + first.file() + " 2 " + (first.rows() + 1) + " ") : l);
        assertCorrupt(dir, first.file(), "holds " + first.rows() + " distinct rows, the manifest says " + (first.rows() + 1));

        Files.write(dir.resolve("manifest.txt"), manifest);
        Checkpoint.open(dir).verify();
    }

    @Test
    void aChangedSeqOrAMissingManifestIsFound() throws Exception {
        Path dir = write(root, SEQ, contents()).dir();
        byte[] manifest = Files.readAllBytes(dir.resolve("manifest.txt"));
        forgeManifest(dir, l -> l.equals("seq 4711") ? "seq 4712" : l);
        assertThatThrownBy(() -> Checkpoint.open(dir)).isInstanceOf(CheckpointCorruptException.class)
                .hasMessageContaining("says seq 4712 but the directory is not named 00000000000000004712");
        Files.delete(dir.resolve("manifest.txt"));
        assertThatThrownBy(() -> Checkpoint.open(dir)).isInstanceOf(CheckpointCorruptException.class)
                .hasMessageContaining("manifest.txt: is missing");
        Files.write(dir.resolve("manifest.txt"), manifest);
        Checkpoint.open(dir).verify();
    }

    @Test
    void theSchemaEncodingIsUnambiguous() {
        byte[] encoded = CheckpointFormat.encodeSchema(DDL);
        assertThat(CheckpointFormat.decodeSchema(encoded)).isEqualTo(DDL);
        assertThat(CheckpointFormat.decodeSchema(new byte[0])).isEmpty();
        byte[] truncated = Arrays.copyOf(encoded, encoded.length - 1);
        assertThatThrownBy(() -> CheckpointFormat.decodeSchema(truncated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overruns the file");
    }

    // --- publication -----------------------------------------------------------------------------------------------

    @Test
    void anUncommittedCheckpointIsNeverPublished() throws Exception {
        CheckpointWriter w = CheckpointWriter.begin(root, 5, DDL, BLOCK_BYTES);
        w.table(ITEM);
        for (RowChange r : items()) {
            w.row(r);
        }
        assertThat(Checkpoints.list(root)).isEmpty();
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.toList()).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).startsWith(".tmp-5-"));
        }
        Checkpoints.removeStale(root); // as after a crash: the writer's directory is gone
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s).isEmpty();
        }
        w.close();

        CheckpointWriter aborted = CheckpointWriter.begin(root, 6, DDL, BLOCK_BYTES);
        aborted.table(TAG);
        aborted.row(tags().get(0));
        aborted.close();
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s).isEmpty();
        }
        assertThatThrownBy(() -> aborted.row(tags().get(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(aborted::commit).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSeqIsPublishedOnce() throws Exception {
        CheckpointWriter late = CheckpointWriter.begin(root, 7, DDL, BLOCK_BYTES);
        Checkpoint first = write(root, 7, contents());
        assertThatThrownBy(() -> CheckpointWriter.begin(root, 7, DDL)).isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("00000000000000000007").hasMessageContaining("exists already");
        late.table(TAG);
        assertThatThrownBy(late::commit).isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("exists already");
        assertThat(Checkpoints.list(root)).containsExactly(first.dir());
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s).containsExactly(first.dir()); // the loser's temporary directory is gone
        }
        Checkpoint.open(first.dir()).verify();
        assertThat(Checkpoint.open(first.dir()).tables()).hasSize(4);
    }

    @Test
    void listOrdersNewestFirstAndPruneKeepsTheNewest() throws Exception {
        assertThat(Checkpoints.list(root.resolve("missing"))).isEmpty();
        for (long seq : new long[] {20, 5, 1000, 100}) {
            write(root, seq, Map.of(TAG, tags()));
        }
        Files.createDirectories(root.resolve(".tmp-2000-123"));
        Files.createDirectories(root.resolve("notes"));
        Files.createFile(root.resolve("00000000000000003000"));
        assertThat(Checkpoints.list(root)).extracting(p -> p.getFileName().toString()).containsExactly(
                "00000000000000001000", "00000000000000000100", "00000000000000000020", "00000000000000000005");

        Checkpoints.prune(root, 2);
        assertThat(Checkpoints.list(root)).extracting(Checkpoint::open).extracting(Checkpoint::seq).containsExactly(1000L, 100L);
        Checkpoints.prune(root, 5);
        assertThat(Checkpoints.list(root)).hasSize(2);
        Checkpoints.removeStale(root);
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                    "00000000000000001000", "00000000000000000100", "notes", "00000000000000003000");
        }
        Checkpoints.prune(root, 0);
        assertThat(Checkpoints.list(root)).isEmpty();
    }

    @Test
    void theWriterRejectsRowsThatWouldNotReadBack() throws Exception {
        try (CheckpointWriter w = CheckpointWriter.begin(root, 9, DDL, BLOCK_BYTES)) {
            assertThatThrownBy(() -> w.row(row("T", 1, "a"))).isInstanceOf(IllegalStateException.class);
            w.table("T");
            assertThatThrownBy(() -> w.row(row("U", 1, "a"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("of table U in table T");
            assertThatThrownBy(() -> w.row(RowChange.delete("T", List.of("ID"), List.of(BigDecimal.ONE))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deleted row");
            w.row(row("T", 1, "a"));
            assertThatThrownBy(() -> w.row(row("T", 1, "b"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("appears twice");
            assertThatThrownBy(() -> w.table("T")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.table("two\nlines")).isInstanceOf(IllegalArgumentException.class);
            Checkpoint cp = w.commit();
            assertThat(readAll(cp)).isEqualTo(Map.of("T", List.of(row("T", 1, "a"))));
        }
    }
}
