package dev.chorus.rubis.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * ViewBidHistory: the bids of an item, newest first. Parameter {@code itemId}. The item's name comes from
 * {@code items}, else {@code old_items} (neither: an ERROR page). The bids are read with their bidders' nicknames by
 * one LEFT JOIN, which replaces the original's nickname lookup per bid (N+1 queries); the page content is the same:
 * per bid the bidder (a {@code ViewUserInfo?userId=} link; the first one is what the emulator follows), the amount
 * and the date. No bid: a line saying so (not a Sorry page, as in the original). No quirk decision applies.
 */
final class ViewBidHistoryServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;

    ViewBidHistoryServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        int itemId = call.params.integer("itemId");
        Connection c = call.connection();
        Queries.Item item = Queries.anyItem(c, itemId).orElseThrow(() -> Queries.itemDoesNotExist(itemId));
        Html page = Html.page("Bid history of " + item.name());
        int count = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT bids.user_id, users.nickname, bids.bid, bids.qty,"
                + " bids.bid_date FROM bids LEFT JOIN users ON bids.user_id = users.id WHERE bids.item_id = ?"
                + " ORDER BY bids.bid_date DESC, bids.id DESC")) {
            ps.setInt(1, itemId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (count == 0) {
                        page.raw("<table>\n<tr><th>Bidder</th><th>Bid</th><th>Quantity</th><th>Date</th></tr>\n");
                    }
                    int userId = rs.getInt(1);
                    String nickname = rs.getString(2) == null ? "user " + userId : rs.getString(2);
                    page.row(Html.linkCell(nickname, "ViewUserInfo", "userId", userId),
                            Html.price(rs.getBigDecimal(3)), rs.getInt(4), Html.date(rs.getTimestamp(5)));
                    count++;
                }
            }
        }
        if (count == 0) {
            page.paragraph("There is no bid for " + item.name() + ".");
        } else {
            page.raw("</table>\n");
        }
        page.raw("<p>").link("Back to the item", "ViewItem", "itemId", itemId).raw("</p>\n");
        return page.finish();
    }
}
