package dev.chorus.rubis.emulator;

import dev.chorus.rubis.db.ReferenceData;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds the request (path and query string) of each state for one emulated user, per SPEC.md section 5.3 and the
 * harness contract's URLs and parameter names, taking ids from the previous page.
 *
 * <p>Decisions:
 * <ul>
 *   <li>Quirk 2 (0-based ids): FIXED. Categories are drawn uniformly from ids 1..20 (file order), regions (for
 *       SearchItemsInRegion) from ids 1..62, and the user id sent by StoreBid, StoreBuyNow, StoreComment
 *       ({@code from}), SellItemForm ({@code user}) and RegisterItem is the logged-in user's real id u+1.</li>
 *   <li>Quirk 6 (short texts): KEPT. A comment is a prefix of one fixed sentence per rating and an item description a
 *       prefix of one fixed paragraph: the nominal length (U[1,2048], resp. U[1,8192]) is reduced modulo the text's
 *       length (a prefix of 1..length characters). The texts are ours and never contain {@code ERROR} or
 *       {@code Sorry}.</li>
 *   <li>Ids from the previous page: {@code itemId} is chosen uniformly among the page's {@code itemId=} link
 *       occurrences (for the follow-ups of a form — BuyNow, PutBid, PutComment and the Store* requests — the form's
 *       hidden {@code itemId} is preferred); then the hidden field, then the last item id sent. {@code userId} for
 *       ViewUserInfo is the first {@code userId=} link, else the last one sent. {@code to} is the hidden field on form
 *       pages, else the first {@code to=} link, else the first {@code userId=} link (the seller on an item page),
 *       else the last {@code to} seen on a page or sent. {@code page} for searches: 0 without {@code page=} links,
 *       else uniform over the distinct values (one link: that one; "previous" and "next": 50/50). When an id is still
 *       missing, {@link #path} returns null and the client goes back (SPEC: "still none &rarr; back").</li>
 *   <li>A form value the emulator needs but cannot find: {@code maxQty} defaults to 1 (a quantity of at least 1 is
 *       always sent); a missing {@code minBid} makes StoreBid go back like a missing id. RegisterItem takes the
 *       category from the SellItemForm's hidden {@code categoryId} when present (it echoes the uniformly drawn
 *       category), else draws one.</li>
 * </ul>
 * Not thread-safe: one instance per emulated client, using that client's random generator.
 */
final class RequestFactory {
    static final String BASE = "/rubis";
    static final String SERVLET = BASE + "/servlet/";

    private static final int[] RATINGS = {-5, -3, 0, 3, 5};
    private static final String[] COMMENTS = {
        "Very disappointing purchase: the item did not match its description and shipping was slow.",
        "The item arrived late and in worse condition than announced; the seller answered slowly.",
        "An ordinary transaction, nothing special to report about this seller or this item.",
        "Good seller, the item arrived on time and was close to the description that was given.",
        "Excellent seller! Fast delivery, careful packing and an item exactly as it was described.",
    };
    private static final String DESCRIPTION = "This lot comes from a private collection and is offered in the"
            + " condition shown on the pictures. It has been stored in a dry room, away from direct sunlight, and"
            + " has been handled with care by a single owner for most of its life. All original parts are present"
            + " and working, and the few marks of use that can be seen are listed honestly below so that every"
            + " bidder knows exactly what to expect. The item will be packed in a sturdy box with plenty of padding"
            + " and shipped within two working days after payment has been received. Tracking information is sent"
            + " by mail as soon as the parcel leaves our hands. Buyers from abroad are welcome; please ask for a"
            + " quote before bidding if you live outside the usual delivery zones, as rates vary a lot from one"
            + " country to the next. Combined shipping is offered when several lots are won in the same week, and"
            + " local pickup can be arranged on request. Payment is expected within five days of the end of the"
            + " auction. We describe every lot to the best of our knowledge, but we are not experts in every field,"
            + " so do not hesitate to send your questions before the auction ends: we answer every message, usually"
            + " on the same day. Thank you for looking, have a look at our other auctions, and good luck with your"
            + " bids on this fine piece, which would make a lovely gift or a welcome addition to any collection.";

    private final Random random;
    private final int nbUsers;
    private final long nbItems;
    private final int itemsPerPage;
    private final List<ReferenceData.Category> categories = ReferenceData.categories();
    private final List<String> regions = ReferenceData.regions();

    private long userId;
    private String nickname;
    private String password;
    private Long lastItemId;
    private Long lastUserId;
    private Long lastTo;

    RequestFactory(Random random, int nbUsers, long nbItems, int itemsPerPage) {
        this.random = random;
        this.nbUsers = nbUsers;
        this.nbItems = nbItems;
        this.itemsPerPage = itemsPerPage;
    }

    /** Starts a session as user index u (0-based): logs in as {@code user{u+1}} / {@code password{u+1}}, id u+1. */
    void startSession(int userIndex) {
        userId = userIndex + 1L;
        nickname = "user" + userId;
        password = "password" + userId;
        lastItemId = null;
        lastUserId = null;
        lastTo = null;
    }

    long userId() {
        return userId;
    }

