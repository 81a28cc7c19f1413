package dev.chorus.rubis.db;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The size of a generated RUBiS database (SPEC.md sections 6, 7 and 9): users, old (closed) items, active items per
 * category, the maximum number of bids per item and the maximum description and comment lengths.
 *
 * <p>Named scales ({@link #of(String)}):
 * <ul>
 *   <li>{@code tiny}: 200 users, 100 old items, 60 active items; for tests.</li>
 *   <li>{@code small}: 5,000 users, 2,500 old items, 660 active items; the default of the main job (a run of a few
 *       minutes on a 2-core machine through Chorus).</li>
 *   <li>{@code 100mb}: 100,000 users, 50,000 old items, 3,267 active items, about 0.5 M bids: SPEC 9's downscaled
 *       (1/10) variant.</li>
 *   <li>{@code 1gb}: 1,000,000 users, 500,000 old items, 32,667 active items (the categories file's quotas exactly),
 *       about 5 M bids: the VM-FIT paper's database (SPEC 9).</li>
 * </ul>
 * Every named scale has 20 bids at most per item (0..19 per item, SPEC 6) and the same text limits,
 * {@value #DESCRIPTION_MAX_LENGTH} characters of description and {@value #COMMENT_MAX_LENGTH} of comment. RUBiS's
 * defaults (8,192 and 2,048) would make the {@code 1gb} database about 3 GB of SQL dump instead of the paper's 1 GB
 * (SPEC 9): the limits chosen are those of the generator before 2003, which truncated descriptions to one paragraph of
 * about 1.3 kB and comments to one sentence of at most 96 characters. "Size" is measured as the paper's, a SQL dump:
 * H2's {@code SCRIPT} of the generated {@code 1gb} database is 1.07 GB (1.00 GiB; old_items and bids about 40 % each,
 * users 14 %, comments 6 %), of {@code 100mb} 105 MB. A custom scale may set other limits (at most the schema's
 * column sizes, 8,192 and 2,048).
 *
 * <p>Active items per category: the quotas of {@code ebay_simple_categories.txt} (sum 32,667) scaled to the scale's
 * active-item count by largest remainders (ties to the earlier category), then every category raised to at least 1
 * item, taken from the category holding the most items above its exact share. At the full count the file's quotas come
 * out exactly.
 *
 * <p>A custom scale is written {@code users=U,old=O,active=A} with optional {@code bids=B} (max bids per item, each
 * item gets 0..B-1), {@code desc=D} and {@code comment=C}, in any order; see {@link #of(String)}.
 *
 * @param name                 the scale's name ({@code tiny}, ..., or the custom form)
 * @param users                users, ids 1..users
 * @param oldItems             closed auctions in {@code old_items}, ids 1..oldItems
 * @param activePerCategory    active items (in {@code items}) per category, in category id order (index 0 = id 1)
 * @param maxBidsPerItem       each item gets U[0, maxBidsPerItem - 1] bids
 * @param descriptionMaxLength item descriptions are U[1, this] characters long
 * @param commentMaxLength     comments are U[1, this] characters long
 */
public record Scale(String name, int users, int oldItems, List<Integer> activePerCategory, int maxBidsPerItem,
                    int descriptionMaxLength, int commentMaxLength) {

    /** Maximum bids per item in RUBiS's configuration (SPEC 6). */
    public static final int MAX_BIDS_PER_ITEM = 20;
    /** Description limit of every named scale (see the class comment for the choice). */
    public static final int DESCRIPTION_MAX_LENGTH = 1_300;
    /** Comment limit of every named scale (see the class comment for the choice). */
    public static final int COMMENT_MAX_LENGTH = 96;
    /** The schema's limits ({@code description VARCHAR(8192)}, {@code comment_text VARCHAR(2048)}). */
    public static final int SCHEMA_DESCRIPTION_LENGTH = 8_192;
    public static final int SCHEMA_COMMENT_LENGTH = 2_048;

    public static final Scale TINY = named("tiny", 200, 100, 60);
    public static final Scale SMALL = named("small", 5_000, 2_500, 660);
    public static final Scale MB100 = named("100mb", 100_000, 50_000, 3_267);
    public static final Scale GB1 = named("1gb", 1_000_000, 500_000, fullActiveItems());

    /** The named scales, in increasing size. */
    public static final List<Scale> NAMED = List.of(TINY, SMALL, MB100, GB1);

    /** The scale a run uses when none is given. */
    public static final Scale DEFAULT = SMALL;

    public Scale {
        activePerCategory = List.copyOf(activePerCategory);
        int categories = ReferenceData.categories().size();
        if (activePerCategory.size() != categories) {
            throw new IllegalArgumentException("need " + categories + " category quotas, got " + activePerCategory.size());
        }
        if (activePerCategory.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("every category needs at least one active item: " + activePerCategory);
        }
        if (users < 1 || oldItems < 0 || maxBidsPerItem < 1) {
            throw new IllegalArgumentException("need users >= 1, old items >= 0, max bids per item >= 1");
        }
        if (descriptionMaxLength < 1 || descriptionMaxLength > SCHEMA_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("description max length must be 1.." + SCHEMA_DESCRIPTION_LENGTH);
        }
        if (commentMaxLength < 1 || commentMaxLength > SCHEMA_COMMENT_LENGTH) {
            throw new IllegalArgumentException("comment max length must be 1.." + SCHEMA_COMMENT_LENGTH);
        }
        if ((long) oldItems + activePerCategory.stream().mapToLong(Integer::longValue).sum() > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("too many items");
        }
    }

    /** Active items (rows of {@code items}). */
    public int activeItems() {
        return activePerCategory.stream().mapToInt(Integer::intValue).sum();
    }

    /** Old plus active items; item ids are 1..items(). */
    public int items() {
        return oldItems + activeItems();
    }

    /** Expected number of bids (each item draws U[0, maxBidsPerItem - 1]). */
    public double expectedBids() {
        return items() * (maxBidsPerItem - 1) / 2.0;
    }

    /**
     * A scale by name: {@code tiny}, {@code small}, {@code 100mb}, {@code 1gb} (case-insensitive), or the custom form
     * {@code users=U,old=O,active=A[,bids=B][,desc=D][,comment=C]} (defaults: bids 20, desc and comment as the named
     * scales). Active must be at least the number of categories (20).
     *
     * @throws IllegalArgumentException for an unknown name or a malformed custom form
     */
    public static Scale of(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        for (Scale scale : NAMED) {
            if (scale.name.equals(s)) {
                return scale;
            }
        }
        if (!s.contains("=")) {
            throw new IllegalArgumentException("unknown scale '" + text + "': use one of "
                    + NAMED.stream().map(Scale::name).toList() + " or users=U,old=O,active=A[,bids=B][,desc=D][,comment=C]");
        }
        Map<String, Integer> values = new LinkedHashMap<>();
        for (String part : s.split(",")) {
            String[] kv = part.split("=", -1);
            if (kv.length != 2) {
                throw new IllegalArgumentException("malformed scale part '" + part.strip() + "' in '" + text + "'");
            }
            String key = kv[0].strip();
            if (!List.of("users", "old", "active", "bids", "desc", "comment").contains(key)) {
                throw new IllegalArgumentException("unknown scale key '" + key + "' in '" + text + "'");
            }
            try {
                if (values.put(key, Integer.parseInt(kv[1].strip().replace("_", ""))) != null) {
                    throw new IllegalArgumentException("scale key '" + key + "' given twice in '" + text + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("scale key '" + key + "' needs an integer in '" + text + "'", e);
            }
        }
        for (String required : List.of("users", "old", "active")) {
            if (!values.containsKey(required)) {
                throw new IllegalArgumentException("custom scale '" + text + "' lacks " + required + "=");
            }
        }
        return custom(values.get("users"), values.get("old"), values.get("active"),
                values.getOrDefault("bids", MAX_BIDS_PER_ITEM), values.getOrDefault("desc", DESCRIPTION_MAX_LENGTH),
                values.getOrDefault("comment", COMMENT_MAX_LENGTH));
    }

    /** A custom scale; its name is the custom form {@link #of(String)} parses back to it. */
    public static Scale custom(int users, int oldItems, int activeItems, int maxBidsPerItem, int descriptionMaxLength,
                               int commentMaxLength) {
        String name = "users=" + users + ",old=" + oldItems + ",active=" + activeItems + ",bids=" + maxBidsPerItem
                + ",desc=" + descriptionMaxLength + ",comment=" + commentMaxLength;
        return new Scale(name, users, oldItems, categoryQuotas(activeItems), maxBidsPerItem, descriptionMaxLength,
                commentMaxLength);
    }

    private static Scale named(String name, int users, int oldItems, int activeItems) {
        return new Scale(name, users, oldItems, categoryQuotas(activeItems), MAX_BIDS_PER_ITEM, DESCRIPTION_MAX_LENGTH,
                COMMENT_MAX_LENGTH);
    }

    private static int fullActiveItems() {
        return ReferenceData.categories().stream().mapToInt(ReferenceData.Category::activeItems).sum();
    }

    /**
     * The categories file's active-item quotas scaled to {@code activeItems} in total: largest remainders, then every
     * category raised to 1 at the expense of the category with the largest surplus over its exact share (see the class
     * comment). The result sums to {@code activeItems}; at the file's own total it is the file's quotas.
     *
     * @throws IllegalArgumentException if activeItems is less than the number of categories
     */
    public static List<Integer> categoryQuotas(int activeItems) {
        List<ReferenceData.Category> categories = ReferenceData.categories();
        int n = categories.size();
        if (activeItems < n) {
            throw new IllegalArgumentException("need at least " + n + " active items (one per category), got " + activeItems);
        }
        long full = fullActiveItems();
        int[] quota = new int[n];
        long[] remainder = new long[n]; // numerator of the fractional part, over `full`
        int given = 0;
        for (int i = 0; i < n; i++) {
            long numerator = (long) activeItems * categories.get(i).activeItems();
            quota[i] = (int) (numerator / full);
            remainder[i] = numerator % full;
            given += quota[i];
        }
        List<Integer> byRemainder = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byRemainder.add(i);
        }
        byRemainder.sort(Comparator.comparingLong((Integer i) -> -remainder[i]).thenComparingInt(i -> i));
        for (int k = 0; given < activeItems; k++, given++) {
            quota[byRemainder.get(k)]++;
        }
        for (int i = 0; i < n; i++) {
            while (quota[i] < 1) {
                int donor = -1;
                double bestSurplus = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double surplus = quota[j] - (double) activeItems * categories.get(j).activeItems() / full;
                    if (quota[j] > 1 && surplus > bestSurplus) {
                        bestSurplus = surplus;
                        donor = j;
                    }
                }
                quota[donor]--;
                quota[i]++;
            }
        }
        List<Integer> out = new ArrayList<>(n);
        for (int q : quota) {
            out.add(q);
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return name + " (" + users + " users, " + oldItems + " old items, " + activeItems() + " active items)";
    }
}
