package dev.chorus.rubis.db;

import dev.chorus.driver.ChorusConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Generates the {@code tiny} scale into plain H2 (and once through Chorus) and checks the rows against SPEC.md
 * section 7 and the contract's quirk decisions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DataGeneratorIT {
    private static final Scale SCALE = Scale.TINY;
    private static final long SEED = 4_242L;
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private Connection h2;
    private DataGenerator.Summary summary;

    @BeforeAll
    void generateIntoH2() throws SQLException {
        h2 = freshH2();
        // a small batch size, so the tiny scale still goes through several batches and commits
        summary = new DataGenerator(SCALE, SEED, NOW.plusMillis(250), 97).generate(h2);
    }

    @AfterAll
    void close() throws SQLException {
        h2.close();
    }

    private static Connection freshH2() throws SQLException {
        Connection c = DriverManager.getConnection(
                "jdbc:h2:mem:datagen_it_" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        Schema.create(c);
        return c;
    }

    @Test
    void countsMatchTheScale() throws SQLException {
        Map<String, Long> counts = DataGenerator.counts(h2);
        assertThat(counts).containsOnlyKeys(Schema.TABLES);
        assertThat(counts).containsEntry("categories", 20L).containsEntry("regions", 62L)
                .containsEntry("users", (long) SCALE.users()).containsEntry("old_items", (long) SCALE.oldItems())
                .containsEntry("items", (long) SCALE.activeItems()).containsEntry("comments", (long) SCALE.items())
                .containsEntry("buy_now", 0L);
        assertThat(counts.get("bids")).isBetween(1L, (long) (SCALE.maxBidsPerItem() - 1) * SCALE.items())
                .isEqualTo(scalar("SELECT SUM(nb_of_bids) FROM items") + scalar("SELECT SUM(nb_of_bids) FROM old_items"));
        assertThat(summary.rows()).isEqualTo(counts);
        assertThat(summary.scale()).isEqualTo("tiny");
        assertThat(summary.seed()).isEqualTo(SEED);
        assertThat(summary.generationTime()).isEqualTo(NOW); // truncated to whole seconds
        assertThat(summary.seconds()).isPositive();
    }

    @Test
    void referenceDataAsInTheFiles() throws SQLException {
        List<String> categories = column("SELECT name FROM categories ORDER BY id");
        assertThat(categories).isEqualTo(ReferenceData.categories().stream().map(ReferenceData.Category::name).toList());
        assertThat(column("SELECT name FROM regions ORDER BY id")).isEqualTo(ReferenceData.regions())
                .contains("MA--Boston ");
        assertThat(scalar("SELECT MIN(id) FROM regions")).isEqualTo(1);
    }

    @Test
    void usersAsSpecified() throws SQLException {
        try (PreparedStatement ps = h2.prepareStatement("SELECT id, firstname, lastname, nickname, password, email,"
                + " balance, creation_date, region FROM users ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            int i = 0;
            while (rs.next()) {
                i++;
                assertThat(rs.getInt("id")).isEqualTo(i);
                assertThat(rs.getString("firstname")).isEqualTo("Great" + i);
                assertThat(rs.getString("lastname")).isEqualTo("User" + i);
                assertThat(rs.getString("nickname")).isEqualTo("user" + i);
                assertThat(rs.getString("password")).isEqualTo("password" + i);
                assertThat(rs.getString("email")).isEqualTo("Great" + i + ".User" + i + "@rubis.com");
                assertThat(rs.getBigDecimal("balance")).isEqualByComparingTo(BigDecimal.ZERO);
                assertThat(rs.getTimestamp("creation_date").toInstant()).isEqualTo(NOW);
                assertThat(rs.getInt("region")).isEqualTo((i - 1) % 62 + 1);
            }
            assertThat(i).isEqualTo(SCALE.users());
        }
    }

    @Test
    void itemsCacheOfBidsEqualsTheBidsTable() throws SQLException {
        for (String table : List.of("items", "old_items")) {
            List<String> mismatches = column("SELECT i.id FROM " + table + " i LEFT JOIN (SELECT item_id, COUNT(*) AS n,"
                    + " MAX(bid) AS top FROM bids GROUP BY item_id) b ON b.item_id = i.id"
                    + " WHERE i.nb_of_bids <> COALESCE(b.n, 0) OR i.max_bid <> COALESCE(b.top, 0) ORDER BY i.id");
            assertThat(mismatches).as(table).isEmpty();
        }
        assertThat(count("SELECT COUNT(*) FROM bids WHERE item_id < ? OR item_id > ?", 1, SCALE.items())).isZero();
        assertThat(scalar("SELECT COUNT(*) FROM items WHERE max_bid > 0")).isPositive();
    }

    @Test
    void bidsFollowThePriceProgression() throws SQLException {
        Map<Integer, long[]> items = new HashMap<>(); // id -> {initial price, quantity}
        for (String table : List.of("items", "old_items")) {
            try (PreparedStatement ps = h2.prepareStatement("SELECT id, initial_price, quantity FROM " + table);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.put(rs.getInt(1), new long[] {rs.getBigDecimal(2).longValueExact(), rs.getInt(3)});
                }
            }
        }
        Map<Integer, Long> price = new HashMap<>();
        try (PreparedStatement ps = h2.prepareStatement("SELECT item_id, user_id, qty, bid, max_bid, bid_date FROM bids"
                + " ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int item = rs.getInt("item_id");
                long previous = price.getOrDefault(item, items.get(item)[0]);
                long bid = rs.getBigDecimal("bid").longValueExact();
                long a = bid - previous;
                assertThat(a).as("increment of a bid on item %d", item).isBetween(1L, 10L);
                assertThat(rs.getBigDecimal("max_bid").longValueExact()).isEqualTo(previous + 2 * a);
                assertThat((long) rs.getInt("qty")).isBetween(1L, items.get(item)[1]);
                assertThat(rs.getInt("user_id")).isBetween(1, SCALE.users());
                assertThat(rs.getTimestamp("bid_date").toInstant()).isEqualTo(NOW);
                price.put(item, bid);
            }
        }
        assertThat(scalar("SELECT MAX(c) FROM (SELECT COUNT(*) AS c FROM bids GROUP BY item_id) t"))
                .isLessThanOrEqualTo(SCALE.maxBidsPerItem() - 1);
    }

    @Test
    void ratingsAreTheSumOfTheCommentsReceived() throws SQLException {
        assertThat(column("SELECT u.id FROM users u LEFT JOIN (SELECT to_user_id, SUM(rating) AS total FROM comments"
                + " GROUP BY to_user_id) c ON c.to_user_id = u.id WHERE u.rating <> COALESCE(c.total, 0) ORDER BY u.id"))
                .isEmpty();
        assertThat(scalar("SELECT COUNT(*) FROM users WHERE rating <> 0")).isPositive();
    }

    @Test
    void oneCommentPerItemToItsSeller() throws SQLException {
        assertThat(scalar("SELECT COUNT(DISTINCT item_id) FROM comments")).isEqualTo(SCALE.items());
        for (String table : List.of("items", "old_items")) {
            assertThat(scalar("SELECT COUNT(*) FROM comments c JOIN " + table + " i ON i.id = c.item_id"
                    + " WHERE c.to_user_id <> i.seller")).isZero();
        }
        assertThat(column("SELECT DISTINCT rating FROM comments ORDER BY rating"))
                .isSubsetOf("-5", "-3", "0", "3", "5").hasSizeGreaterThan(2);
        try (PreparedStatement ps = h2.prepareStatement("SELECT rating, comment_text, comment_date, from_user_id"
                + " FROM comments"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int index = List.of(-5, -3, 0, 3, 5).indexOf(rs.getInt(1));
                String sentence = GeneratedText.sentence(index);
                String comment = rs.getString(2);
                assertThat(comment.length()).isBetween(1, SCALE.commentMaxLength());
                assertThat(sentence.repeat(3)).startsWith(comment);
                assertThat(rs.getTimestamp(3).toInstant()).isEqualTo(NOW);
                assertThat(rs.getInt(4)).isBetween(1, SCALE.users());
            }
        }
    }

    @Test
    void activeItemsEndAfterTheGenerationTimeAndOldOnesBefore() throws SQLException {
        Timestamp now = Timestamp.from(NOW);
        Timestamp weekLater = Timestamp.from(NOW.plus(Duration.ofDays(7)));
        Timestamp weekBefore = Timestamp.from(NOW.minus(Duration.ofDays(7)));
        assertThat(count("SELECT COUNT(*) FROM items WHERE end_date > ? AND end_date <= ? AND start_date = ?",
                now, weekLater, now)).isEqualTo(SCALE.activeItems());
        assertThat(count("SELECT COUNT(*) FROM old_items WHERE end_date < ? AND end_date >= ? AND start_date = ?",
                now, weekBefore, now)).isEqualTo(SCALE.oldItems());
        // durations are whole days, several of them
        assertThat(column("SELECT DISTINCT end_date FROM items ORDER BY end_date")).hasSizeBetween(3, 7);
    }

    @Test
    void itemsAsSpecified() throws SQLException {
        assertThat(scalar("SELECT MIN(id) FROM old_items")).isEqualTo(1);
        assertThat(scalar("SELECT MAX(id) FROM old_items")).isEqualTo(SCALE.oldItems());
        assertThat(scalar("SELECT MIN(id) FROM items")).isEqualTo(SCALE.oldItems() + 1);
        assertThat(scalar("SELECT MAX(id) FROM items")).isEqualTo(SCALE.items());
        for (String table : List.of("items", "old_items")) {
            try (PreparedStatement ps = h2.prepareStatement("SELECT id, name, description, initial_price, seller,"
                    + " category FROM " + table); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString("name")).isEqualTo("RUBiS automatically generated item #" + rs.getInt("id"));
                    String description = rs.getString("description");
                    assertThat(description.length()).isBetween(1, SCALE.descriptionMaxLength());
                    assertThat(GeneratedText.PARAGRAPH.repeat(2)).startsWith(description);
                    assertThat(rs.getBigDecimal("initial_price").longValueExact()).isBetween(1L, 5_000L);
                    assertThat(rs.getInt("seller")).isBetween(1, SCALE.users());
                    assertThat(rs.getInt("category")).isBetween(1, 20);
                }
            }
        }
        // old items go round the categories, (id - 1) mod 20
        assertThat(scalar("SELECT COUNT(*) FROM old_items WHERE category <> MOD(id - 1, 20) + 1")).isZero();
        // active items: exactly the scale's quotas per category
        List<Integer> perCategory = new ArrayList<>();
        for (int category = 1; category <= 20; category++) {
            perCategory.add((int) count("SELECT COUNT(*) FROM items WHERE category = ?", category));
        }
        assertThat(perCategory).isEqualTo(SCALE.activePerCategory());
    }

    /** Quirk decision 5: the reserve / buy-now / quantity split applies within each group. */
    @Test
    void reserveBuyNowAndQuantitySplitWithinEachGroup() throws SQLException {
        checkSplit("old_items", 0, SCALE.oldItems());
        checkSplit("items", SCALE.oldItems(), SCALE.activeItems());
    }

    private void checkSplit(String table, int firstIdMinusOne, int group) throws SQLException {
        try (PreparedStatement ps = h2.prepareStatement("SELECT id, initial_price, reserve_price, buy_now, quantity FROM "
                + table + " ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            boolean someMultiple = false;
            while (rs.next()) {
                int index = rs.getInt("id") - 1 - firstIdMinusOne;
                long initial = rs.getBigDecimal("initial_price").longValueExact();
                long reserve = rs.getBigDecimal("reserve_price").longValueExact();
                long buyNow = rs.getBigDecimal("buy_now").longValueExact();
                int quantity = rs.getInt("quantity");
                if (index < group * 40 / 100) {
                    assertThat(reserve - initial).as("%s #%d reserve", table, index).isBetween(0L, 999L);
                } else {
                    assertThat(reserve).as("%s #%d reserve", table, index).isZero();
                }
                if (index < group * 10 / 100) {
                    assertThat(buyNow - initial - reserve).as("%s #%d buy now", table, index).isBetween(0L, 999L);
                } else {
                    assertThat(buyNow).as("%s #%d buy now", table, index).isZero();
                }
                if (index < group * 80 / 100) {
                    assertThat(quantity).as("%s #%d quantity", table, index).isEqualTo(1);
                } else {
                    assertThat(quantity).as("%s #%d quantity", table, index).isBetween(1, 10);
                    someMultiple |= quantity > 1;
                }
            }
            assertThat(someMultiple).as("%s has items sold in several units", table).isTrue();
        }
    }

    @Test
    void noTextHoldsTheWordsTheEmulatorLooksFor() throws SQLException {
        for (String table : Schema.TABLES) {
            try (PreparedStatement ps = h2.prepareStatement("SELECT * FROM " + table); ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        if (md.getColumnType(i) == java.sql.Types.VARCHAR) {
                            assertThat(rs.getString(i)).as("%s.%s", table, md.getColumnName(i))
                                    .doesNotContain("ERROR").doesNotContain("Sorry");
                        }
                    }
                }
            }
        }
    }

    /** The servlets insert without ids: their new rows must get the ids after the generated ones. */
    @Test
    void identityCountersContinueAfterTheGeneratedRows() throws SQLException {
        Connection c = freshH2();
        try (c) {
            DataGenerator.Summary s = new DataGenerator(SCALE, SEED, NOW).generate(c);
            Timestamp now = Timestamp.from(NOW);
            assertThat(insert(c, "INSERT INTO users (firstname, lastname, nickname, password, email, rating, balance,"
                    + " creation_date, region) VALUES ('a', 'b', 'newbie', 'pw', 'e@x', 0, 0, ?, 1)", now))
                    .isEqualTo(SCALE.users() + 1);
            assertThat(insert(c, "INSERT INTO items (name, description, initial_price, quantity, reserve_price, buy_now,"
                    + " nb_of_bids, max_bid, start_date, end_date, seller, category)"
                    + " VALUES ('new', 'd', 1, 1, 0, 0, 0, 0, ?, ?, 1, 1)", now, now)).isEqualTo(SCALE.items() + 1);
            assertThat(insert(c, "INSERT INTO bids (user_id, item_id, qty, bid, max_bid, bid_date)"
                    + " VALUES (1, 1, 1, 1, 1, ?)", now)).isEqualTo(s.rows().get("bids") + 1);
            assertThat(insert(c, "INSERT INTO comments (from_user_id, to_user_id, item_id, rating, comment_date,"
                    + " comment_text) VALUES (1, 2, 1, 0, ?, 'fine')", now)).isEqualTo(SCALE.items() + 1);
            assertThat(insert(c, "INSERT INTO buy_now (buyer_id, item_id, qty, buy_date) VALUES (1, 1, 1, ?)", now))
                    .isEqualTo(1);
        }
    }

    @Test
    void sameSeedGivesIdenticalRowsAndAnotherSeedDoesNot() throws Exception {
        Map<String, String> first = digest(h2);
        try (Connection again = freshH2(); Connection otherSeed = freshH2()) {
            new DataGenerator(SCALE, SEED, NOW, DataGenerator.DEFAULT_BATCH_ROWS).generate(again);
            new DataGenerator(SCALE, SEED + 1, NOW).generate(otherSeed);
            assertThat(digest(again)).isEqualTo(first);
            Map<String, String> other = digest(otherSeed);
            assertThat(other.get("users")).isNotEqualTo(first.get("users"));
            assertThat(other.get("items")).isNotEqualTo(first.get("items"));
            assertThat(other.get("bids")).isNotEqualTo(first.get("bids"));
            assertThat(other.get("categories")).isEqualTo(first.get("categories"));
        }
    }

    @Test
    void refusesASchemaThatHoldsRows() throws SQLException {
        assertThatThrownBy(() -> new DataGenerator(SCALE, SEED, NOW).generate(h2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("empty");
        assertThat(DataGenerator.counts(h2).get("users")).isEqualTo(SCALE.users());
    }

    /** The data size read a page at a time equals the same sum computed by H2 in SQL, and its rows the counts. */
    @Test
    void databaseSizeSumsTheValuesOfEveryRow() throws SQLException {
        Map<String, DatabaseSize.Table> size = DatabaseSize.measure(h2, 7); // small pages: many page boundaries
        assertThat(DatabaseSize.measure(h2)).isEqualTo(size);
        Map<String, Long> rows = new LinkedHashMap<>();
        size.forEach((table, t) -> rows.put(table, t.rows()));
        assertThat(rows).isEqualTo(DataGenerator.counts(h2));
        // RUBiS text is ASCII, so characters are bytes; INTEGER 4, DECIMAL and TIMESTAMP 8, NULL nothing
        String item = "SUM(4 * 5 + 8 * 4 + CHAR_LENGTH(name) + COALESCE(CHAR_LENGTH(description), 0)"
                + " + CASE WHEN start_date IS NULL THEN 0 ELSE 8 END + CASE WHEN end_date IS NULL THEN 0 ELSE 8 END)";
        assertThat(size.get("items").bytes()).isEqualTo(scalar("SELECT " + item + " FROM items")).isPositive();
        assertThat(size.get("old_items").bytes()).isEqualTo(scalar("SELECT " + item + " FROM old_items"));
        assertThat(size.get("users").bytes()).isEqualTo(scalar("SELECT SUM(4 * 3 + 8 + COALESCE(CHAR_LENGTH(firstname), 0)"
                + " + COALESCE(CHAR_LENGTH(lastname), 0) + CHAR_LENGTH(nickname) + CHAR_LENGTH(password) + CHAR_LENGTH(email)"
                + " + CASE WHEN creation_date IS NULL THEN 0 ELSE 8 END) FROM users"));
        assertThat(size.get("bids").bytes()).isEqualTo(scalar("SELECT SUM(4 * 4 + 8 * 2"
                + " + CASE WHEN bid_date IS NULL THEN 0 ELSE 8 END) FROM bids"));
        assertThat(size.get("comments").bytes()).isEqualTo(scalar("SELECT SUM(4 * 4 + CASE WHEN rating IS NULL THEN 0 ELSE 4 END"
                + " + CASE WHEN comment_date IS NULL THEN 0 ELSE 8 END + COALESCE(CHAR_LENGTH(comment_text), 0)) FROM comments"));
        assertThat(DatabaseSize.totalRows(size)).isEqualTo(summary.totalRows());
    }

    /** The same generation through Chorus (H2, Derby and HSQLDB behind it): the SQL is portable. */
    @Test
    void throughChorusGivesTheSameRows() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:chorus:mem:datagen_it_chorus")) {
            Schema.create(c);
            DataGenerator.Summary s = new DataGenerator(SCALE, SEED, NOW).generate(c);
            assertThat(DataGenerator.counts(c)).isEqualTo(summary.rows()).isEqualTo(s.rows());
            assertThat(digest(c)).isEqualTo(digest(h2));
            assertThat(DatabaseSize.measure(c)).isEqualTo(DatabaseSize.measure(h2));
            assertThat(c.unwrap(ChorusConnection.class).verify().allEqual()).isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** SHA-256 of every table's rows in id order, values normalised so H2 and Chorus compare equal. */
    private static Map<String, String> digest(Connection c) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String table : Schema.TABLES) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        row.append(normalise(rs.getObject(i))).append('\u001f');
                    }
                    sha.update(row.append('\n').toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            out.put(table, HexFormat.of().formatHex(sha.digest()));
        }
        return out;
    }

    private static String normalise(Object value) {
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (value instanceof LocalDateTime t) {
            return t.toString();
        }
        return String.valueOf(value);
    }

    private long insert(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private long scalar(String sql) throws SQLException {
        return count(sql);
    }

    private long count(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = h2.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<String> column(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = h2.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