    String nickname() {
        return nickname;
    }

    /** Remembers what a (normal) reply shows for the "last seen" fallbacks. */
    void observe(String page) {
        List<Long> to = PageParser.linkParameter(page, "to");
        if (!to.isEmpty()) {
            lastTo = to.get(0);
        }
    }

    /**
     * The path and query of {@code state}'s request given the previous reply ({@code null} at the start of a session),
     * or null when an id it needs cannot be found (the client then goes back).
     */
    String path(State state, String previousPage) {
        String prev = previousPage == null ? "" : previousPage;
        return switch (state) {
            case HOME -> BASE + "/index.html";
            case REGISTER -> BASE + "/register.html";
            case BROWSE -> BASE + "/browse.html";
            case SELL -> BASE + "/sell.html";
            case ABOUT_ME_AUTH -> BASE + "/about_me.html";
            case REGISTER_USER -> registerUser();
            case BROWSE_CATEGORIES -> SERVLET + "BrowseCategories";
            case BROWSE_REGIONS -> SERVLET + "BrowseRegions";
            case SEARCH_ITEMS_IN_CATEGORY -> searchInCategory(prev);
            case BROWSE_CATEGORIES_IN_REGION -> new Query("BrowseCategories")
                    .add("region", regions.get(random.nextInt(regions.size()))).toString();
            case SEARCH_ITEMS_IN_REGION -> searchInRegion(prev);
            case VIEW_ITEM -> withItem("ViewItem", prev, false);
            case VIEW_BID_HISTORY -> withItem("ViewBidHistory", prev, false);
            case BUY_NOW_AUTH -> withItem("BuyNowAuth", prev, false);
            case PUT_BID_AUTH -> withItem("PutBidAuth", prev, false);
            case VIEW_USER_INFO -> viewUserInfo(prev);
            case PUT_COMMENT_AUTH -> comment("PutCommentAuth", prev, false);
            case BUY_NOW -> authenticated(withItemQuery("BuyNow", prev, true));
            case PUT_BID -> authenticated(withItemQuery("PutBid", prev, true));
            case PUT_COMMENT -> comment("PutComment", prev, true);
            case STORE_BUY_NOW -> storeBuyNow(prev);
            case STORE_BID -> storeBid(prev);
            case STORE_COMMENT -> storeComment(prev);
            case SELECT_CATEGORY_TO_SELL_ITEM -> authenticated(new Query("BrowseCategories"));
            case SELL_ITEM_FORM -> new Query("SellItemForm").add("category", randomCategory().id())
                    .add("user", userId).toString();
            case REGISTER_ITEM -> registerItem(prev);
            case ABOUT_ME -> authenticated(new Query("AboutMe"));
            case BACK, END -> throw new IllegalArgumentException(state + " has no request");
        };
    }

    private String registerUser() {
        long k = nbUsers + 1L + random.nextInt(1_000_000);
        return new Query("RegisterUser")
                .add("firstname", "Great" + k)
                .add("lastname", "User" + k)
                .add("nickname", "user" + k)
                .add("email", "Great" + k + ".User" + k + "@rubis.com")
                .add("password", "password" + k)
                .add("region", regions.get((int) (k % regions.size())))
                .toString();
    }

    private ReferenceData.Category randomCategory() {
        return categories.get(random.nextInt(categories.size()));
    }

    private String searchInCategory(String prev) {
        ReferenceData.Category c = randomCategory();
        long page = page(prev);
        return new Query("SearchItemsByCategory").add("category", c.id()).add("categoryName", c.name())
                .add("page", page).add("nbOfItems", itemsPerPage).toString();
    }

    private String searchInRegion(String prev) {
        ReferenceData.Category c = randomCategory();
        int region = 1 + random.nextInt(regions.size());
        long page = page(prev);
        return new Query("SearchItemsByRegion").add("category", c.id()).add("region", region)
                .add("page", page).add("nbOfItems", itemsPerPage).toString();
    }

    /** The page number for a search: uniform over the distinct {@code page=} link values, 0 if none. */
    private long page(String prev) {
        List<Long> pages = PageParser.linkParameter(prev, "page").stream().distinct().toList();
        return pages.isEmpty() ? 0 : pages.get(pages.size() == 1 ? 0 : random.nextInt(pages.size()));
    }

    private String withItem(String servlet, String prev, boolean preferHidden) {
        Query q = withItemQuery(servlet, prev, preferHidden);
        return q == null ? null : q.toString();
    }

    private Query withItemQuery(String servlet, String prev, boolean preferHidden) {
        Long item = itemId(prev, preferHidden);
        return item == null ? null : new Query(servlet).add("itemId", item);
    }

    private Long itemId(String prev, boolean preferHidden) {
        Long hidden = PageParser.hiddenLong(PageParser.hiddenFields(prev), "itemId");
        Long item = preferHidden ? hidden : null;
        if (item == null) {
            List<Long> links = PageParser.linkParameter(prev, "itemId");
            if (!links.isEmpty()) {
                item = links.get(random.nextInt(links.size()));
            }
        }
        if (item == null) {
            item = hidden != null ? hidden : lastItemId;
        }
        if (item != null) {
            lastItemId = item;
        }
        return item;
    }

