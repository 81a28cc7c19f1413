package dev.chorus.rubis.web;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PutBid: the bid form. Parameters {@code itemId}, {@code nickname}, {@code password}. The user logs in (failure: the
 * "no account" ERROR page); the item is read from {@code items} only (absent: an ERROR page), then the seller's
 * nickname and the item's highest bid and bid count ({@code MAX(bid), COUNT(*)} in one query). The page shows the
 * item, its current price ({@link Queries#currentPrice}) and a GET form to StoreBid with the hidden fields
 * {@code minBid}, {@code userId} (the logged-in user), {@code itemId} and {@code maxQty} (the item's quantity), the
 * inputs {@code bid} and {@code maxBid}, and {@code qty} (hidden, 1, when the item has one unit).
 *
 * <p>Quirk decision 4 (FIX): {@code minBid} = max(highest bid, initial_price) + 1, the current price plus one (the
 * original offered 1 for an item without bids). A sold-out item (quantity 0, closed by StoreBuyNow) gives a Sorry page
 * instead of a form the emulator could not fill (it draws the quantity from [1, maxQty]).
 */
final class PutBidServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;

    PutBidServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        Queries.ItemRequest request = Queries.itemRequest(call);
        Queries.Item item = request.item();
        if (item.quantity() <= 0) {
            return Html.page("Bid on " + item.name()).paragraph("Sorry, this item is sold out.").finish();
        }
        int userId = request.userId();
        String nickname = request.nickname();
        String seller = request.seller();
        Connection c = call.connection();
        int itemId = item.id();
        BigDecimal maxBid;
        int nbOfBids;
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(bid), COUNT(*) FROM bids WHERE item_id = ?")) {
            ps.setInt(1, itemId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                BigDecimal max = rs.getBigDecimal(1);
                maxBid = max == null ? BigDecimal.ZERO : max;
                nbOfBids = rs.getInt(2);
            }
        }
        BigDecimal price = Queries.currentPrice(c, item, maxBid);
        BigDecimal minBid = maxBid.max(item.initialPrice()).add(BigDecimal.ONE);

        Html page = Html.page("Bid on " + item.name());
        page.raw("<table>\n");
        page.row("Item", Html.linkCell(item.name(), "ViewItem", "itemId", item.id()));
        page.row("Seller", Html.linkCell(seller, "ViewUserInfo", "userId", item.seller()));
        page.row("Current price", Html.price(price));
        page.row("Quantity", item.quantity());
        page.row("Number of bids", new Html.Fragment(nbOfBids + " ("
                + Html.linkCell("bid history", "ViewBidHistory", "itemId", item.id()).markup() + ")"));
        page.row("Ends", Html.date(item.endDate()));
        page.row("Minimum bid", Html.price(minBid));
        page.raw("</table>\n");
        page.paragraph("You are logged in as " + nickname + ".");
        page.form("StoreBid");
        page.hidden("minBid", Html.price(minBid));
        page.hidden("userId", userId);
        page.hidden("itemId", item.id());
        page.hidden("maxQty", item.quantity());
        page.input("Your bid (at least " + Html.price(minBid) + ")", "bid", "");
        page.input("Your maximum bid (automatic bidding up to this amount)", "maxBid", "");
        if (item.quantity() == 1) {
            page.hidden("qty", 1);
        } else {
            page.input("Quantity (at most " + item.quantity() + ")", "qty", 1);
        }
        page.submit("Bid now!");
        return page.finish();
    }
}
