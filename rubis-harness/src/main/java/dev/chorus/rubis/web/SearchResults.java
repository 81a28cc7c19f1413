package dev.chorus.rubis.web;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The result page shared by SearchItemsByCategory and SearchItemsByRegion: one table row per item (a ViewItem link
 * with the name, the price max(max_bid, initial_price), the number of bids, the end date, and the "bid now" image
 * linking to PutBidAuth), then a "Previous page" link (page &gt; 0) and a "Next page" link; no row: a Sorry page
 * (with the "Previous page" link when page &gt; 0).
 */
final class SearchResults {
    /** The {@code page} parameter: 0-based, at most this. */
    static final int MAX_PAGE = 1_000_000;
    /** The {@code nbOfItems} parameter: at most this many rows per page. */
    static final int MAX_ITEMS_PER_PAGE = 1000;
    /** {@code nbOfItems} when absent, as in the original (the emulator sends 20). */
    static final int DEFAULT_ITEMS_PER_PAGE = 25;

    private SearchResults() {
    }

    /** One row of a result page. */
    record Row(int id, String name, BigDecimal price, int nbOfBids, java.sql.Timestamp endDate) {
    }

    /**
     * Reads the rows of a search query whose select list is id, name, end_date, max_bid, nb_of_bids, initial_price
     * (the statement's parameters already bound).
     */
    static List<Row> read(PreparedStatement ps) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                BigDecimal maxBid = rs.getBigDecimal(4);
                BigDecimal initialPrice = rs.getBigDecimal(6);
                rows.add(new Row(rs.getInt(1), rs.getString(2), maxBid.max(initialPrice), rs.getInt(5),
                        rs.getTimestamp(3)));
            }
        }
        return rows;
    }

    /**
     * The page.
     *
     * @param servlet     the search servlet, for the paging links
     * @param queryParams the search's own parameters (name, value pairs) that precede {@code page} and
     *                    {@code nbOfItems} in the paging links
     */
    static String render(String title, List<Row> rows, int page, int nbOfItems, String sorry, String servlet,
                         Object... queryParams) {
        Html html = Html.page(title);
        if (rows.isEmpty()) {
            html.paragraph(sorry);
        } else {
            html.raw("<table>\n<tr><th>Item</th><th>Price</th><th>Bids</th><th>Ends</th><th>Bid</th></tr>\n");
            for (Row row : rows) {
                html.row(Html.linkCell(row.name(), "ViewItem", "itemId", row.id()), Html.price(row.price()),
                        row.nbOfBids(), Html.date(row.endDate()),
                        Html.linkCellRaw(Html.BID_NOW, "PutBidAuth", "itemId", row.id()));
            }
            html.raw("</table>\n");
        }
        html.raw("<p>");
        if (page > 0) {
            html.link("Previous page", servlet, pagingParams(queryParams, page - 1, nbOfItems));
        }
        if (!rows.isEmpty()) {
            if (page > 0) {
                html.raw(" | ");
            }
            html.link("Next page", servlet, pagingParams(queryParams, page + 1, nbOfItems));
        }
        html.raw("</p>\n");
        return html.finish();
    }

    private static Object[] pagingParams(Object[] queryParams, int page, int nbOfItems) {
        Object[] all = new Object[queryParams.length + 4];
        System.arraycopy(queryParams, 0, all, 0, queryParams.length);
        all[queryParams.length] = "page";
        all[queryParams.length + 1] = page;
        all[queryParams.length + 2] = "nbOfItems";
        all[queryParams.length + 3] = nbOfItems;
        return all;
    }
}
