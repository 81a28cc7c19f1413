package dev.chorus.rubis.web;

import java.sql.SQLException;

/**
 * BuyNowAuth: the login form to buy an item now, sent to BuyNow with {@code itemId} as a hidden field. Parameter
 * {@code itemId} (an integer; the item is not read). No database access. No quirk decision applies.
 */
final class BuyNowAuthServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;

    BuyNowAuthServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        int itemId = call.params.integer("itemId");
        return LoginForms.render("Log in to buy now", "BuyNow", "itemId", itemId);
    }
}
