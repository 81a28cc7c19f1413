package dev.chorus.rubis.emulator;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Extraction of links, hidden fields and images from pages written per the harness contract. */
class PageParserTest {
    static final String LOGO = "<img src=\"/rubis/images/logo.png\" alt=\"RUBiS\">";

    static final String SEARCH_PAGE = "<html><head><title>RUBiS: items in category Books</title></head><body>" + LOGO
            + "<h2>Items in category Books</h2><table>"
            + "<tr><td><a href=\"/rubis/servlet/ViewItem?itemId=101\">RUBiS automatically generated item #101</a>"
            + "</td><td>12.00</td><td><img src=\"/rubis/images/bid_now.png\" alt=\"bid now\"></td></tr>"
            + "<tr><td><a href=\"/rubis/servlet/ViewItem?itemId=102\">RUBiS automatically generated item #102</a>"
            + "</td><td>1234.00</td><td><img src=\"/rubis/images/bid_now.png\" alt=\"bid now\"></td></tr>"
            + "<tr><td><a href=\"/rubis/servlet/ViewItem?itemId=103\">RUBiS automatically generated item #103</a>"
            + "</td><td>7.50</td><td><img src=\"/rubis/images/bid_now.png\" alt=\"bid now\"></td></tr>"
            + "</table>"
            + "<a href=\"/rubis/servlet/SearchItemsByCategory?category=3&amp;categoryName=Books&amp;page=1"
            + "&amp;nbOfItems=20\">Previous page</a> "
            + "<a href=\"/rubis/servlet/SearchItemsByCategory?category=3&amp;categoryName=Books&amp;page=3"
            + "&amp;nbOfItems=20\">Next page</a></body></html>";

    static final String VIEW_ITEM_PAGE = "<html><head><title>RUBiS: item 55</title></head><body>" + LOGO
            + "<h2>RUBiS automatically generated item #55</h2><p>Current price: 48.00</p>"
            + "<p>Seller: <a href=\"/rubis/servlet/ViewUserInfo?userId=77\">user77</a> "
            + "(<a href=\"/rubis/servlet/PutCommentAuth?to=77&amp;itemId=55\">leave a comment</a>)</p>"
            + "<p>3 bids (<a href=\"/rubis/servlet/ViewBidHistory?itemId=55\">bid history</a>)</p>"
            + "<a href=\"/rubis/servlet/PutBidAuth?itemId=55\">Bid now</a> "
            + "<a href=\"/rubis/servlet/BuyNowAuth?itemId=55\">Buy now</a></body></html>";

    static final String PUT_BID_FORM = "<html><head><title>RUBiS: bid on item 55</title></head><body>" + LOGO
            + "<form action=\"/rubis/servlet/StoreBid\" method=\"GET\">"
            + "<input type=\"hidden\" name=\"minBid\" value=\"1234.00\">"
            + "<input type=\"hidden\" name=\"userId\" value=\"8\">"
            + "<input type=\"hidden\" name=\"itemId\" value=\"55\">"
            + "<input type=\"hidden\" name=\"maxQty\" value=\"3\">"
            + "Your bid: <input type=\"text\" name=\"bid\" size=\"10\"> "
            + "Your maximum bid: <input type=\"text\" name=\"maxBid\" size=\"10\"> "
            + "Quantity: <input type=\"text\" name=\"qty\" value=\"1\" size=\"5\">"
            + "<input type=\"submit\" value=\"Bid now!\"></form></body></html>";

    @Test
    void linkParametersOfASearchPage() {
        assertThat(PageParser.linkParameter(SEARCH_PAGE, "itemId")).containsExactly(101L, 102L, 103L);
        assertThat(PageParser.linkParameter(SEARCH_PAGE, "page")).containsExactly(1L, 3L);
        assertThat(PageParser.linkParameter(SEARCH_PAGE, "category")).containsExactly(3L, 3L);
        assertThat(PageParser.linkParameter(SEARCH_PAGE, "userId")).isEmpty();
        assertThat(PageParser.links(SEARCH_PAGE)).hasSize(5).contains(
                "/rubis/servlet/SearchItemsByCategory?category=3&categoryName=Books&page=3&nbOfItems=20");
        assertThat(PageParser.isSorry(SEARCH_PAGE)).isFalse();
        assertThat(PageParser.isError(SEARCH_PAGE)).isFalse();
    }

