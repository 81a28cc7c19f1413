package dev.chorus.rubis.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * StoreBuyNow: records a buy-now purchase. Parameters {@code userId}, {@code itemId}, {@code qty}, {@code maxQty}
 * (all required; the user id is not verified, as in the original). 1 &lt;= qty &lt;= maxQty, else an ERROR page. Then
 * one transaction: take the units from the item's stock, closing the auction (end_date = now) when the last unit
 * goes, then insert the purchase (buyer, item, qty, now).
 *
 * <p>Quirk decision 9 (FIX): the stock update is the atomic
 * {@code UPDATE items SET quantity = quantity - ?, end_date = CASE WHEN quantity = ? THEN ? ELSE end_date END
 * WHERE id = ? AND quantity >= ?}, so the quantity never goes negative; when it updates no row nothing is written
 * (no purchase row) and the page is "Sorry, not enough left" (not an ERROR), or an ERROR page when the item does not
 * exist at all.
 */
final class StoreBuyNowServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;
    static final String UPDATE_ITEM = "UPDATE items SET quantity = quantity - ?,"
            + " end_date = CASE WHEN quantity = ? THEN ? ELSE end_date END WHERE id = ? AND quantity >= ?";
    static final String INSERT_BUY_NOW = "INSERT INTO buy_now (buyer_id, item_id, qty, buy_date) VALUES (?, ?, ?, ?)";

    StoreBuyNowServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        int userId = call.params.integer("userId");
        int itemId = call.params.integer("itemId");
        int qty = call.params.integer("qty", 1, Integer.MAX_VALUE);
        int maxQty = call.params.integer("maxQty");
        if (qty > maxQty) {
            throw new UserError("You cannot buy " + qty + " units: only " + maxQty + " are offered.");
        }
        Integer left = call.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(UPDATE_ITEM)) {
                ps.setInt(1, qty);
                ps.setInt(2, qty);
                ps.setTimestamp(3, call.now());
                ps.setInt(4, itemId);
                ps.setInt(5, qty);
                if (ps.executeUpdate() == 0) {
                    return quantityLeft(c, itemId);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_BUY_NOW)) {
                ps.setInt(1, userId);
                ps.setInt(2, itemId);
                ps.setInt(3, qty);
                ps.setTimestamp(4, call.now());
                ps.executeUpdate();
            }
            return null;
        });
        if (left != null) {
            return Html.page("Buy now")
                    .paragraph("Sorry, not enough left: you asked for " + qty + " unit(s) and " + left
                            + " remain.")
                    .finish();
        }
        return Html.page("Purchase recorded")
                .paragraph("You have bought " + qty + " unit(s) of this item.")
                .raw("<p>").link("Back to the item", "ViewItem", "itemId", itemId).raw("</p>\n")
                .finish();
    }

    /** The stock of an item that could not be bought; a UserError when the item does not exist. */
    private static int quantityLeft(Connection c, int itemId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT quantity FROM items WHERE id = ?")) {
            ps.setInt(1, itemId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw Queries.itemDoesNotExist(itemId);
                }
                return rs.getInt(1);
            }
        }
    }
}
