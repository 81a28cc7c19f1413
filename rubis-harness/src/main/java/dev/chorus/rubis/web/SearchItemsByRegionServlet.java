package dev.chorus.rubis.web;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * SearchItemsByRegion (state SearchItemsInRegion): like SearchItemsByCategory, restricted to the sellers of a region
 * ({@code items JOIN users ON items.seller = users.id WHERE users.region = ?}). Parameters: {@code category} and
 * {@code region} (ids, required), {@code page}, {@code nbOfItems} (as SearchItemsByCategory). No item: a Sorry page.
 * No quirk decision applies here.
 */
final class SearchItemsByRegionServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;
    static final String SQL = "SELECT items.id, items.name, items.end_date, items.max_bid, items.nb_of_bids,"
            + " items.initial_price FROM items JOIN users ON items.seller = users.id"
            + " WHERE items.category = ? AND users.region = ? AND items.end_date >= ?"
            + " ORDER BY items.end_date ASC, items.id ASC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";

    SearchItemsByRegionServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        int category = call.params.integer("category");
        int region = call.params.integer("region");
        int page = call.params.integer("page", 0, SearchResults.MAX_PAGE, 0);
        int nbOfItems = call.params.integer("nbOfItems", 1, SearchResults.MAX_ITEMS_PER_PAGE,
                SearchResults.DEFAULT_ITEMS_PER_PAGE);
        List<SearchResults.Row> rows;
        try (PreparedStatement ps = call.connection().prepareStatement(SQL)) {
            ps.setInt(1, category);
            ps.setInt(2, region);
            ps.setTimestamp(3, call.now());
            ps.setInt(4, page * nbOfItems);
            ps.setInt(5, nbOfItems);
            rows = SearchResults.read(ps);
        }
        String sorry = page == 0 ? "Sorry, but there are no items available in this category for this region."
                : "Sorry, but there are no more items available in this category for this region.";
        return SearchResults.render("Items in category " + category + ", region " + region, rows, page, nbOfItems,
                sorry, "SearchItemsByRegion", "category", category, "region", region);
    }
}
