package dev.chorus.rubis.emulator;

import dev.chorus.rubis.db.ReferenceData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.chorus.rubis.emulator.PageParserTest.PUT_BID_FORM;
import static dev.chorus.rubis.emulator.PageParserTest.SEARCH_PAGE;
import static dev.chorus.rubis.emulator.PageParserTest.VIEW_ITEM_PAGE;
import static org.assertj.core.api.Assertions.assertThat;

/** The request of each state (SPEC.md section 5.3 with quirk decision 2) built from pages written per the contract. */
class RequestFactoryTest {
    private static final int NB_USERS = 1000;
    private RequestFactory factory;

    @BeforeEach
    void session() {
        factory = new RequestFactory(new Random(3), NB_USERS, 5000, 20);
        factory.startSession(41); // user index 41: user42 / password42, real id 42
    }

    @Test
    void staticPages() {
        assertThat(factory.path(State.HOME, null)).isEqualTo("/rubis/index.html");
        assertThat(factory.path(State.REGISTER, SEARCH_PAGE)).isEqualTo("/rubis/register.html");
        assertThat(factory.path(State.BROWSE, null)).isEqualTo("/rubis/browse.html");
        assertThat(factory.path(State.SELL, null)).isEqualTo("/rubis/sell.html");
        assertThat(factory.path(State.ABOUT_ME_AUTH, null)).isEqualTo("/rubis/about_me.html");
        assertThat(factory.path(State.BROWSE_CATEGORIES, null)).isEqualTo("/rubis/servlet/BrowseCategories");
        assertThat(factory.path(State.BROWSE_REGIONS, null)).isEqualTo("/rubis/servlet/BrowseRegions");
    }

    @Test
    void sessionCredentialsAndRealUserId() {
        assertThat(factory.nickname()).isEqualTo("user42");
        assertThat(factory.userId()).isEqualTo(42);
        assertThat(params(factory.path(State.ABOUT_ME, null))).containsExactly(
                Map.entry("nickname", "user42"), Map.entry("password", "password42"));
        assertThat(params(factory.path(State.SELECT_CATEGORY_TO_SELL_ITEM, null))).containsExactly(
                Map.entry("nickname", "user42"), Map.entry("password", "password42"));
        Map<String, String> sell = params(factory.path(State.SELL_ITEM_FORM, null));
        assertThat(sell.get("user")).isEqualTo("42");
        assertThat(Integer.parseInt(sell.get("category"))).isBetween(1, 20);
    }

