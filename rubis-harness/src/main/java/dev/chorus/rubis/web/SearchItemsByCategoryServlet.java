package dev.chorus.rubis.web;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * SearchItemsByCategory (state SearchItemsInCategory): one page of the auctions in progress ({@code end_date >= now})
 * of a category, soonest-ending first. Parameters: {@code category} (id, required), {@code categoryName} (display
 * only, optional), {@code page} (0-based, default 0), {@code nbOfItems} (default 25). Paging is
 * {@code ORDER BY end_date, id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY}; the page is {@link SearchResults}'s. No item
 * (an unknown category included): a Sorry page. No quirk decision applies here (the emulator's category ids are its
 * own decision 2).
 */
final class SearchItemsByCategoryServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;
    static final String SQL = "SELECT id, name, end_date, max_bid, nb_of_bids, initial_price FROM items"
            + " WHERE category = ? AND end_date >= ?"
            + " ORDER BY end_date ASC, id ASC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";

    SearchItemsByCategoryServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        int category = call.params.integer("category");
        String categoryName = call.params.text("categoryName", 100, null);
        int page = call.params.integer("page", 0, SearchResults.MAX_PAGE, 0);
        int nbOfItems = call.params.integer("nbOfItems", 1, SearchResults.MAX_ITEMS_PER_PAGE,
                SearchResults.DEFAULT_ITEMS_PER_PAGE);
        List<SearchResults.Row> rows;
        try (PreparedStatement ps = call.connection().prepareStatement(SQL)) {
            ps.setInt(1, category);
            ps.setTimestamp(2, call.now());
            ps.setInt(3, page * nbOfItems);
            ps.setInt(4, nbOfItems);
            rows = SearchResults.read(ps);
        }
        String shown = categoryName != null ? categoryName : "category " + category;
        String sorry = page == 0 ? "Sorry, but there are no items available in this category."
                : "Sorry, but there are no more items available in this category.";
        Object[] query = categoryName != null
                ? new Object[] {"category", category, "categoryName", categoryName}
                : new Object[] {"category", category};
        return SearchResults.render("Items in " + shown, rows, page, nbOfItems, sorry, "SearchItemsByCategory", query);
    }
}