    private String viewUserInfo(String prev) {
        List<Long> users = PageParser.linkParameter(prev, "userId");
        Long user = users.isEmpty() ? lastUserId : users.get(0);
        if (user == null) {
            return null;
        }
        lastUserId = user;
        return new Query("ViewUserInfo").add("userId", user).toString();
    }

    private Long to(String prev) {
        Long to = PageParser.hiddenLong(PageParser.hiddenFields(prev), "to");
        if (to == null) {
            List<Long> links = PageParser.linkParameter(prev, "to");
            if (links.isEmpty()) {
                links = PageParser.linkParameter(prev, "userId");
            }
            to = links.isEmpty() ? lastTo : links.get(0);
        }
        if (to != null) {
            lastTo = to;
        }
        return to;
    }

    private String comment(String servlet, String prev, boolean authenticated) {
        Long to = to(prev);
        Long item = itemId(prev, true);
        if (to == null || item == null) {
            return null;
        }
        Query q = new Query(servlet).add("to", to).add("itemId", item);
        return authenticated ? authenticated(q) : q.toString();
    }

    private String authenticated(Query q) {
        return q == null ? null : q.add("nickname", nickname).add("password", password).toString();
    }

    private static int maxQty(Map<String, String> hidden) {
        Long v = PageParser.hiddenLong(hidden, "maxQty");
        return v == null || v < 1 ? 1 : (int) Math.min(v, Integer.MAX_VALUE);
    }

    private String storeBuyNow(String prev) {
        Map<String, String> hidden = PageParser.hiddenFields(prev);
        Long item = itemId(prev, true);
        if (item == null) {
            return null;
        }
        int maxQty = maxQty(hidden);
        int qty = 1 + random.nextInt(maxQty);
        return new Query("StoreBuyNow").add("userId", userId).add("itemId", item).add("qty", qty)
                .add("maxQty", maxQty).toString();
    }

    private String storeBid(String prev) {
        Map<String, String> hidden = PageParser.hiddenFields(prev);
        Long item = itemId(prev, true);
        BigDecimal minBid = decimal(hidden.get("minBid"));
        if (item == null || minBid == null) {
            return null;
        }
        int maxQty = maxQty(hidden);
        int qty = 1 + random.nextInt(maxQty);
        int a = 1 + random.nextInt(10);
        BigDecimal bid = minBid.add(BigDecimal.valueOf(a));
        BigDecimal maxBid = minBid.add(BigDecimal.valueOf(2L * a));
        return new Query("StoreBid").add("userId", userId).add("itemId", item).add("minBid", minBid.toPlainString())
                .add("bid", bid.toPlainString()).add("maxBid", maxBid.toPlainString()).add("maxQty", maxQty)
                .add("qty", qty).toString();
    }

    private static BigDecimal decimal(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String storeComment(String prev) {
        Long to = to(prev);
        Long item = itemId(prev, true);
        if (to == null || item == null) {
            return null;
        }
        int r = random.nextInt(RATINGS.length);
        String sentence = COMMENTS[r];
        int nominal = 1 + random.nextInt(2048);
        String text = sentence.substring(0, 1 + (nominal - 1) % sentence.length());
        return new Query("StoreComment").add("to", to).add("from", userId).add("itemId", item)
                .add("rating", RATINGS[r]).add("comment", text).toString();
    }

    private String registerItem(String prev) {
        Long hiddenCategory = PageParser.hiddenLong(PageParser.hiddenFields(prev), "categoryId");
        long k = nbItems + 1 + random.nextInt(1_000_000);
        int nominal = 1 + random.nextInt(8192);
        String description = DESCRIPTION.substring(0, 1 + (nominal - 1) % DESCRIPTION.length());
        int initialPrice = 1 + random.nextInt(5000);
        int reservePrice = random.nextInt(100) < 40 ? initialPrice + random.nextInt(1000) : 0;
        int buyNow = random.nextInt(100) < 10 ? initialPrice + reservePrice + random.nextInt(1000) : 0;
        int duration = 1 + random.nextInt(7);
        int quantity = random.nextInt(100) < 80 ? 1 : 1 + random.nextInt(10);
        long category = hiddenCategory != null && hiddenCategory >= 1 && hiddenCategory <= categories.size()
                ? hiddenCategory : randomCategory().id();
        return new Query("RegisterItem")
                .add("name", "RUBiS automatically generated item #" + k)
                .add("description", description)
                .add("initialPrice", initialPrice)
                .add("reservePrice", reservePrice)
                .add("buyNow", buyNow)
                .add("duration", duration)
                .add("quantity", quantity)
                .add("userId", userId)
                .add("categoryId", category)
                .toString();
    }

    /** A servlet path with URL-encoded query parameters. */
    private static final class Query {
        private final StringBuilder sb;
        private boolean first = true;

        Query(String servlet) {
            sb = new StringBuilder(SERVLET).append(servlet);
        }

        Query add(String name, Object value) {
            sb.append(first ? '?' : '&').append(name).append('=')
                    .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
            first = false;
            return this;
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
