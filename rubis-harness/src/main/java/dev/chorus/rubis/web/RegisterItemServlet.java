package dev.chorus.rubis.web;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;

/**
 * RegisterItem: puts an item up for sale. Parameters {@code name} (required, at most 100 characters),
 * {@code description} (default "No description.", at most 8192), {@code initialPrice} (required),
 * {@code reservePrice} and {@code buyNow} (default 0), {@code duration} (days, required; negative gives an auction
 * that has already ended, as the original allows), {@code quantity} (at least 1), {@code userId}, {@code categoryId}
 * (required; not verified, as in the original). One transaction: insert the item (nb_of_bids 0, max_bid 0,
 * start_date now, end_date now + duration days); the page shows the new item's id with a ViewItem link.
 *
 * <p>Quirk decision 10 (FIX): the new id comes from {@code getGeneratedKeys}, not from a lookup by name (an unindexed
 * scan that could also find another item of the same name).
 */
final class RegisterItemServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;
    /** Longest auction in days, either way (keeps the end date a valid timestamp). */
    static final int MAX_DURATION_DAYS = 3650;
    static final String INSERT_ITEM = "INSERT INTO items (name, description, initial_price, quantity, reserve_price,"
            + " buy_now, nb_of_bids, max_bid, start_date, end_date, seller, category)"
            + " VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?)";

    RegisterItemServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        String name = call.params.text("name", 100);
        String description = call.params.text("description", 8192, "No description.");
        BigDecimal initialPrice = call.params.price("initialPrice");
        BigDecimal reservePrice = call.params.price("reservePrice", BigDecimal.ZERO);
        BigDecimal buyNow = call.params.price("buyNow", BigDecimal.ZERO);
        int duration = call.params.integer("duration", -MAX_DURATION_DAYS, MAX_DURATION_DAYS);
        int quantity = call.params.integer("quantity", 1, Integer.MAX_VALUE);
        int userId = call.params.integer("userId");
        int categoryId = call.params.integer("categoryId");
        Timestamp start = call.now();
        Timestamp end = Timestamp.from(start.toInstant().plus(Duration.ofDays(duration)));
        int itemId = call.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT_ITEM, new String[] {"id"})) {
                ps.setString(1, name);
                ps.setString(2, description);
                ps.setBigDecimal(3, initialPrice);
                ps.setInt(4, quantity);
                ps.setBigDecimal(5, reservePrice);
                ps.setBigDecimal(6, buyNow);
                ps.setTimestamp(7, start);
                ps.setTimestamp(8, end);
                ps.setInt(9, userId);
                ps.setInt(10, categoryId);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("the insert into items returned no generated id");
                    }
                    return keys.getInt(1);
                }
            }
        });
        Html page = Html.page("Item registered");
        page.paragraph("Your item " + name + " has been registered as item " + itemId + ".");
        page.raw("<table>\n");
        page.row("Item id", itemId);
        page.row("Initial price", Html.price(initialPrice));
        page.row("Reserve price", Html.price(reservePrice));
        page.row("Buy now price", Html.price(buyNow));
        page.row("Quantity", quantity);
        page.row("Starts", Html.date(start));
        page.row("Ends", Html.date(end));
        page.raw("</table>\n<p>").link("See the item", "ViewItem", "itemId", itemId).raw("</p>\n");
        return page.finish();
    }
}
