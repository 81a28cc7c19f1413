package dev.chorus.rubis.web;

import java.sql.SQLException;

/**
 * BuyNow: the buy-now form. Parameters {@code itemId}, {@code nickname}, {@code password}. The user logs in (failure:
 * the "no account" ERROR page); the item is read from {@code items} (absent: an ERROR page), then the seller's
 * nickname. The page shows the item and a GET form to StoreBuyNow with the hidden fields {@code userId} (the
 * logged-in user), {@code itemId} and {@code maxQty} (the item's quantity) and the input {@code qty}.
 *
 * <p>Quirk decision 9: as decided, the form is shown even when the item has no buy-now price (buy_now = 0; the price
 * shown is then the current price); the stock check is StoreBuyNow's. A sold-out item (quantity 0) gives a Sorry page
 * instead of a form the emulator could not fill (it draws the quantity from [1, maxQty]).
 */
final class BuyNowServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;

    BuyNowServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        Queries.ItemRequest request = Queries.itemRequest(call);
        Queries.Item item = request.item();
        if (item.quantity() <= 0) {
            return Html.page("Buy " + item.name() + " now").paragraph("Sorry, this item is sold out.").finish();
        }
        int userId = request.userId();
        String nickname = request.nickname();
        String seller = request.seller();

        Html page = Html.page("Buy " + item.name() + " now");
        page.raw("<table>\n");
        page.row("Item", Html.linkCell(item.name(), "ViewItem", "itemId", item.id()));
        page.row("Seller", Html.linkCell(seller, "ViewUserInfo", "userId", item.seller()));
        page.row("Buy now price", Html.price(item.buyNow().signum() > 0 ? item.buyNow() : item.basePrice()));
        page.row("Quantity available", item.quantity());
        page.row("Ends", Html.date(item.endDate()));
        page.raw("</table>\n");
        page.paragraph("You are logged in as " + nickname + ".");
        page.form("StoreBuyNow");
        page.hidden("userId", userId);
        page.hidden("itemId", item.id());
        page.hidden("maxQty", item.quantity());
        page.input("Quantity (at most " + item.quantity() + ")", "qty", 1);
        page.submit("Buy now!");
        return page.finish();
    }
}
