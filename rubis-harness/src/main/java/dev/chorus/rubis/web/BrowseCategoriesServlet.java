package dev.chorus.rubis.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * BrowseCategories (states BrowseCategories, BrowseCategoriesInRegion and SelectCategoryToSellItem): the list of
 * categories as links. Parameters, all optional: {@code region} (a region <em>name</em>, matched exactly),
 * {@code nickname} and {@code password}.
 * <ul>
 *   <li>With a nickname or a password the user logs in first (failure: the "no account" ERROR page) and each category
 *       links to {@code SellItemForm?category=ID&user=USERID}.</li>
 *   <li>With a region (looked up by exact name; unknown: an ERROR page naming it) each category links to
 *       {@code SearchItemsByRegion?category=ID&region=REGIONID}; this takes precedence over the login.</li>
 *   <li>Otherwise each category links to {@code SearchItemsByCategory?category=ID&categoryName=NAME}.</li>
 * </ul>
 * Categories are listed by id. No category at all: a Sorry page. No quirk decision applies.
 */
final class BrowseCategoriesServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;

    BrowseCategoriesServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        String regionName = call.params.optional("region");
        String nickname = call.params.optional("nickname");
        String password = call.params.optional("password");
        Connection c = call.connection();
        Integer userId = null;
        if (nickname != null || password != null) {
            userId = Queries.authenticate(c, nickname, password);
        }
        Integer regionId = null;
        if (regionName != null) {
            regionId = regionId(c, regionName);
        }
        Html page;
        if (regionId != null) {
            page = Html.page("Categories in region " + regionName);
        } else if (userId != null) {
            page = Html.page("Select the category of the item to sell");
        } else {
            page = Html.page("All categories");
        }
        int count = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM categories ORDER BY id ASC");
             ResultSet rs = ps.executeQuery()) {
            page.raw("<ul>\n");
            while (rs.next()) {
                int id = rs.getInt(1);
                String name = rs.getString(2);
                page.raw("<li>");
                if (regionId != null) {
                    page.link(name, "SearchItemsByRegion", "category", id, "region", regionId);
                } else if (userId != null) {
                    page.link(name, "SellItemForm", "category", id, "user", userId);
                } else {
                    page.link(name, "SearchItemsByCategory", "category", id, "categoryName", name);
                }
                page.raw("</li>\n");
                count++;
            }
            page.raw("</ul>\n");
        }
        if (count == 0) {
            return Html.page("All categories").paragraph("Sorry, but there is no category available at this time.")
                    .finish();
        }
        return page.finish();
    }

    /** The id of the region with exactly this name. */
    static int regionId(Connection c, String regionName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM regions WHERE name = ?")) {
            ps.setString(1, regionName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new UserError("Parameter region: region '" + regionName + "' does not exist.");
                }
                return rs.getInt(1);
            }
        }
    }
}
