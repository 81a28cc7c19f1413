package dev.chorus.rubis.web;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTest {
    @Test
    void escapesMarkupCharacters() {
        assertThat(Html.escape("a <b> & \"c\" it's")).isEqualTo("a &lt;b&gt; &amp; &quot;c&quot; it's");
        assertThat(Html.escape("plain")).isEqualTo("plain");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void linksEncodeValuesAndSeparateParametersWithAmp() {
        assertThat(Html.href("SearchItemsByCategory", "category", 1, "categoryName", "Antiques & Art", "page", 0))
                .isEqualTo("/rubis/servlet/SearchItemsByCategory?category=1&amp;categoryName=Antiques+%26+Art"
                        + "&amp;page=0");
        assertThat(Html.href("BrowseCategories", "region", "MA--Boston "))
                .isEqualTo("/rubis/servlet/BrowseCategories?region=MA--Boston+");
        assertThat(Html.href("BrowseRegions")).isEqualTo("/rubis/servlet/BrowseRegions");
    }

    @Test
    void pricesArePlainDecimalsWithTwoDigits() {
        assertThat(Html.price(new BigDecimal("1234"))).isEqualTo("1234.00");
        assertThat(Html.price(new BigDecimal("1E+4"))).isEqualTo("10000.00");
        assertThat(Html.price(new BigDecimal("0.5"))).isEqualTo("0.50");
    }

    @Test
    void pagesFollowTheEmulatorConventions() {
        String page = Html.page("Items <new>").hidden("minBid", "16.00").link("x", "ViewItem", "itemId", 3).finish();
        assertThat(page).contains("<title>RUBiS: Items &lt;new&gt;</title>")
                .contains("<input type=\"hidden\" name=\"minBid\" value=\"16.00\">")
                .contains("<a href=\"/rubis/servlet/ViewItem?itemId=3\">x</a>")
                .doesNotContain("ERROR").doesNotContain("Sorry");
        assertThat(page.split("<img src=\"/rubis/images/logo.png\" alt=\"RUBiS\">", -1)).hasSize(2);

        String error = Html.error("Parameter itemId is missing.");
        assertThat(error).contains("<title>RUBiS ERROR: Parameter itemId is missing.</title>").contains("ERROR: Param");
    }
}
