package dev.chorus.rubis.web;

import java.sql.SQLException;

/**
 * PutBidAuth: the login form to bid on an item, sent to PutBid with {@code itemId} as a hidden field. Parameter
 * {@code itemId} (an integer; the item is not read). No database access. No quirk decision applies.
 */
final class PutBidAuthServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;

    PutBidAuthServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        int itemId = call.params.integer("itemId");
        return LoginForms.render("Log in to bid", "PutBid", "itemId", itemId);
    }
}
