package dev.chorus.rubis.web;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * StoreBid: records a bid. Parameters {@code userId}, {@code itemId}, {@code minBid}, {@code bid}, {@code maxBid},
 * {@code maxQty}, {@code qty} (all required; the user id is not verified, as in the original). First the checks,
 * without database access, each failing with an ERROR page: 1 &lt;= qty &lt;= maxQty, bid &gt;= minBid,
 * maxBid &gt;= minBid, maxBid &gt;= bid. Then one transaction: insert the bid (user, item, qty, bid, maxBid, now), then
 * update the item's cache columns in one statement; no item updated (it does not exist): rollback and an ERROR page.
 *
 * <p>Quirk decision 3 (FIX): the update is the atomic
 * {@code UPDATE items SET nb_of_bids = nb_of_bids + 1, max_bid = CASE WHEN max_bid < ? THEN ? ELSE max_bid END
 * WHERE id = ?} with the <em>bid</em> amount, instead of the original read-then-write that stored the bidder's proxy
 * maximum (and lost updates of nb_of_bids under concurrency).
 */
final class StoreBidServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;
    static final String INSERT_BID = "INSERT INTO bids (user_id, item_id, qty, bid, max_bid, bid_date)"
            + " VALUES (?, ?, ?, ?, ?, ?)";
    static final String UPDATE_ITEM = "UPDATE items SET nb_of_bids = nb_of_bids + 1,"
            + " max_bid = CASE WHEN max_bid < ? THEN ? ELSE max_bid END WHERE id = ?";

    StoreBidServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        int userId = call.params.integer("userId");
        int itemId = call.params.integer("itemId");
        BigDecimal minBid = call.params.price("minBid");
        BigDecimal bid = call.params.price("bid");
        BigDecimal maxBid = call.params.price("maxBid");
        int maxQty = call.params.integer("maxQty");
        int qty = call.params.integer("qty", 1, Integer.MAX_VALUE);
        if (qty > maxQty) {
            throw new UserError("You cannot bid for " + qty + " units: only " + maxQty + " are offered.");
        }
        if (bid.compareTo(minBid) < 0) {
            throw new UserError("Your bid of " + Html.price(bid) + " is below the minimum bid of "
                    + Html.price(minBid) + ".");
        }
        if (maxBid.compareTo(minBid) < 0) {
            throw new UserError("Your maximum bid of " + Html.price(maxBid) + " is below the minimum bid of "
                    + Html.price(minBid) + ".");
        }
        if (maxBid.compareTo(bid) < 0) {
            throw new UserError("Your maximum bid of " + Html.price(maxBid) + " is below your bid of "
                    + Html.price(bid) + ".");
        }
        call.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT_BID)) {
                ps.setInt(1, userId);
                ps.setInt(2, itemId);
                ps.setInt(3, qty);
                ps.setBigDecimal(4, bid);
                ps.setBigDecimal(5, maxBid);
                ps.setTimestamp(6, call.now());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(UPDATE_ITEM)) {
                ps.setBigDecimal(1, bid);
                ps.setBigDecimal(2, bid);
                ps.setInt(3, itemId);
                if (ps.executeUpdate() == 0) {
                    throw Queries.itemDoesNotExist(itemId);
                }
            }
            return null;
        });
        return Html.page("Bid recorded")
                .paragraph("Your bid of " + Html.price(bid) + " for " + qty + " unit(s) has been recorded.")
                .raw("<p>").link("Back to the item", "ViewItem", "itemId", itemId).raw("</p>\n")
                .finish();
    }
}