    @Test
    void linkParametersOfAnItemPage() {
        assertThat(PageParser.linkParameter(VIEW_ITEM_PAGE, "userId")).containsExactly(77L);
        assertThat(PageParser.linkParameter(VIEW_ITEM_PAGE, "to")).containsExactly(77L);
        assertThat(PageParser.linkParameter(VIEW_ITEM_PAGE, "itemId")).containsExactly(55L, 55L, 55L, 55L);
        assertThat(PageParser.hiddenFields(VIEW_ITEM_PAGE)).isEmpty();
    }

    @Test
    void hiddenFieldsOfAForm() {
        Map<String, String> hidden = PageParser.hiddenFields(PUT_BID_FORM);
        assertThat(hidden).containsExactly(entry("minBid", "1234.00"), entry("userId", "8"), entry("itemId", "55"),
                entry("maxQty", "3"));
        assertThat(PageParser.hiddenLong(hidden, "itemId")).isEqualTo(55L);
        assertThat(PageParser.hiddenLong(hidden, "minBid")).as("not an integer").isNull();
        assertThat(PageParser.hiddenLong(hidden, "nothing")).isNull();
        assertThat(PageParser.linkParameter(PUT_BID_FORM, "itemId")).as("hidden fields are not links").isEmpty();
    }

    @Test
    void hiddenFieldsToleratesAttributeOrderCaseAndEscapes() {
        String html = "<INPUT NAME=\"to\" TYPE=\"HIDDEN\" VALUE=\"12\"/><input type=\"text\" name=\"x\" value=\"1\">"
                + "<input type=\"hidden\" name=\"note\" value=\"a &amp; b &quot;c&quot; &#39;d&#39;\">"
                + "<input type=\"hidden\" name=\"to\" value=\"13\">";
        assertThat(PageParser.hiddenFields(html)).containsExactly(entry("to", "12"),
                entry("note", "a & b \"c\" 'd'"));
    }

    @Test
    void imagesOfAPageInOrderWithDuplicates() {
        assertThat(PageParser.imageSources(SEARCH_PAGE)).containsExactly("/rubis/images/logo.png",
                "/rubis/images/bid_now.png", "/rubis/images/bid_now.png", "/rubis/images/bid_now.png");
        assertThat(PageParser.imageSources(VIEW_ITEM_PAGE)).containsExactly("/rubis/images/logo.png");
        assertThat(PageParser.imageSources("<IMG SRC=\"/a.png\"><img alt=\"x\" src=\"b.png\"><img alt=\"none\">"))
                .containsExactly("/a.png", "b.png");
    }

    @Test
    void errorAndSorryPages() {
        String error = "<html><head><title>RUBiS ERROR: item 5 does not exist</title></head><body>" + LOGO
                + "<h2>ERROR: item 5 does not exist</h2></body></html>";
        String sorry = "<html><head><title>RUBiS: search</title></head><body>" + LOGO
                + "<h2>Sorry, but there are no items available in this category.</h2></body></html>";
        assertThat(PageParser.isError(error)).isTrue();
        assertThat(PageParser.isSorry(error)).isFalse();
        assertThat(PageParser.isSorry(sorry)).isTrue();
        assertThat(PageParser.isError(sorry)).isFalse();
    }

    @Test
    void linkValuesAreUrlDecodedAndNonIntegersSkipped() {
        String html = "<a href=\"/rubis/servlet/BrowseCategories?region=MA--Boston+\">Boston</a>"
                + "<a class=\"x\" href=\"/rubis/servlet/ViewUserInfo?userId=abc\">?</a>"
                + "<a href=\"/rubis/servlet/ViewUserInfo?userId=%34%32\">42</a>"
                + "<a href=\"/rubis/servlet/X?myitemId=9&amp;itemId=10\">x</a>";
        assertThat(PageParser.linkParameter(html, "userId")).containsExactly(42L);
        assertThat(PageParser.linkParameter(html, "itemId")).containsExactly(10L);
    }
}
