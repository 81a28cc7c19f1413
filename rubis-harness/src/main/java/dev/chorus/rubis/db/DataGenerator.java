package dev.chorus.rubis.db;

import dev.chorus.driver.ChorusConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Fills a freshly created RUBiS schema ({@link Schema#create}) with a seeded, deterministic database of a given
 * {@link Scale}: the same scale, seed and generation time give identical rows, timestamps included. It writes through
 * any {@link Connection} (plain H2, or Chorus with {@code jdbc:chorus:...}) with portable batched inserts, auto-commit
 * off, a commit every {@link #DEFAULT_BATCH_ROWS} rows.
 *
 * <p>What follows SPEC.md section 7 (RUBiS's InitDB):
 * <ul>
 *   <li>Categories and regions with ids 1.. in file order, names exactly as in the files (the region
 *       {@code "MA--Boston "} keeps its trailing space).</li>
 *   <li>Users i = 1..N: firstname {@code Great<i>}, lastname {@code User<i>}, nickname {@code user<i>}, password
 *       {@code password<i>}, email {@code Great<i>.User<i>@rubis.com}, region (i - 1) mod 62 + 1, balance 0, creation
 *       date the generation time, rating the sum of the ratings of the comments they receive.</li>
 *   <li>Items k = 1..O+A, the O old ones first: name {@code RUBiS automatically generated item #k}, description the
 *       first U[1, max] characters of a fixed paragraph repeated, initial price U[1, 5000], duration d = U[1, 7] days,
 *       seller U[1, N], category (k - 1) mod 20 moving on past the categories whose active quota is used up (only
 *       active items consume the quotas, so the active items match the scale's quotas exactly); reserve price
 *       initial + U[0, 999] for the first 40 % of a group, buy-now price initial + reserve + U[0, 999] for the first
 *       10 %, quantity 1 for the first 80 % and U[1, 10] for the rest.</li>
 *   <li>Bids: U[0, maxBids - 1] per item (old and active); bid j by user U[1, N] with a = U[1, 10]: bid = p + a,
 *       max_bid = p + 2a, qty U[1, item quantity], then p grows by a (p starts at the initial price); dated the
 *       generation time.</li>
 *   <li>Comments: exactly one per item, from user U[1, N] to the item's seller, rating uniform over
 *       {-5, -3, 0, 3, 5}, text the first U[1, max] characters of a fixed sentence per rating repeated; dated the
 *       generation time. {@code buy_now} stays empty.</li>
 * </ul>
 *
 * <p>Where it departs:
 * <ul>
 *   <li>Rows go in by JDBC, not through the servlets. The servlets' side effects are computed in memory and the final
 *       values inserted: items' {@code nb_of_bids} and {@code max_bid}, users' {@code rating}.</li>
 *   <li>Quirk decision 5 (contract): the reserve / buy-now / quantity split applies within each group, old items and
 *       active items alike (RUBiS compared the global index, so no active item got a reserve or buy-now price).</li>
 *   <li>Quirk decision 3: {@code items.max_bid} is the highest bid amount, not the highest proxy maximum.</li>
 *   <li>Old items go straight to {@code old_items} (RUBiS inserted them into {@code items} and moved them by hand);
 *       they start at the generation time and end d days before it (RUBiS's negative duration, kept: their start date
 *       lies after their end date). Active items have RUBiS's "refresh" built in: they start at the generation time
 *       and end d days after it (the refresh script used 7 days for every item; we keep the drawn duration so end
 *       dates spread over the week).</li>
 *   <li>Ids: categories, regions and old items are given explicitly. Users, items, bids and comments get theirs from
 *       the identity columns, in generation order, and the generator checks at the end that they came out 1..n (items
 *       O+1..O+A): on H2 and through Chorus an explicit value does not move an identity counter, so explicit ids would
 *       make the servlets' later inserts (which take generated keys) collide with the loaded rows. The items counter
 *       is moved past the old items' ids by inserting placeholder rows (copied from {@code old_items}) and deleting
 *       them before the active items go in. Hence the target must be a freshly created schema (checked: every table
 *       empty at the start, ids checked at the end).</li>
 *   <li>Through Chorus the load waits every {@value #CATCH_UP_ROWS} rows, and at the end, until every replica has
 *       caught up ({@link ChorusConnection#awaitReplicasCaughtUp}): the quorum answers as soon as the two fastest
 *       replicas are done, and in a bulk load the slowest one (Derby) would otherwise fall more than {@code maxLag}
 *       behind and be marked SUSPECT (seen with the {@code 100mb} scale and a 2 GB heap), leaving the benchmark to run
 *       on a degraded database with a recovery under way.</li>
 *   <li>The generation time is truncated to whole seconds (MySQL's DATETIME; equal on every engine behind Chorus).</li>
 *   <li>Randomness: each item draws from its own {@link SplittableRandom} seeded from the seed and the item id, so
 *       the data does not depend on the order of the work; RUBiS's sequence is not reproduced. Texts are our own
 *       ({@link GeneratedText}), and lengths are capped by the scale (see {@link Scale}).</li>
 * </ul>
 */
public final class DataGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(DataGenerator.class);

    /** The seed runs use unless told otherwise. */
    public static final long DEFAULT_SEED = 20_030_101L;
    /** Rows (of all tables) per batch and per commit. */
    public static final int DEFAULT_BATCH_ROWS = 2_000;

    // InitDB's parameters (SPEC.md section 6).
    static final int PERCENT_RESERVE_PRICE = 40;
    static final int PERCENT_BUY_NOW = 10;
    static final int PERCENT_UNIQUE_ITEMS = 80;
    static final int MAX_QUANTITY = 10;
    static final int MAX_INITIAL_PRICE = 5_000;
    static final int MAX_DURATION_DAYS = 7;
    static final int MAX_PRICE_ADDITION = 999;
    static final int MAX_BID_INCREMENT = 10;

    /** Through Chorus: rows written between two waits for the slowest replica (see the class comment). */
    static final int CATCH_UP_ROWS = 20_000;
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(10);
    /** Placeholder rows per statement when moving the items identity counter past the old items' ids. */
    private static final int ID_ADVANCE_CHUNK = 10_000;
    /** Phases with at least this many rows log their progress at INFO (every 10 %), smaller ones at DEBUG. */
    private static final long PROGRESS_INFO_ROWS = 50_000;

    /**
     * What a generation wrote.
     *
     * @param scale          the scale's name
     * @param seed           the seed
     * @param generationTime the generation time ("now" of the generated data), whole seconds
     * @param rows           rows per table, in {@link Schema#TABLES} order
     * @param seconds        wall-clock seconds the generation took
     */
    public record Summary(String scale, long seed, Instant generationTime, Map<String, Long> rows, double seconds) {
        public Summary {
            rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
        }

        /** Rows of all tables. */
        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Scale scale;
    private final long seed;
    private final Instant generationTime;
    private final int batchRows;
    private final GeneratedText text;

    /** A generator with the default batch size; {@code generationTime} is truncated to whole seconds. */
    public DataGenerator(Scale scale, long seed, Instant generationTime) {
        this(scale, seed, generationTime, DEFAULT_BATCH_ROWS);
    }

    /** A generator whose generation time is the clock's instant (truncated to whole seconds). */
    public DataGenerator(Scale scale, long seed, Clock clock) {
        this(scale, seed, clock.instant());
    }

    /**
     * @param batchRows rows (of all tables together) per JDBC batch and per commit
     */
    public DataGenerator(Scale scale, long seed, Instant generationTime, int batchRows) {
        this.scale = Objects.requireNonNull(scale, "scale");
        this.seed = seed;
        this.generationTime = Objects.requireNonNull(generationTime, "generationTime").truncatedTo(ChronoUnit.SECONDS);
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive");
        }
        this.batchRows = batchRows;
        this.text = new GeneratedText(scale.descriptionMaxLength(), scale.commentMaxLength());
    }

    public Scale scale() {
        return scale;
    }

    public long seed() {
        return seed;
    }

    /** The "now" of the generated data, whole seconds. */
    public Instant generationTime() {
        return generationTime;
    }

    /**
     * Generates the database into {@code c}, whose schema must have been created by {@link Schema#create} and be
     * empty. Auto-commit is switched off meanwhile (and restored); on failure the open transaction is rolled back and
     * the rows committed so far stay.
     *
     * @throws IllegalStateException if a table is not empty, or the identity columns did not number the rows 1..n
     */
    public Summary generate(Connection c) throws SQLException {
        long started = System.nanoTime();
        LOG.info("Generating RUBiS data: scale {}, {} bids expected, seed {}, generation time {}", scale,
                Math.round(scale.expectedBids()), seed, generationTime);
        requireEmpty(c);
        Target target = new Target(c);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String table : Schema.TABLES) {
                rows.put(table, 0L);
            }
            rows.put("categories", insertCategories(c));
            rows.put("regions", insertRegions(c));
            rows.put("users", insertUsers(target, sellerRatings()));
            insertItems(target, rows);
            c.commit();
            target.catchUp();
            checkIds(c, rows);
            double seconds = (System.nanoTime() - started) / 1e9;
            Summary summary = new Summary(scale.name(), seed, generationTime, rows, seconds);
            LOG.info("Generated RUBiS data ({}) in {} s: {}", scale.name(),
                    String.format(java.util.Locale.ROOT, "%.1f", seconds), rows);
            return summary;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Row counts of every table of the schema, in {@link Schema#TABLES} order. */
    public static Map<String, Long> counts(Connection c) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String table : Schema.TABLES) {
            // the table name comes from the schema's constant list; nothing here is a value
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                out.put(table, rs.getLong(1));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Phases

    private static void requireEmpty(Connection c) throws SQLException {
        Map<String, Long> counts = counts(c);
        counts.values().removeIf(n -> n == 0);
        if (!counts.isEmpty()) {
            throw new IllegalStateException("RUBiS data must be generated into a freshly created, empty schema;"
                    + " rows found: " + counts);
        }
    }

    private long insertCategories(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO categories (id, name) VALUES (?, ?)")) {
            for (ReferenceData.Category category : ReferenceData.categories()) {
                ps.setInt(1, category.id());
                ps.setString(2, category.name());
                ps.addBatch();
            }
            checkBatch(ps.executeBatch(), "categories");
        }
        c.commit();
        return ReferenceData.categories().size();
    }

    private long insertRegions(Connection c) throws SQLException {
        List<String> regions = ReferenceData.regions();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO regions (id, name) VALUES (?, ?)")) {
            for (int i = 0; i < regions.size(); i++) {
                ps.setInt(1, i + 1);
                ps.setString(2, regions.get(i));
                ps.addBatch();
            }
            checkBatch(ps.executeBatch(), "regions");
        }
        c.commit();
        return regions.size();
    }

    /** Users' final ratings (index = user id): the sum of the ratings of the comments on the items they sell. */
    private int[] sellerRatings() {
        int[] rating = new int[scale.users() + 1];
        for (int id = 1; id <= scale.items(); id++) {
            ItemPlan item = plan(id);
            rating[item.seller] += GeneratedText.RATINGS[item.ratingIndex];
        }
        return rating;
    }

    private long insertUsers(Target target, int[] rating) throws SQLException {
        Connection c = target.c;
        int regions = ReferenceData.regions().size();
        Timestamp now = Timestamp.from(generationTime);
        Progress progress = new Progress("users", scale.users());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (firstname, lastname, nickname, password,"
                + " email, rating, balance, creation_date, region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Batches batches = new Batches(target, List.of(ps));
            for (int i = 1; i <= scale.users(); i++) {
                String first = "Great" + i;
                String last = "User" + i;
                ps.setString(1, first);
                ps.setString(2, last);
                ps.setString(3, "user" + i);
                ps.setString(4, "password" + i);
                ps.setString(5, first + "." + last + "@rubis.com");
                ps.setInt(6, rating[i]);
                ps.setBigDecimal(7, BigDecimal.ZERO);
                ps.setTimestamp(8, now);
                ps.setInt(9, (i - 1) % regions + 1);
                batches.add(0);
                progress.done(i);
            }
            batches.flush();
        }
        return scale.users();
    }

    /** Old items into old_items, active ones into items, with their bids and comments. */
    private void insertItems(Target target, Map<String, Long> rows) throws SQLException {
        Connection c = target.c;
        String columns = "name, description, initial_price, quantity, reserve_price, buy_now, nb_of_bids, max_bid,"
                + " start_date, end_date, seller, category";
        try (PreparedStatement oldItems = c.prepareStatement("INSERT INTO old_items (id, " + columns + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement activeItems = c.prepareStatement("INSERT INTO items (" + columns + ")"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement bids = c.prepareStatement("INSERT INTO bids (user_id, item_id, qty, bid, max_bid,"
                     + " bid_date) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement comments = c.prepareStatement("INSERT INTO comments (from_user_id, to_user_id, item_id,"
                     + " rating, comment_date, comment_text) VALUES (?, ?, ?, ?, ?, ?)")) {
            Timestamp now = Timestamp.from(generationTime);
            Timestamp[] endAfter = new Timestamp[MAX_DURATION_DAYS + 1];
            Timestamp[] endBefore = new Timestamp[MAX_DURATION_DAYS + 1];
            for (int d = 1; d <= MAX_DURATION_DAYS; d++) {
                endAfter[d] = Timestamp.from(generationTime.plus(Duration.ofDays(d)));
                endBefore[d] = Timestamp.from(generationTime.minus(Duration.ofDays(d)));
            }
            CategoryCursor categories = new CategoryCursor();
            long bidRows = 0;
            Progress progress = new Progress("items", scale.items());

            Batches batches = new Batches(target, List.of(oldItems, bids, comments));
            for (int id = 1; id <= scale.items(); id++) {
                if (id == scale.oldItems() + 1) {
                    batches.flush();
                    advanceItemIds(target);
                    batches = new Batches(target, List.of(activeItems, bids, comments));
                }
                boolean old = id <= scale.oldItems();
                ItemPlan item = plan(id);
                PreparedStatement items = old ? oldItems : activeItems;
                int p = 1;
                if (old) {
                    items.setInt(p++, id);
                }
                items.setString(p++, GeneratedText.itemName(id));
                items.setString(p++, text.description(item.descriptionLength));
                items.setBigDecimal(p++, BigDecimal.valueOf(item.initialPrice));
                items.setInt(p++, item.quantity);
                items.setBigDecimal(p++, BigDecimal.valueOf(item.reservePrice));
                items.setBigDecimal(p++, BigDecimal.valueOf(item.buyNow));
                items.setInt(p++, item.nbOfBids());
                items.setBigDecimal(p++, BigDecimal.valueOf(item.maxBid()));
                items.setTimestamp(p++, now);
                items.setTimestamp(p++, old ? endBefore[item.durationDays] : endAfter[item.durationDays]);
                items.setInt(p++, item.seller);
                items.setInt(p, categories.next(id));
                batches.add(0);

                int price = item.initialPrice;
                for (int j = 0; j < item.nbOfBids(); j++) {
                    int a = item.bidIncrements[j];
                    bids.setInt(1, item.bidUsers[j]);
                    bids.setInt(2, id);
                    bids.setInt(3, item.bidQuantities[j]);
                    bids.setBigDecimal(4, BigDecimal.valueOf(price + a));
                    bids.setBigDecimal(5, BigDecimal.valueOf(price + 2L * a));
                    bids.setTimestamp(6, now);
                    batches.add(1);
                    price += a;
                }
                bidRows += item.nbOfBids();

                comments.setInt(1, item.commentFrom);
                comments.setInt(2, item.seller);
                comments.setInt(3, id);
                comments.setInt(4, GeneratedText.RATINGS[item.ratingIndex]);
                comments.setTimestamp(5, now);
                comments.setString(6, text.comment(item.ratingIndex, item.commentLength));
                batches.add(2);
                progress.done(id);
            }
            batches.flush();
            rows.put("items", (long) scale.activeItems());
            rows.put("old_items", (long) scale.oldItems());
            rows.put("bids", bidRows);
            rows.put("comments", (long) scale.items());
        }
    }

    /**
     * Moves the identity counter of {@code items} past the old items' ids 1..O: inserts O placeholder rows (copies of
     * the old items' short columns, so the statement is one portable INSERT ... SELECT) without ids, and deletes them.
     */
    private void advanceItemIds(Target target) throws SQLException {
        Connection c = target.c;
        if (scale.oldItems() == 0) {
            return;
        }
        LOG.debug("Moving the items id counter past {} old items", scale.oldItems());
        try (PreparedStatement copy = c.prepareStatement("INSERT INTO items (name, initial_price, quantity, seller,"
                + " category) SELECT name, initial_price, quantity, seller, category FROM old_items"
                + " WHERE id BETWEEN ? AND ?");
             PreparedStatement delete = c.prepareStatement("DELETE FROM items")) {
            for (int from = 1; from <= scale.oldItems(); from += ID_ADVANCE_CHUNK) {
                int to = Math.min(scale.oldItems(), from + ID_ADVANCE_CHUNK - 1);
                copy.setInt(1, from);
                copy.setInt(2, to);
                int copied = copy.executeUpdate();
                int deleted = delete.executeUpdate();
                if (copied != to - from + 1 || deleted != copied) {
                    throw new IllegalStateException("moving the items id counter: copied " + copied + ", deleted "
                            + deleted + " placeholder rows, expected " + (to - from + 1));
                }
                c.commit();
                target.committed(2L * copied);
            }
        }
    }

    /** Checks that the identity columns numbered the rows as generated (see the class comment). */
    private void checkIds(Connection c, Map<String, Long> rows) throws SQLException {
        checkIds(c, "users", 1, rows.get("users"));
        checkIds(c, "items", scale.oldItems() + 1L, rows.get("items"));
        checkIds(c, "old_items", 1, rows.get("old_items"));
        checkIds(c, "bids", 1, rows.get("bids"));
        checkIds(c, "comments", 1, rows.get("comments"));
    }

    private static void checkIds(Connection c, String table, long first, long count) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), MIN(id), MAX(id) FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            long min = rs.getLong(2);
            long max = rs.getLong(3);
            if (n != count || (count > 0 && (min != first || max != first + count - 1))) {
                throw new IllegalStateException(table + " holds " + n + " rows with ids " + min + ".." + max
                        + ", expected " + count + " rows with ids " + first + ".." + (first + count - 1)
                        + ": the identity counter did not start at 1 (generate into a freshly created schema)");
            }
        }
    }

    private static void checkBatch(int[] counts, String table) {
        for (int n : counts) {
            if (n == Statement.EXECUTE_FAILED) {
                throw new IllegalStateException("a batched insert into " + table + " failed");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Drawing

    /** Everything drawn for one item; its texts are built from the lengths. */
    private record ItemPlan(int seller, int initialPrice, int reservePrice, int buyNow, int quantity, int durationDays,
                            int descriptionLength, int[] bidUsers, int[] bidIncrements, int[] bidQuantities,
                            int commentFrom, int ratingIndex, int commentLength) {
        int nbOfBids() {
            return bidUsers.length;
        }

        /** The highest bid amount (the last bid: amounts grow), 0 without bids. */
        long maxBid() {
            if (bidIncrements.length == 0) {
                return 0;
            }
            long price = initialPrice;
            for (int a : bidIncrements) {
                price += a;
            }
            return price;
        }
    }

    /** Draws item {@code id} from its own random stream: the same id always gives the same plan. */
    private ItemPlan plan(int id) {
        SplittableRandom r = new SplittableRandom(mix64(seed + 0x9E3779B97F4A7C15L * id));
        boolean old = id <= scale.oldItems();
        long group = old ? scale.oldItems() : scale.activeItems();
        long index = old ? id - 1 : id - 1 - scale.oldItems();
        int users = scale.users();

        int seller = 1 + r.nextInt(users);
        int initialPrice = 1 + r.nextInt(MAX_INITIAL_PRICE);
        int duration = 1 + r.nextInt(MAX_DURATION_DAYS);
        int reserveAddition = r.nextInt(MAX_PRICE_ADDITION + 1);
        int buyNowAddition = r.nextInt(MAX_PRICE_ADDITION + 1);
        int multipleQuantity = 1 + r.nextInt(MAX_QUANTITY);
        int reservePrice = index < group * PERCENT_RESERVE_PRICE / 100 ? initialPrice + reserveAddition : 0;
        int buyNow = index < group * PERCENT_BUY_NOW / 100 ? initialPrice + reservePrice + buyNowAddition : 0;
        int quantity = index < group * PERCENT_UNIQUE_ITEMS / 100 ? 1 : multipleQuantity;
        int descriptionLength = 1 + r.nextInt(scale.descriptionMaxLength());

        int nbOfBids = r.nextInt(scale.maxBidsPerItem());
        int[] bidUsers = new int[nbOfBids];
        int[] bidIncrements = new int[nbOfBids];
        int[] bidQuantities = new int[nbOfBids];
        for (int j = 0; j < nbOfBids; j++) {
            bidUsers[j] = 1 + r.nextInt(users);
            bidIncrements[j] = 1 + r.nextInt(MAX_BID_INCREMENT);
            bidQuantities[j] = 1 + r.nextInt(quantity);
        }
        int commentFrom = 1 + r.nextInt(users);
        int ratingIndex = r.nextInt(GeneratedText.RATINGS.length);
        int commentLength = 1 + r.nextInt(scale.commentMaxLength());
        return new ItemPlan(seller, initialPrice, reservePrice, buyNow, quantity, duration, descriptionLength, bidUsers,
                bidIncrements, bidQuantities, commentFrom, ratingIndex, commentLength);
    }

    /** SplitMix64's finaliser: spreads the per-item seeds. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * RUBiS's category choice: item k starts at category (k - 1) mod 20; active items move on past the categories
     * whose quota is used up and consume one unit of quota. Called for ids 1, 2, ... in order.
     */
    private final class CategoryCursor {
        private final int[] remaining = scale.activePerCategory().stream().mapToInt(Integer::intValue).toArray();

        int next(int id) {
            int category = (id - 1) % remaining.length;
            if (id > scale.oldItems()) {
                while (remaining[category] == 0) {
                    category = (category + 1) % remaining.length;
                }
                remaining[category]--;
            }
            return category + 1;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Loading

    /** The connection loaded, and on Chorus the pacing of the load by the slowest replica. */
    private static final class Target {
        final Connection c;
        private final ChorusConnection chorus;
        private long sinceCatchUp;

        Target(Connection c) throws SQLException {
            this.c = c;
            this.chorus = c.isWrapperFor(ChorusConnection.class) ? c.unwrap(ChorusConnection.class) : null;
        }

        /** Counts committed rows; through Chorus waits for every replica every {@link #CATCH_UP_ROWS} rows. */
        void committed(long rows) throws SQLException {
            sinceCatchUp += rows;
            if (sinceCatchUp >= CATCH_UP_ROWS) {
                catchUp();
            }
        }

        /** Through Chorus: waits until every healthy replica has caught up with the quorum. */
        void catchUp() throws SQLException {
            sinceCatchUp = 0;
            if (chorus == null) {
                return;
            }
            try {
                if (!chorus.awaitReplicasCaughtUp(CATCH_UP_TIMEOUT)) {
                    LOG.warn("Chorus's replicas did not catch up with the quorum within {}", CATCH_UP_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for Chorus's replicas to catch up", e);
            }
        }
    }

    /** Batched statements executed in a fixed order (so generated ids follow the generation order) and committed. */
    private final class Batches {
        private final Target target;
        private final Connection c;
        private final List<PreparedStatement> statements;
        private final int[] queued;
        private int pending;

        Batches(Target target, List<PreparedStatement> statements) {
            this.target = target;
            this.c = target.c;
            this.statements = statements;
            this.queued = new int[statements.size()];
        }

        /** Adds the parameters set on statement {@code index} to its batch; flushes every {@code batchRows} rows. */
        void add(int index) throws SQLException {
            statements.get(index).addBatch();
            queued[index]++;
            if (++pending >= batchRows) {
                flush();
            }
        }

        /** Executes every statement's batch, in order, and commits. */
        void flush() throws SQLException {
            for (int i = 0; i < statements.size(); i++) {
                if (queued[i] > 0) {
                    int[] counts = statements.get(i).executeBatch();
                    checkBatch(counts, "a RUBiS table");
                    queued[i] = 0;
                }
            }
            c.commit();
            target.committed(pending);
            pending = 0;
        }
    }

    /** Logs a phase's progress every 10 % (INFO for big phases, DEBUG for small ones). */
    private static final class Progress {
        private final String phase;
        private final long total;
        private final boolean info;
        private int nextTenth = 1;

        Progress(String phase, long total) {
            this.phase = phase;
            this.total = total;
            this.info = total >= PROGRESS_INFO_ROWS;
        }

        void done(long count) {
            if (total > 0 && count * 10 >= nextTenth * total) {
                int percent = (int) (count * 100 / total);
                if (info) {
                    LOG.info("RUBiS data: {} {} % ({} of {})", phase, percent, count, total);
                } else {
                    LOG.debug("RUBiS data: {} {} % ({} of {})", phase, percent, count, total);
                }
                while (count * 10 >= nextTenth * total) {
                    nextTenth++;
                }
            }
        }
    }
}
