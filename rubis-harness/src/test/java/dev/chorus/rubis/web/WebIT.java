package dev.chorus.rubis.web;

import com.zaxxer.hikari.HikariDataSource;
import dev.chorus.driver.ChorusDriver;
import dev.chorus.rubis.db.ReferenceData;
import dev.chorus.rubis.db.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RUBiS site over real HTTP: every static page, both images and every servlet, on a fresh in-memory H2 database
 * with a small fixture and a fixed clock; page content, the ERROR and Sorry conventions, and the database effects of
 * the writing interactions. A subset runs again through Chorus ({@code jdbc:chorus:mem:}) to show the SQL is portable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebIT {
    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String LOGO = "<img src=\"/rubis/images/logo.png\" alt=\"RUBiS\">";
    private static final String BID_NOW = "<img src=\"/rubis/images/bid_now.png\" alt=\"bid now\">";
    private static final String NO_ACCOUNT = "You don't have an account on RUBiS! You have to register first.";
    private static final String LAMP = "Old \"brass\" <lamp> & shade";
    private static final String LAMP_HTML = "Old &quot;brass&quot; &lt;lamp&gt; &amp; shade";
    private static final int BOSTON = 24;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String h2Url;
    private HikariDataSource h2Pool;
    private RubisServer h2Server;
    private Fixture f;

    @BeforeAll
    void start() throws Exception {
        assertThat(ReferenceData.regions().get(BOSTON - 1)).isEqualTo("MA--Boston ");
        h2Url = "jdbc:h2:mem:webit_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(h2Url)) {
            Schema.create(c);
            f = Fixture.load(c);
        }
        h2Pool = RubisServer.dataSource(h2Url, 8);
        h2Server = new RubisServer(h2Pool, 0, 32, CLOCK);
    }

    @AfterAll
    void stop() throws Exception {
        if (h2Server != null) {
            h2Server.close();
        }
        if (h2Pool != null) {
            h2Pool.close();
        }
        try (Connection c = DriverManager.getConnection(h2Url)) {
            c.createStatement().execute("SHUTDOWN");
        }
    }

    // ------------------------------------------------------------------------------------------------ static site

    @Test
    void staticPagesAndImages() throws Exception {
        assertThat(h2Server.port()).isPositive();
        assertThat(h2Server.baseUri()).isEqualTo(URI.create("http://127.0.0.1:" + h2Server.port() + "/rubis/"));
        String home = normal(get(h2Server, "index.html"));
        assertThat(home).contains("<title>RUBiS: Home</title>").contains("href=\"/rubis/browse.html\"")
                .contains("href=\"/rubis/sell.html\"").contains("href=\"/rubis/about_me.html\"")
                .contains("href=\"/rubis/register.html\"");
        assertThat(normal(get(h2Server, ""))).isEqualTo(home);
        assertThat(normal(get(h2Server, "register.html"))).contains("action=\"/rubis/servlet/RegisterUser\"")
                .contains("name=\"firstname\"").contains("name=\"lastname\"").contains("name=\"nickname\"")
                .contains("name=\"email\"").contains("name=\"password\"").contains("name=\"region\"");
        assertThat(normal(get(h2Server, "browse.html"))).contains("href=\"/rubis/servlet/BrowseCategories\"")
                .contains("href=\"/rubis/servlet/BrowseRegions\"");
        assertThat(normal(get(h2Server, "sell.html"))).contains("action=\"/rubis/servlet/BrowseCategories\"")
                .contains("name=\"nickname\"").contains("name=\"password\"");
        assertThat(normal(get(h2Server, "about_me.html"))).contains("action=\"/rubis/servlet/AboutMe\"")
                .contains("name=\"nickname\"").contains("name=\"password\"");

        for (String image : List.of("images/logo.png", "images/bid_now.png")) {
            HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(h2Server.baseUri().resolve(image)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png.body()));
            assertThat(decoded).as(image).isNotNull();
            assertThat(decoded.getWidth()).isGreaterThan(10);
        }
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(h2Server.baseUri().resolve("images/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).as("no directory listing").isNotEqualTo(200);
    }

    // ------------------------------------------------------------------------------------------------ browsing

    @Test
    void browseCategories() throws Exception {
        String page = normal(get(h2Server, servlet("BrowseCategories")));
        assertThat(page).contains("<a href=\"/rubis/servlet/SearchItemsByCategory?category=1&amp;categoryName="
                + "Antiques+%26+Art\">Antiques &amp; Art</a>")
                .contains("<a href=\"/rubis/servlet/SearchItemsByCategory?category=2&amp;categoryName=Books\">"
                        + "Books</a>")
                .contains("?category=20&amp;categoryName=Everything+Else\"");
        assertThat(count(page, "/rubis/servlet/SearchItemsByCategory?")).isEqualTo(20);
    }

    @Test
    void browseCategoriesInRegion() throws Exception {
        String page = normal(get(h2Server, servlet("BrowseCategories", "region", "MA--Boston ")));
        assertThat(page).contains("<a href=\"/rubis/servlet/SearchItemsByRegion?category=2&amp;region=" + BOSTON
                + "\">Books</a>");
        assertThat(count(page, "/rubis/servlet/SearchItemsByRegion?")).isEqualTo(20);
        assertThat(page).doesNotContain("SearchItemsByCategory");

        error(get(h2Server, servlet("BrowseCategories", "region", "MA--Boston")), "region");
    }

    @Test
    void selectCategoryToSellItem() throws Exception {
        String page = normal(get(h2Server, servlet("BrowseCategories", "nickname", "alice", "password", "pw-alice")));
        assertThat(page).contains("<a href=\"/rubis/servlet/SellItemForm?category=2&amp;user=" + f.alice
                + "\">Books</a>");
        assertThat(count(page, "/rubis/servlet/SellItemForm?")).isEqualTo(20);

        assertThat(error(get(h2Server, servlet("BrowseCategories", "nickname", "alice", "password", "nope"))))
                .contains(NO_ACCOUNT);
        assertThat(error(get(h2Server, servlet("BrowseCategories", "nickname", "alice")))).contains(NO_ACCOUNT);
    }

    @Test
    void browseRegions() throws Exception {
        String page = normal(get(h2Server, servlet("BrowseRegions")));
        assertThat(page).contains("<a href=\"/rubis/servlet/BrowseCategories?region=AZ--Phoenix\">AZ--Phoenix</a>")
                .contains("<a href=\"/rubis/servlet/BrowseCategories?region=MA--Boston+\">MA--Boston </a>")
                .contains("href=\"/rubis/servlet/BrowseCategories?region=CA--Los+Angeles\"");
        assertThat(count(page, "/rubis/servlet/BrowseCategories?region=")).isEqualTo(62);
    }

    @Test
    void searchItemsByCategoryPages() throws Exception {
        String first = normal(get(h2Server, servlet("SearchItemsByCategory", "category", 2, "categoryName", "Books",
                "page", 0, "nbOfItems", 2)));
        assertThat(first).contains("<a href=\"/rubis/servlet/ViewItem?itemId=" + f.lamp + "\">" + LAMP_HTML + "</a>")
                .contains("<a href=\"/rubis/servlet/ViewItem?itemId=" + f.multi + "\">Multi widget</a>")
                .contains("<td>15.00</td>").contains("<td>8.00</td>")
                .contains("<a href=\"/rubis/servlet/PutBidAuth?itemId=" + f.lamp + "\">" + BID_NOW + "</a>")
                .contains("<a href=\"/rubis/servlet/SearchItemsByCategory?category=2&amp;categoryName=Books&amp;page=1"
                        + "&amp;nbOfItems=2\">Next page</a>")
                .doesNotContain("Previous page").doesNotContain("itemId=" + f.quiet + "\"")
                .doesNotContain("itemId=" + f.expired + "\"");
        assertThat(count(first, "/rubis/servlet/ViewItem?")).isEqualTo(2);
        assertThat(count(first, BID_NOW)).isEqualTo(2);
        assertThat(first.indexOf("itemId=" + f.lamp + "\"")).as("soonest ending first")
                .isLessThan(first.indexOf("itemId=" + f.multi + "\""));

        String second = normal(get(h2Server, servlet("SearchItemsByCategory", "category", 2, "categoryName", "Books",
                "page", 1, "nbOfItems", 2)));
        assertThat(second).contains("ViewItem?itemId=" + f.quiet + "\"").contains("<td>100.00</td>")
                .contains("href=\"/rubis/servlet/SearchItemsByCategory?category=2&amp;categoryName=Books&amp;page=0"
                        + "&amp;nbOfItems=2\">Previous page</a>")
                .contains("href=\"/rubis/servlet/SearchItemsByCategory?category=2&amp;categoryName=Books&amp;page=2"
                        + "&amp;nbOfItems=2\">Next page</a>");
        assertThat(count(second, "/rubis/servlet/ViewItem?")).isEqualTo(1);

        String third = sorry(get(h2Server, servlet("SearchItemsByCategory", "category", 2, "categoryName", "Books",
                "page", 2, "nbOfItems", 2)));
        assertThat(third).contains("page=1&amp;nbOfItems=2\">Previous page</a>").doesNotContain("Next page");

        // default page 0 and 25 items; the emulator's 0-based category 0 finds nothing
        assertThat(normal(get(h2Server, servlet("SearchItemsByCategory", "category", 2)))).contains(
                "href=\"/rubis/servlet/SearchItemsByCategory?category=2&amp;page=1&amp;nbOfItems=25\">Next page</a>");
        sorry(get(h2Server, servlet("SearchItemsByCategory", "category", 0, "categoryName", "x", "page", 0,
                "nbOfItems", 20)));

        error(get(h2Server, servlet("SearchItemsByCategory")), "category");
        error(get(h2Server, servlet("SearchItemsByCategory", "category", "two")), "category");
        error(get(h2Server, servlet("SearchItemsByCategory", "category", 2, "page", -1)), "page");
        error(get(h2Server, servlet("SearchItemsByCategory", "category", 2, "nbOfItems", 0)), "nbOfItems");
    }

    @Test
    void searchItemsByRegion() throws Exception {
        String boston = normal(get(h2Server, servlet("SearchItemsByRegion", "category", 2, "region", BOSTON,
                "page", 0, "nbOfItems", 20)));
        assertThat(boston).contains("ViewItem?itemId=" + f.quiet + "\"")
                .contains("href=\"/rubis/servlet/SearchItemsByRegion?category=2&amp;region=24&amp;page=1"
                        + "&amp;nbOfItems=20\">Next page</a>");
        assertThat(count(boston, "/rubis/servlet/ViewItem?")).isEqualTo(1);

        String phoenix = normal(get(h2Server, servlet("SearchItemsByRegion", "category", 2, "region", 1,
                "page", 0, "nbOfItems", 20)));
        assertThat(phoenix).contains("ViewItem?itemId=" + f.lamp + "\"").contains("ViewItem?itemId=" + f.multi + "\"")
                .doesNotContain("ViewItem?itemId=" + f.quiet + "\"");

        sorry(get(h2Server, servlet("SearchItemsByRegion", "category", 2, "region", 0, "page", 0, "nbOfItems", 20)));
        error(get(h2Server, servlet("SearchItemsByRegion", "category", 2)), "region");
    }

    // ------------------------------------------------------------------------------------------------ viewing

    @Test
    void viewItem() throws Exception {
        String lamp = normal(get(h2Server, servlet("ViewItem", "itemId", f.lamp)));
        assertThat(lamp).contains("<h1>" + LAMP_HTML + "</h1>").contains("A lamp &lt;with&gt; a shade")
                .contains("<td>Current price</td><td>15.00</td>")
                .contains("<td>Reserve price</td><td>not met yet</td>")
                .contains("<a href=\"/rubis/servlet/ViewUserInfo?userId=" + f.alice + "\">alice</a>")
                .contains("<a href=\"/rubis/servlet/ViewBidHistory?itemId=" + f.lamp + "\">")
                .contains("<a href=\"/rubis/servlet/PutBidAuth?itemId=" + f.lamp + "\">")
                .contains("<a href=\"/rubis/servlet/PutCommentAuth?to=" + f.alice + "&amp;itemId=" + f.lamp + "\">")
                .doesNotContain("BuyNowAuth");
        assertThat(firstUserId(lamp)).isEqualTo(f.alice);

        // three units: bids by amount 8 (2 units, proxy 9), 7 (1 unit, proxy 12) complete the quantity -> 12.00
        String multi = normal(get(h2Server, servlet("ViewItem", "itemId", f.multi)));
        assertThat(multi).contains("<td>Current price</td><td>12.00</td>").contains("<td>Quantity</td><td>3</td>")
                .contains("<a href=\"/rubis/servlet/BuyNowAuth?itemId=" + f.multi + "\">")
                .contains("<td>Buy now price</td><td>30.00</td>");

        String old = normal(get(h2Server, servlet("ViewItem", "itemId", f.oldCoin)));
        assertThat(old).contains("<h1>Ancient coin</h1>").contains("<td>Current price</td><td>40.00</td>")
                .contains("ViewUserInfo?userId=" + f.carol + "\"");

        assertThat(error(get(h2Server, servlet("ViewItem", "itemId", 9999)))).contains("does not exist");
        error(get(h2Server, servlet("ViewItem", "itemId", "abc")), "itemId");
        error(get(h2Server, servlet("ViewItem")), "itemId");
    }

    @Test
    void viewBidHistory() throws Exception {
        String lamp = normal(get(h2Server, servlet("ViewBidHistory", "itemId", f.lamp)));
        assertThat(lamp).contains(LAMP_HTML)
                .contains("<tr><td><a href=\"/rubis/servlet/ViewUserInfo?userId=" + f.carol
                        + "\">carol</a></td><td>15.00</td><td>1</td><td>" + date(NOW.minus(Duration.ofHours(1)))
                        + "</td></tr>")
                .contains("<a href=\"/rubis/servlet/ViewUserInfo?userId=" + f.bob + "\">bob</a></td><td>12.00</td>");
        assertThat(firstUserId(lamp)).as("newest bid first").isEqualTo(f.carol);

        assertThat(normal(get(h2Server, servlet("ViewBidHistory", "itemId", f.quiet))))
                .contains("There is no bid for Quiet clock.");
        assertThat(normal(get(h2Server, servlet("ViewBidHistory", "itemId", f.oldCoin)))).contains("Ancient coin");
        error(get(h2Server, servlet("ViewBidHistory", "itemId", 9999)), "9999");
    }

    @Test
    void viewUserInfo() throws Exception {
        String alice = normal(get(h2Server, servlet("ViewUserInfo", "userId", f.alice)));
        assertThat(alice).contains("<td>Real name</td><td>Alice Anders</td>")
                .contains("<td>Nickname</td><td>alice</td>")
                .contains("<td>E-mail</td><td>alice@example.com</td>").contains("<td>Rating</td><td>3</td>")
                .contains("<a href=\"/rubis/servlet/ViewUserInfo?userId=" + f.bob + "\">bob</a>")
                .contains("Great &lt;seller&gt; &amp; &quot;fast&quot;");
        assertThat(firstUserId(alice)).as("the first comment's author").isEqualTo(f.bob);

        assertThat(normal(get(h2Server, servlet("ViewUserInfo", "userId", f.bob))))
                .contains("There are no comments for this user.");
        error(get(h2Server, servlet("ViewUserInfo", "userId", 9999)), "9999");
        error(get(h2Server, servlet("ViewUserInfo", "userId", "")), "userId");
    }

    // ------------------------------------------------------------------------------------------------ forms

    @Test
    void loginForms() throws Exception {
        assertThat(normal(get(h2Server, servlet("BuyNowAuth", "itemId", f.multi))))
                .contains("<form action=\"/rubis/servlet/BuyNow\" method=\"get\">")
                .contains(hidden("itemId", f.multi)).contains("name=\"nickname\"").contains("name=\"password\"");
        assertThat(normal(get(h2Server, servlet("PutBidAuth", "itemId", f.lamp))))
                .contains("<form action=\"/rubis/servlet/PutBid\" method=\"get\">").contains(hidden("itemId", f.lamp));
        assertThat(normal(get(h2Server, servlet("PutCommentAuth", "to", f.alice, "itemId", f.lamp))))
                .contains("<form action=\"/rubis/servlet/PutComment\" method=\"get\">")
                .contains(hidden("to", f.alice)).contains(hidden("itemId", f.lamp));
        error(get(h2Server, servlet("BuyNowAuth")), "itemId");
        error(get(h2Server, servlet("PutCommentAuth", "itemId", f.lamp)), "to");
    }

    @Test
    void buyNowForm() throws Exception {
        String page = normal(get(h2Server, servlet("BuyNow", "itemId", f.multi, "nickname", "bob",
                "password", "pw-bob")));
        assertThat(page).contains("<form action=\"/rubis/servlet/StoreBuyNow\" method=\"get\">")
                .contains(hidden("userId", f.bob)).contains(hidden("itemId", f.multi)).contains(hidden("maxQty", 3))
                .contains("name=\"qty\"").contains("<td>Buy now price</td><td>30.00</td>");
        // quirk decision 9: the form is shown without a buy-now price too
        assertThat(normal(get(h2Server, servlet("BuyNow", "itemId", f.quiet, "nickname", "bob",
                "password", "pw-bob")))).contains(hidden("maxQty", 1));
        assertThat(error(get(h2Server, servlet("BuyNow", "itemId", f.multi, "nickname", "bob", "password", "x"))))
                .contains(NO_ACCOUNT);
        error(get(h2Server, servlet("BuyNow", "itemId", f.oldCoin, "nickname", "bob", "password", "pw-bob")),
                "does not exist");
    }

    @Test
    void putBidForm() throws Exception {
        // quirk decision 4: no bid yet -> the minimum is the initial price + 1, not 1
        String quiet = normal(get(h2Server, servlet("PutBid", "itemId", f.quiet, "nickname", "carol",
                "password", "pw-carol")));
        assertThat(quiet).contains("<form action=\"/rubis/servlet/StoreBid\" method=\"get\">")
                .contains(hidden("minBid", "101.00")).contains(hidden("userId", f.carol))
                .contains(hidden("itemId", f.quiet)).contains(hidden("maxQty", 1)).contains(hidden("qty", 1))
                .contains("name=\"bid\"").contains("name=\"maxBid\"");

        String lamp = normal(get(h2Server, servlet("PutBid", "itemId", f.lamp, "nickname", "carol",
                "password", "pw-carol")));
        assertThat(lamp).contains(hidden("minBid", "16.00")).contains("<td>Current price</td><td>15.00</td>");

        String multi = normal(get(h2Server, servlet("PutBid", "itemId", f.multi, "nickname", "carol",
                "password", "pw-carol")));
        assertThat(multi).contains(hidden("minBid", "9.00")).contains(hidden("maxQty", 3))
                .contains("<td>Current price</td><td>12.00</td>")
                .contains("<input type=\"text\" name=\"qty\" value=\"1\">").doesNotContain(hidden("qty", 1));

        assertThat(error(get(h2Server, servlet("PutBid", "itemId", f.lamp, "nickname", "nobody",
                "password", "x")))).contains(NO_ACCOUNT);
        error(get(h2Server, servlet("PutBid", "itemId", f.lamp, "nickname", "carol")), "password");
        error(get(h2Server, servlet("PutBid", "itemId", f.oldCoin, "nickname", "carol", "password", "pw-carol")),
                "does not exist");
    }

    @Test
    void putCommentForm() throws Exception {
        String page = normal(get(h2Server, servlet("PutComment", "to", f.alice, "itemId", f.lamp, "nickname", "bob",
                "password", "pw-bob")));
        assertThat(page).contains("<form action=\"/rubis/servlet/StoreComment\" method=\"get\">")
                .contains(hidden("to", f.alice)).contains(hidden("from", f.bob)).contains(hidden("itemId", f.lamp))
                .contains("<select name=\"rating\">").contains("<option value=\"0\" selected>")
                .contains("<option value=\"-5\">").contains("<textarea name=\"comment\"");
        error(get(h2Server, servlet("PutComment", "to", 9999, "itemId", f.lamp, "nickname", "bob",
                "password", "pw-bob")), "9999");
        assertThat(error(get(h2Server, servlet("PutComment", "to", f.alice, "itemId", f.lamp, "nickname", "bob",
                "password", "pw-alice")))).contains(NO_ACCOUNT);
    }

    @Test
    void sellItemForm() throws Exception {
        String page = normal(get(h2Server, servlet("SellItemForm", "category", 7, "user", f.carol)));
        assertThat(page).contains("<form action=\"/rubis/servlet/RegisterItem\" method=\"get\">")
                .contains(hidden("userId", f.carol)).contains(hidden("categoryId", 7))
                .contains("name=\"name\"").contains("name=\"description\"").contains("name=\"initialPrice\"")
                .contains("name=\"reservePrice\"").contains("name=\"buyNow\"").contains("name=\"duration\"")
                .contains("name=\"quantity\"");
        error(get(h2Server, servlet("SellItemForm", "category", 7, "user", "me")), "user");
    }

    @Test
    void aboutMe() throws Exception {
        String bob = normal(get(h2Server, servlet("AboutMe", "nickname", "bob", "password", "pw-bob")));
        String bidding = section(bob, "Items you are bidding on");
        assertThat(bidding).contains("ViewItem?itemId=" + f.lamp + "\"").contains("ViewItem?itemId=" + f.multi + "\"")
                .contains("<td>14.00</td>").contains("<td>9.00</td>");
        assertThat(section(bob, "Items you are selling")).contains("ViewItem?itemId=" + f.quiet + "\"")
                .doesNotContain("itemId=" + f.expired + "\"");
        // quirk decision 7: "sold" and "won" are date windows (running auctions included, no winner check)
        assertThat(section(bob, "Items you sold in the last 30 days")).contains("itemId=" + f.expired + "\"")
                .contains("itemId=" + f.quiet + "\"");
        assertThat(section(bob, "Items you won in the last 30 days")).contains("itemId=" + f.lamp + "\"")
                .contains("itemId=" + f.multi + "\"");
        assertThat(section(bob, "Items you bought in the last 30 days")).contains("itemId=" + f.pot + "\"")
                .contains(">Stock pot</a>")
                .contains("ViewUserInfo?userId=" + f.carol + "\"");
        assertThat(section(bob, "Comments about you")).contains("There are no comments for this user.");

        String alice = normal(get(h2Server, servlet("AboutMe", "nickname", "alice", "password", "pw-alice")));
        assertThat(section(alice, "Items you are selling")).contains("itemId=" + f.lamp + "\"")
                .contains("itemId=" + f.multi + "\"");
        assertThat(section(alice, "Comments about you")).contains("Great &lt;seller&gt;")
                .contains("ViewUserInfo?userId=" + f.bob + "\"");

        assertThat(error(get(h2Server, servlet("AboutMe", "nickname", "bob", "password", "pw-alice"))))
                .contains(NO_ACCOUNT);
        error(get(h2Server, servlet("AboutMe", "password", "pw-bob")), "nickname");
    }

    // ------------------------------------------------------------------------------------------------ writing

    @Test
    void storeBid() throws Exception {
        storeBidChecks(h2Server, h2Url, f);
    }

    @Test
    void storeBidIsAtomicUnderConcurrency() throws Exception {
        int bids = 16;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> pages = new ArrayList<>();
            for (int i = 1; i <= bids; i++) {
                int amount = 300 + i;
                pages.add(pool.submit(() -> get(h2Server, servlet("StoreBid", "userId", f.bob, "itemId", f.contested,
                        "minBid", 201, "bid", amount, "maxBid", amount + 5, "maxQty", 1, "qty", 1))));
            }
            for (Future<String> page : pages) {
                normal(page.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(queryString(h2Url, "SELECT nb_of_bids, max_bid FROM items WHERE id = ?", f.contested))
                .isEqualTo(bids + " 316.00");
        assertThat(queryString(h2Url, "SELECT COUNT(*) FROM bids WHERE item_id = ?", f.contested))
                .isEqualTo(String.valueOf(bids));
    }

    @Test
    void storeBuyNow() throws Exception {
        storeBuyNowChecks(h2Server, h2Url, f);
    }

    @Test
    void storeComment() throws Exception {
        storeCommentChecks(h2Server, h2Url, f);
    }

    @Test
    void registerItem() throws Exception {
        registerItemChecks(h2Server, h2Url);
    }

    @Test
    void registerUser() throws Exception {
        registerUserChecks(h2Server, h2Url, "dave");
    }

    // ------------------------------------------------------------------------------------------------ Chorus

    /** The same SQL through Chorus (H2, Derby and HSQLDB behind it, every replica answering every query). */
    @Test
    void portableThroughChorus() throws Exception {
        String url = "jdbc:chorus:mem:webit_" + UUID.randomUUID().toString().replace("-", "") + ";reads=all";
        Fixture cf;
        try (Connection c = DriverManager.getConnection(url)) {
            Schema.create(c);
            cf = Fixture.load(c);
        }
        try (HikariDataSource pool = RubisServer.dataSource(url, 4);
             RubisServer server = new RubisServer(pool, 0, 16, CLOCK)) {
            String multi = normal(get(server, servlet("ViewItem", "itemId", cf.multi)));
            assertThat(multi).contains("<td>Current price</td><td>12.00</td>")
                    .contains("<a href=\"/rubis/servlet/BuyNowAuth?itemId=" + cf.multi + "\">")
                    .contains("ViewUserInfo?userId=" + cf.alice + "\"");
            assertThat(normal(get(server, servlet("ViewItem", "itemId", cf.oldCoin)))).contains("Ancient coin");
            assertThat(normal(get(server, servlet("SearchItemsByCategory", "category", 2, "categoryName", "Books",
                    "page", 1, "nbOfItems", 2)))).contains("ViewItem?itemId=" + cf.quiet + "\"");
            assertThat(normal(get(server, servlet("SearchItemsByRegion", "category", 2, "region", 1, "page", 0,
                    "nbOfItems", 20)))).contains("ViewItem?itemId=" + cf.lamp + "\"");
            storeBidChecks(server, url, cf);
            registerUserChecks(server, url, "erin");
            storeBuyNowChecks(server, url, cf);
            storeCommentChecks(server, url, cf);
            registerItemChecks(server, url);
            assertThat(normal(get(server, servlet("AboutMe", "nickname", "bob", "password", "pw-bob"))))
                    .contains("itemId=" + cf.pot + "\"");
            assertThat(ChorusDriver.status(url)).hasValueSatisfying(
                    s -> assertThat(s.healthyReplicas()).as("replicas that agreed on everything").isEqualTo(3));
        } finally {
            ChorusDriver.shutdown(url);
        }
    }

    // ------------------------------------------------------------------------------------------------ shared checks

    private void storeBidChecks(RubisServer server, String url, Fixture fx) throws Exception {
        String form = normal(get(server, servlet("PutBid", "itemId", fx.target, "nickname", "carol",
                "password", "pw-carol")));
        assertThat(form).contains(hidden("minBid", "51.00"));

        // quirk decision 3: items.max_bid takes the bid (53), not the proxy maximum (56)
        String page = normal(get(server, servlet("StoreBid", "userId", fx.carol, "itemId", fx.target, "minBid", "51.00",
                "bid", "53", "maxBid", "56.00", "maxQty", 1, "qty", 1)));
        assertThat(page).contains("Your bid of 53.00");
        assertThat(queryString(url, "SELECT nb_of_bids, max_bid FROM items WHERE id = ?", fx.target))
                .isEqualTo("1 53.00");
        assertThat(queryString(url, "SELECT user_id, qty, bid, max_bid, bid_date FROM bids WHERE item_id = ?",
                fx.target)).isEqualTo(fx.carol + " 1 53.00 56.00 " + Timestamp.from(NOW));
        // a lower bid counts but does not lower max_bid
        normal(get(server, servlet("StoreBid", "userId", fx.bob, "itemId", fx.target, "minBid", "51.00",
                "bid", "52.00", "maxBid", "52.00", "maxQty", 1, "qty", 1)));
        assertThat(queryString(url, "SELECT nb_of_bids, max_bid FROM items WHERE id = ?", fx.target))
                .isEqualTo("2 53.00");
        assertThat(normal(get(server, servlet("PutBid", "itemId", fx.target, "nickname", "carol",
                "password", "pw-carol")))).contains(hidden("minBid", "54.00"));

        // rejected bids change nothing
        error(get(server, servlet("StoreBid", "userId", fx.carol, "itemId", fx.target, "minBid", "54.00",
                "bid", "53.00", "maxBid", "60.00", "maxQty", 1, "qty", 1)), "below the minimum bid");
        error(get(server, servlet("StoreBid", "userId", fx.carol, "itemId", fx.target, "minBid", "54.00",
                "bid", "58.00", "maxBid", "55.00", "maxQty", 1, "qty", 1)), "below your bid");
        error(get(server, servlet("StoreBid", "userId", fx.carol, "itemId", fx.target, "minBid", "54.00",
                "bid", "58.00", "maxBid", "60.00", "maxQty", 1, "qty", 2)), "only 1");
        error(get(server, servlet("StoreBid", "userId", fx.carol, "itemId", fx.target, "minBid", "54.00",
                "bid", "58.001", "maxBid", "60.00", "maxQty", 1, "qty", 1)), "bid");
        error(get(server, servlet("StoreBid", "userId", fx.carol, "itemId", fx.target, "minBid", "54.00",
                "maxBid", "60.00", "maxQty", 1, "qty", 1)), "bid");
        // an item that does not exist: the inserted bid is rolled back
        error(get(server, servlet("StoreBid", "userId", fx.carol, "itemId", 9999, "minBid", "1",
                "bid", "5", "maxBid", "5", "maxQty", 1, "qty", 1)), "does not exist");
        assertThat(queryString(url, "SELECT COUNT(*) FROM bids WHERE item_id = ?", fx.target)).isEqualTo("2");
        assertThat(queryString(url, "SELECT COUNT(*) FROM bids WHERE item_id = ?", 9999)).isEqualTo("0");
    }

    private void storeBuyNowChecks(RubisServer server, String url, Fixture fx) throws Exception {
        // two units left; asking for three: Sorry, nothing written
        assertThat(sorry(get(server, servlet("StoreBuyNow", "userId", fx.alice, "itemId", fx.pot, "qty", 3,
                "maxQty", 3)))).contains("not enough left").contains("2 remain");
        assertThat(queryString(url, "SELECT quantity, end_date FROM items WHERE id = ?", fx.pot))
                .isEqualTo("2 " + Timestamp.from(NOW.plus(Duration.ofDays(4))));
        assertThat(queryString(url, "SELECT COUNT(*) FROM buy_now WHERE item_id = ?", fx.pot)).isEqualTo("1");

        normal(get(server, servlet("StoreBuyNow", "userId", fx.alice, "itemId", fx.pot, "qty", 1, "maxQty", 2)));
        assertThat(queryString(url, "SELECT quantity, end_date FROM items WHERE id = ?", fx.pot))
                .isEqualTo("1 " + Timestamp.from(NOW.plus(Duration.ofDays(4))));
        assertThat(queryString(url, "SELECT buyer_id, qty, buy_date FROM buy_now WHERE item_id = ? AND buyer_id = ?",
                fx.pot, fx.alice)).isEqualTo(fx.alice + " 1 " + Timestamp.from(NOW));

        // the last unit closes the auction
        normal(get(server, servlet("StoreBuyNow", "userId", fx.alice, "itemId", fx.pot, "qty", 1, "maxQty", 1)));
        assertThat(queryString(url, "SELECT quantity, end_date FROM items WHERE id = ?", fx.pot))
                .isEqualTo("0 " + Timestamp.from(NOW));
        assertThat(queryString(url, "SELECT COUNT(*) FROM buy_now WHERE item_id = ?", fx.pot)).isEqualTo("3");

        // sold out: Sorry, never a negative quantity (quirk decision 9)
        sorry(get(server, servlet("StoreBuyNow", "userId", fx.alice, "itemId", fx.pot, "qty", 1, "maxQty", 1)));
        assertThat(queryString(url, "SELECT quantity FROM items WHERE id = ?", fx.pot)).isEqualTo("0");
        assertThat(sorry(get(server, servlet("BuyNow", "itemId", fx.pot, "nickname", "alice",
                "password", "pw-alice")))).contains("sold out");

        error(get(server, servlet("StoreBuyNow", "userId", fx.alice, "itemId", fx.multi, "qty", 3, "maxQty", 2)),
                "only 2");
        error(get(server, servlet("StoreBuyNow", "userId", fx.alice, "itemId", fx.multi, "qty", 0, "maxQty", 2)),
                "qty");
        error(get(server, servlet("StoreBuyNow", "userId", fx.alice, "itemId", 9999, "qty", 1, "maxQty", 2)),
                "does not exist");
        assertThat(queryString(url, "SELECT COUNT(*) FROM buy_now WHERE item_id = ?", fx.pot)).isEqualTo("3");
    }

    private void storeCommentChecks(RubisServer server, String url, Fixture fx) throws Exception {
        assertThat(queryString(url, "SELECT rating FROM users WHERE id = ?", fx.carol)).isEqualTo("0");
        normal(get(server, servlet("StoreComment", "to", fx.carol, "from", fx.bob, "itemId", fx.pot, "rating", 5,
                "comment", "Nice <pot> & quick")));
        assertThat(queryString(url, "SELECT rating FROM users WHERE id = ?", fx.carol)).isEqualTo("5");
        assertThat(queryString(url, "SELECT from_user_id, item_id, rating, comment_date, comment_text FROM comments"
                + " WHERE to_user_id = ?", fx.carol))
                .isEqualTo(fx.bob + " " + fx.pot + " 5 " + Timestamp.from(NOW) + " Nice <pot> & quick");
        normal(get(server, servlet("StoreComment", "to", fx.carol, "from", fx.alice, "itemId", fx.pot, "rating", -3,
                "comment", "late")));
        assertThat(queryString(url, "SELECT rating FROM users WHERE id = ?", fx.carol)).isEqualTo("2");
        assertThat(normal(get(server, servlet("ViewUserInfo", "userId", fx.carol))))
                .contains("Nice &lt;pot&gt; &amp; quick").contains("<td>Rating</td><td>2</td>");

        error(get(server, servlet("StoreComment", "to", fx.carol, "from", fx.bob, "itemId", fx.pot, "rating", 4,
                "comment", "x")), "rating");
        // no such user: the inserted comment is rolled back
        error(get(server, servlet("StoreComment", "to", 9999, "from", fx.bob, "itemId", fx.pot, "rating", 5,
                "comment", "x")), "9999");
        assertThat(queryString(url, "SELECT COUNT(*) FROM comments WHERE to_user_id = ?", 9999)).isEqualTo("0");
        assertThat(queryString(url, "SELECT rating FROM users WHERE id = ?", fx.carol)).isEqualTo("2");
    }

    private void registerItemChecks(RubisServer server, String url) throws Exception {
        String page = normal(get(server, servlet("RegisterItem", "name", "Camera & lens", "description",
                "A <fine> camera", "initialPrice", "120", "reservePrice", "150.50", "buyNow", "",
                "duration", 3, "quantity", 2, "userId", 3, "categoryId", 7)));
        Matcher m = Pattern.compile("registered as item (\\d+)\\.").matcher(page);
        assertThat(m.find()).as(page).isTrue();
        int id = Integer.parseInt(m.group(1));
        assertThat(page).contains("<a href=\"/rubis/servlet/ViewItem?itemId=" + id + "\">")
                .contains("Camera &amp; lens");
        assertThat(queryString(url, "SELECT name, description, initial_price, reserve_price, buy_now, quantity,"
                + " nb_of_bids, max_bid, start_date, end_date, seller, category FROM items WHERE id = ?", id))
                .isEqualTo("Camera & lens A <fine> camera 120.00 150.50 0.00 2 0 0.00 " + Timestamp.from(NOW) + " "
                        + Timestamp.from(NOW.plus(Duration.ofDays(3))) + " 3 7");
        assertThat(normal(get(server, servlet("ViewItem", "itemId", id)))).contains("<h1>Camera &amp; lens</h1>");

        // defaults, and a negative duration (an auction that has already ended)
        String second = normal(get(server, servlet("RegisterItem", "name", "Camera & lens", "initialPrice", "5",
                "duration", -2, "quantity", 1, "userId", 3, "categoryId", 7)));
        Matcher m2 = Pattern.compile("registered as item (\\d+)\\.").matcher(second);
        assertThat(m2.find()).isTrue();
        int id2 = Integer.parseInt(m2.group(1));
        assertThat(id2).as("a new id even for the same name").isNotEqualTo(id);
        assertThat(queryString(url, "SELECT description, reserve_price, end_date FROM items WHERE id = ?", id2))
                .isEqualTo("No description. 0.00 " + Timestamp.from(NOW.minus(Duration.ofDays(2))));

        error(get(server, servlet("RegisterItem", "name", "x", "duration", 3, "quantity", 1, "userId", 3,
                "categoryId", 7)), "initialPrice");
        error(get(server, servlet("RegisterItem", "name", "x", "initialPrice", "-1", "duration", 3, "quantity", 1,
                "userId", 3, "categoryId", 7)), "initialPrice");
        error(get(server, servlet("RegisterItem", "initialPrice", "1", "duration", 3, "quantity", 1, "userId", 3,
                "categoryId", 7)), "name");
    }

    private void registerUserChecks(RubisServer server, String url, String nickname) throws Exception {
        String page = normal(get(server, servlet("RegisterUser", "firstname", "Dave", "lastname", "Doe", "nickname",
                nickname, "email", nickname + "@example.com", "password", "pw-" + nickname, "region", "MA--Boston ")));
        Matcher m = Pattern.compile("<td>User id</td><td>(\\d+)</td>").matcher(page);
        assertThat(m.find()).as(page).isTrue();
        int id = Integer.parseInt(m.group(1));
        assertThat(page).contains("Your registration has been processed successfully.");
        assertThat(queryString(url, "SELECT firstname, lastname, nickname, password, email, rating, creation_date,"
                + " region FROM users WHERE id = ?", id)).isEqualTo("Dave Doe " + nickname + " pw-" + nickname + " "
                + nickname + "@example.com 0 " + Timestamp.from(NOW) + " " + BOSTON);
        // the new account logs in
        assertThat(normal(get(server, servlet("AboutMe", "nickname", nickname, "password", "pw-" + nickname))))
                .contains("<td>Nickname</td><td>" + nickname + "</td>");

        assertThat(error(get(server, servlet("RegisterUser", "firstname", "D", "lastname", "D", "nickname", nickname,
                "email", "other@example.com", "password", "p", "region", "AZ--Phoenix")))).contains("already taken");
        assertThat(queryString(url, "SELECT COUNT(*) FROM users WHERE nickname = ?", nickname)).isEqualTo("1");
        error(get(server, servlet("RegisterUser", "firstname", "D", "lastname", "D", "nickname", nickname + "x",
                "email", "e", "password", "p", "region", "Atlantis")), "region");
        error(get(server, servlet("RegisterUser", "firstname", "D", "lastname", "D", "nickname", nickname + "x",
                "password", "p", "region", "AZ--Phoenix")), "email");
        assertThat(queryString(url, "SELECT COUNT(*) FROM users WHERE nickname = ?", nickname + "x")).isEqualTo("0");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A servlet path with URL-encoded query parameters (name, value pairs). */
    private static String servlet(String name, Object... params) {
        StringBuilder b = new StringBuilder("servlet/").append(name);
        for (int i = 0; i < params.length; i += 2) {
            b.append(i == 0 ? '?' : '&').append(params[i]).append('=')
                    .append(URLEncoder.encode(String.valueOf(params[i + 1]), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private String get(RubisServer server, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("HTTP status of " + path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/html"));
        return r.body();
    }

    /** A normal page: one logo, neither ERROR nor Sorry. */
    private static String normal(String page) {
        assertThat(page).as(page).doesNotContain("ERROR").doesNotContain("Sorry");
        assertThat(count(page, LOGO)).as("logo images").isEqualTo(1);
        return page;
    }

    /** A "no result" page. */
    private static String sorry(String page) {
        assertThat(page).contains("Sorry").doesNotContain("ERROR");
        assertThat(count(page, LOGO)).isEqualTo(1);
        return page;
    }

    /** An error page. */
    private static String error(String page) {
        assertThat(page).contains("<title>RUBiS ERROR: ").contains("<h1>ERROR</h1>").doesNotContain("Sorry");
        assertThat(count(page, LOGO)).isEqualTo(1);
        return page;
    }

    /** An error page whose title mentions the text (a parameter's name, for instance). */
    private static String error(String page, String mentioned) {
        error(page);
        String title = page.substring(page.indexOf("<title>"), page.indexOf("</title>"));
        assertThat(title).contains(mentioned);
        return page;
    }

    private static String hidden(String name, Object value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + value + "\">";
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    private static int firstUserId(String page) {
        Matcher m = Pattern.compile("userId=(\\d+)").matcher(page);
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The part of an AboutMe page from a heading to the next one. */
    private static String section(String page, String heading) {
        int start = page.indexOf("<h2>" + heading + "</h2>");
        assertThat(start).as(heading).isNotNegative();
        int end = page.indexOf("<h2>", start + 4);
        return page.substring(start, end < 0 ? page.length() : end);
    }

    private static String date(Instant instant) {
        return Timestamp.from(instant).toLocalDateTime().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }

    /** The rows of a query, columns joined by spaces, rows by newlines (prices as plain decimals). */
    private static String queryString(String url, String sql, Object... params) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        cells.add(v instanceof BigDecimal d ? d.toPlainString()
                                : v instanceof Timestamp t ? t.toString() : String.valueOf(v));
                    }
                    rows.add(String.join(" ", cells));
                }
            }
            return String.join("\n", rows);
        }
    }

    // ------------------------------------------------------------------------------------------------ fixture

    /**
     * A small database, inserted with plain JDBC: the 20 categories and 62 regions of the reference data, three users
     * (alice and carol in AZ--Phoenix / CA--Los Angeles, bob in "MA--Boston "), items in category 2 (Books) for the
     * searches, a closed auction in old_items, bids, a comment and a purchase. Ids are generated; the fields hold
     * them.
     */
    static final class Fixture {
        int alice;
        int bob;
        int carol;
        /** alice's, 1 unit, initial 10, reserve 50, two bids (bob 12, carol 15), ends in a day. */
        int lamp;
        /** alice's, 3 units, buy now 30, three bids, ends in two days. */
        int multi;
        /** bob's, 1 unit, initial 100, no bid, ends in three days. */
        int quiet;
        /** bob's, ended yesterday (still in items). */
        int expired;
        /** carol's, category 5, buy now 20, 2 units left (bob bought 1 yesterday), alice bid on it. */
        int pot;
        /** carol's, category 3, initial 50, no bid: StoreBid's target. */
        int target;
        /** carol's, category 3, initial 200: the concurrent StoreBid test's target. */
        int contested;
        /** carol's closed auction, in old_items only. */
        final int oldCoin = 1000;

        static Fixture load(Connection c) throws SQLException {
            Fixture f = new Fixture();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO categories (id, name) VALUES (?, ?)")) {
                for (ReferenceData.Category cat : ReferenceData.categories()) {
                    ps.setInt(1, cat.id());
                    ps.setString(2, cat.name());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO regions (id, name) VALUES (?, ?)")) {
                List<String> regions = ReferenceData.regions();
                for (int i = 0; i < regions.size(); i++) {
                    ps.setInt(1, i + 1);
                    ps.setString(2, regions.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            f.alice = user(c, "Alice", "Anders", "alice", "alice@example.com", 1);
            f.bob = user(c, "Bob", "Brown", "bob", "bob@example.com", BOSTON);
            f.carol = user(c, "Carol", "Clark", "carol", "carol@example.com", 2);

            f.lamp = item(c, LAMP, "A lamp <with> a shade", "10", 1, "50", "0", 2, "15", days(1), f.alice, 2);
            f.multi = item(c, "Multi widget", "Three of them", "5", 3, "0", "30", 3, "8", days(2), f.alice, 2);
            f.quiet = item(c, "Quiet clock", "Never ticks", "100", 1, "0", "0", 0, "0", days(3), f.bob, 2);
            f.expired = item(c, "Expired vase", "Too late", "20", 1, "0", "0", 0, "0", days(-1), f.bob, 2);
            f.pot = item(c, "Stock pot", "Big", "15", 2, "0", "20", 1, "21", days(4), f.carol, 5);
            f.target = item(c, "Bid target", "Bid on me", "50", 1, "0", "0", 0, "0", days(5), f.carol, 3);
            f.contested = item(c, "Contested", "Everyone bids", "200", 1, "0", "0", 0, "0", days(5), f.carol, 3);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO old_items (" + Queries.ITEM_COLUMNS
                    + ") VALUES (?, 'Ancient coin', 'Closed', 30, 1, 0, 0, 1, 40, ?, ?, ?, 5)")) {
                ps.setInt(1, f.oldCoin);
                ps.setTimestamp(2, days(-17));
                ps.setTimestamp(3, days(-10));
                ps.setInt(4, f.carol);
                ps.executeUpdate();
            }

            bid(c, f.bob, f.lamp, 1, "12", "14", Duration.ofHours(-2));
            bid(c, f.carol, f.lamp, 1, "15", "20", Duration.ofHours(-1));
            bid(c, f.bob, f.multi, 2, "8", "9", Duration.ofHours(-3));
            bid(c, f.carol, f.multi, 1, "7", "12", Duration.ofHours(-4));
            bid(c, f.bob, f.multi, 1, "6", "6", Duration.ofHours(-5));
            bid(c, f.alice, f.pot, 1, "21", "25", Duration.ofHours(-6));

            try (PreparedStatement ps = c.prepareStatement("INSERT INTO comments (from_user_id, to_user_id, item_id,"
                    + " rating, comment_date, comment_text) VALUES (?, ?, ?, 3, ?, 'Great <seller> & \"fast\"')")) {
                ps.setInt(1, f.bob);
                ps.setInt(2, f.alice);
                ps.setInt(3, f.lamp);
                ps.setTimestamp(4, days(-2));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET rating = 3 WHERE id = ?")) {
                ps.setInt(1, f.alice);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO buy_now (buyer_id, item_id, qty, buy_date)"
                    + " VALUES (?, ?, 1, ?)")) {
                ps.setInt(1, f.bob);
                ps.setInt(2, f.pot);
                ps.setTimestamp(3, days(-1));
                ps.executeUpdate();
            }
            return f;
        }

        private static Timestamp days(int days) {
            return Timestamp.from(NOW.plus(Duration.ofDays(days)));
        }

        private static int user(Connection c, String first, String last, String nickname, String email, int region)
                throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (firstname, lastname, nickname, password,"
                    + " email, rating, balance, creation_date, region) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)",
                    new String[] {"id"})) {
                ps.setString(1, first);
                ps.setString(2, last);
                ps.setString(3, nickname);
                ps.setString(4, "pw-" + nickname);
                ps.setString(5, email);
                ps.setTimestamp(6, days(-100));
                ps.setInt(7, region);
                ps.executeUpdate();
                return key(ps);
            }
        }

        private static int item(Connection c, String name, String description, String initial, int quantity,
                                String reserve, String buyNow, int nbOfBids, String maxBid, Timestamp end, int seller,
                                int category) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (name, description, initial_price,"
                    + " quantity, reserve_price, buy_now, nb_of_bids, max_bid, start_date, end_date, seller, category)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                ps.setString(1, name);
                ps.setString(2, description);
                ps.setBigDecimal(3, new BigDecimal(initial));
                ps.setInt(4, quantity);
                ps.setBigDecimal(5, new BigDecimal(reserve));
                ps.setBigDecimal(6, new BigDecimal(buyNow));
                ps.setInt(7, nbOfBids);
                ps.setBigDecimal(8, new BigDecimal(maxBid));
                ps.setTimestamp(9, days(-7));
                ps.setTimestamp(10, end);
                ps.setInt(11, seller);
                ps.setInt(12, category);
                ps.executeUpdate();
                return key(ps);
            }
        }

        private static void bid(Connection c, int user, int item, int qty, String bid, String maxBid, Duration ago)
                throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bids (user_id, item_id, qty, bid, max_bid,"
                    + " bid_date) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setInt(1, user);
                ps.setInt(2, item);
                ps.setInt(3, qty);
                ps.setBigDecimal(4, new BigDecimal(bid));
                ps.setBigDecimal(5, new BigDecimal(maxBid));
                ps.setTimestamp(6, Timestamp.from(NOW.plus(ago)));
                ps.executeUpdate();
            }
        }

        private static int key(PreparedStatement ps) throws SQLException {
            try (ResultSet keys = ps.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                return keys.getInt(1);
            }
        }
    }
}