    @Test
    void searchesUseOneBasedIdsAndThePageLinks() {
        Set<Integer> categories = new HashSet<>();
        Set<String> pages = new HashSet<>();
        Set<Integer> regions = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String path = factory.path(State.SEARCH_ITEMS_IN_CATEGORY, SEARCH_PAGE);
            assertThat(path).startsWith("/rubis/servlet/SearchItemsByCategory?");
            Map<String, String> p = params(path);
            int c = Integer.parseInt(p.get("category"));
            categories.add(c);
            assertThat(p.get("categoryName")).isEqualTo(ReferenceData.categories().get(c - 1).name());
            assertThat(p.get("nbOfItems")).isEqualTo("20");
            pages.add(p.get("page"));
            Map<String, String> r = params(factory.path(State.SEARCH_ITEMS_IN_REGION, SEARCH_PAGE));
            regions.add(Integer.parseInt(r.get("region")));
            assertThat(Integer.parseInt(r.get("category"))).isBetween(1, 20);
        }
        assertThat(categories).hasSize(20).allSatisfy(c -> assertThat(c).isBetween(1, 20));
        assertThat(regions).hasSize(62).allSatisfy(r -> assertThat(r).isBetween(1, 62));
        assertThat(pages).as("previous and next page links").containsExactlyInAnyOrder("1", "3");
        assertThat(params(factory.path(State.SEARCH_ITEMS_IN_CATEGORY, VIEW_ITEM_PAGE)).get("page")).isEqualTo("0");
        assertThat(params(factory.path(State.SEARCH_ITEMS_IN_CATEGORY, null)).get("page")).isEqualTo("0");
    }

    @Test
    void regionNamesAreSentExactlyAndEncoded() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            String path = factory.path(State.BROWSE_CATEGORIES_IN_REGION, null);
            names.add(params(path).get("region"));
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(ReferenceData.regions());
    }

    @Test
    void viewItemPicksUniformlyAmongTheListedItems() {
        Map<String, Integer> hits = new LinkedHashMap<>();
        for (int i = 0; i < 3000; i++) {
            hits.merge(params(factory.path(State.VIEW_ITEM, SEARCH_PAGE)).get("itemId"), 1, Integer::sum);
        }
        assertThat(hits.keySet()).containsExactlyInAnyOrder("101", "102", "103");
        assertThat(hits.values()).allSatisfy(n -> assertThat(n).isBetween(850, 1150));
    }

    @Test
    void itemPageFollowUps() {
        assertThat(factory.path(State.VIEW_USER_INFO, VIEW_ITEM_PAGE))
                .isEqualTo("/rubis/servlet/ViewUserInfo?userId=77");
        assertThat(factory.path(State.VIEW_BID_HISTORY, VIEW_ITEM_PAGE))
                .isEqualTo("/rubis/servlet/ViewBidHistory?itemId=55");
        assertThat(factory.path(State.PUT_BID_AUTH, VIEW_ITEM_PAGE)).isEqualTo("/rubis/servlet/PutBidAuth?itemId=55");
        assertThat(factory.path(State.BUY_NOW_AUTH, VIEW_ITEM_PAGE)).isEqualTo("/rubis/servlet/BuyNowAuth?itemId=55");
        assertThat(factory.path(State.PUT_COMMENT_AUTH, VIEW_ITEM_PAGE))
                .isEqualTo("/rubis/servlet/PutCommentAuth?to=77&itemId=55");
        assertThat(factory.path(State.PUT_COMMENT, VIEW_ITEM_PAGE))
                .isEqualTo("/rubis/servlet/PutComment?to=77&itemId=55&nickname=user42&password=password42");
    }

    @Test
    void authFormsFollowUpsUseTheHiddenFields() {
        String auth = "<form action=\"/rubis/servlet/PutBid\" method=\"GET\">"
                + "<input type=\"hidden\" name=\"itemId\" value=\"66\">"
                + "Nickname <input type=\"text\" name=\"nickname\"></form>";
        assertThat(factory.path(State.PUT_BID, auth))
                .isEqualTo("/rubis/servlet/PutBid?itemId=66&nickname=user42&password=password42");
        assertThat(factory.path(State.BUY_NOW, auth))
                .isEqualTo("/rubis/servlet/BuyNow?itemId=66&nickname=user42&password=password42");
        String commentAuth = "<form action=\"/rubis/servlet/PutComment\" method=\"GET\">"
                + "<input type=\"hidden\" name=\"to\" value=\"9\"><input type=\"hidden\" name=\"itemId\" value=\"66\">"
                + "</form>";
        assertThat(factory.path(State.PUT_COMMENT, commentAuth))
                .isEqualTo("/rubis/servlet/PutComment?to=9&itemId=66&nickname=user42&password=password42");
    }

    @Test
    void storeBidFromThePutBidForm() {
        Set<Integer> increments = new HashSet<>();
        Set<String> quantities = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Map<String, String> p = params(factory.path(State.STORE_BID, PUT_BID_FORM));
            assertThat(p.keySet()).containsExactly("userId", "itemId", "minBid", "bid", "maxBid", "maxQty", "qty");
            assertThat(p.get("userId")).isEqualTo("42");
            assertThat(p.get("itemId")).isEqualTo("55");
            assertThat(p.get("minBid")).isEqualTo("1234.00");
            assertThat(p.get("maxQty")).isEqualTo("3");
            BigDecimal a = new BigDecimal(p.get("bid")).subtract(new BigDecimal("1234.00"));
            assertThat(new BigDecimal(p.get("maxBid"))).isEqualTo(new BigDecimal("1234.00").add(a.add(a)));
            assertThat(p.get("bid")).matches("\\d+\\.00");
            increments.add(a.intValueExact());
            quantities.add(p.get("qty"));
        }
        assertThat(increments).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(quantities).containsExactlyInAnyOrder("1", "2", "3");
    }

    @Test
    void storeBuyNowAndStoreCommentFromTheirForms() {
        String buyNow = "<input type=\"hidden\" name=\"userId\" value=\"42\">"
                + "<input type=\"hidden\" name=\"itemId\" value=\"31\"><input type=\"hidden\" name=\"maxQty\" value=\"4\">";
        Map<String, String> p = params(factory.path(State.STORE_BUY_NOW, buyNow));
        assertThat(p.keySet()).containsExactly("userId", "itemId", "qty", "maxQty");
        assertThat(p).containsEntry("userId", "42").containsEntry("itemId", "31").containsEntry("maxQty", "4");
        assertThat(Integer.parseInt(p.get("qty"))).isBetween(1, 4);

        String comment = "<input type=\"hidden\" name=\"to\" value=\"77\"><input type=\"hidden\" name=\"from\" "
                + "value=\"42\"><input type=\"hidden\" name=\"itemId\" value=\"55\">";
        Set<String> ratings = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            Map<String, String> c = params(factory.path(State.STORE_COMMENT, comment));
            assertThat(c.keySet()).containsExactly("to", "from", "itemId", "rating", "comment");
            assertThat(c).containsEntry("to", "77").containsEntry("from", "42").containsEntry("itemId", "55");
            assertThat(c.get("comment")).isNotEmpty().doesNotContain("ERROR", "Sorry");
            ratings.add(c.get("rating"));
        }
        assertThat(ratings).containsExactlyInAnyOrder("-5", "-3", "0", "3", "5");
    }

    @Test
    void registerUserAndRegisterItem() {
        Map<String, String> u = params(factory.path(State.REGISTER_USER, null));
        long k = Long.parseLong(u.get("nickname").substring("user".length()));
        assertThat(k).isBetween(NB_USERS + 1L, NB_USERS + 1_000_000L);
        assertThat(u).containsEntry("firstname", "Great" + k).containsEntry("lastname", "User" + k)
                .containsEntry("email", "Great" + k + ".User" + k + "@rubis.com")
                .containsEntry("password", "password" + k)
                .containsEntry("region", ReferenceData.regions().get((int) (k % 62)));

        String sellForm = "<input type=\"hidden\" name=\"userId\" value=\"42\">"
                + "<input type=\"hidden\" name=\"categoryId\" value=\"17\">";
        for (int i = 0; i < 300; i++) {
            Map<String, String> it = params(factory.path(State.REGISTER_ITEM, sellForm));
            assertThat(it.keySet()).containsExactly("name", "description", "initialPrice", "reservePrice", "buyNow",
                    "duration", "quantity", "userId", "categoryId");
            assertThat(it.get("name")).startsWith("RUBiS automatically generated item #");
            assertThat(Long.parseLong(it.get("name").substring(it.get("name").indexOf('#') + 1)))
                    .isBetween(5001L, 1_005_000L);
            int initial = Integer.parseInt(it.get("initialPrice"));
            int reserve = Integer.parseInt(it.get("reservePrice"));
            int buyNow = Integer.parseInt(it.get("buyNow"));
            assertThat(initial).isBetween(1, 5000);
            assertThat(reserve == 0 || (reserve >= initial && reserve <= initial + 999)).isTrue();
            assertThat(buyNow == 0 || buyNow >= initial + reserve).isTrue();
            assertThat(Integer.parseInt(it.get("duration"))).isBetween(1, 7);
            assertThat(Integer.parseInt(it.get("quantity"))).isBetween(1, 10);
            assertThat(it).containsEntry("userId", "42").containsEntry("categoryId", "17");
            assertThat(it.get("description")).isNotEmpty().doesNotContain("ERROR", "Sorry");
        }
    }

    @Test
    void missingIdsFallBackToTheLastOneAndThenToBack() {
        String empty = "<html><body>nothing here</body></html>";
        assertThat(factory.path(State.VIEW_ITEM, empty)).as("no id yet: go back").isNull();
        assertThat(factory.path(State.VIEW_USER_INFO, empty)).isNull();
        assertThat(factory.path(State.STORE_BID, empty)).isNull();
        factory.path(State.VIEW_ITEM, VIEW_ITEM_PAGE);
        factory.path(State.VIEW_USER_INFO, VIEW_ITEM_PAGE);
        assertThat(factory.path(State.VIEW_ITEM, empty)).isEqualTo("/rubis/servlet/ViewItem?itemId=55");
        assertThat(factory.path(State.VIEW_USER_INFO, empty)).isEqualTo("/rubis/servlet/ViewUserInfo?userId=77");
        // PutComment from a PutBid page (no "to"): the seller seen on the last item page
        factory.observe(VIEW_ITEM_PAGE);
        assertThat(factory.path(State.PUT_COMMENT, PUT_BID_FORM))
                .isEqualTo("/rubis/servlet/PutComment?to=77&itemId=55&nickname=user42&password=password42");
        // a new session forgets
        factory.startSession(0);
        assertThat(factory.path(State.VIEW_ITEM, empty)).isNull();
    }

    /** The decoded query parameters of a path, in order. */
    static Map<String, String> params(String path) {
        Map<String, String> out = new LinkedHashMap<>();
        String query = URI.create("http://h" + path).getRawQuery();
        if (query == null) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
