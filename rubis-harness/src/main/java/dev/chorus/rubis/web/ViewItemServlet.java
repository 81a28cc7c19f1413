package dev.chorus.rubis.web;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * ViewItem: one item's page. Parameter {@code itemId}. The item is read from {@code items}, else from
 * {@code old_items} (a closed auction); in neither: an ERROR page. Then the seller's nickname. The price shown is
 * {@link Queries#currentPrice} (max(max_bid, initial_price), or, for several units with bids, the proxy maximum of
 * the bid that completes the quantity). The page shows the description, the price, whether the reserve price is met,
 * the quantity, the number of bids, the dates, and the links the emulator follows: the seller
 * ({@code ViewUserInfo?userId=SELLER}, the first {@code userId=} of the page), the bid history
 * ({@code ViewBidHistory?itemId=}), bidding ({@code PutBidAuth?itemId=}), buying now ({@code BuyNowAuth?itemId=}, only
 * when buy_now &gt; 0) and commenting on the seller ({@code PutCommentAuth?to=SELLER&itemId=}). No quirk decision
 * applies.
 */
final class ViewItemServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;

    ViewItemServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        int itemId = call.params.integer("itemId");
        Connection c = call.connection();
        Queries.Item item = Queries.anyItem(c, itemId).orElseThrow(() -> Queries.itemDoesNotExist(itemId));
        String seller = Queries.nickname(c, item.seller()).orElse("user " + item.seller());
        BigDecimal price = Queries.currentPrice(c, item, item.maxBid());

        Html page = Html.page(item.name());
        page.raw("<table>\n");
        page.row("Current price", Html.price(price));
        page.row("Initial price", Html.price(item.initialPrice()));
        page.row("Reserve price", reserve(item));
        if (item.buyNow().signum() > 0) {
            page.row("Buy now price", Html.price(item.buyNow()));
        }
        page.row("Quantity", item.quantity());
        page.row("Number of bids", new Html.Fragment(item.nbOfBids() + " ("
                + Html.linkCell("bid history", "ViewBidHistory", "itemId", item.id()).markup() + ")"));
        page.row("Seller", Html.linkCell(seller, "ViewUserInfo", "userId", item.seller()));
        page.row("Started", Html.date(item.startDate()));
        page.row("Ends", Html.date(item.endDate()));
        page.raw("</table>\n<p>");
        page.link("Bid on this item", "PutBidAuth", "itemId", item.id());
        if (item.buyNow().signum() > 0) {
            page.raw(" | ").link("Buy it now for " + Html.price(item.buyNow()), "BuyNowAuth", "itemId", item.id());
        }
        page.raw(" | ").link("Leave a comment about the seller", "PutCommentAuth", "to", item.seller(), "itemId",
                item.id());
        page.raw("</p>\n");
        page.heading("Description").paragraph(item.description() == null ? "" : item.description());
        return page.finish();
    }

    private static String reserve(Queries.Item item) {
        if (item.reservePrice().signum() <= 0) {
            return "none";
        }
        return item.maxBid().compareTo(item.reservePrice()) >= 0 ? "met" : "not met yet";
    }
}
