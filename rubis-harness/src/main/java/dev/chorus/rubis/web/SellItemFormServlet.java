package dev.chorus.rubis.web;

import java.sql.SQLException;

/**
 * SellItemForm: the form to put an item up for sale, a GET form to RegisterItem with the hidden fields
 * {@code userId} and {@code categoryId} and the inputs name, description, initialPrice, reservePrice, buyNow,
 * duration (days, 1 to 7) and quantity. Parameters {@code category} and {@code user} (integers; nothing is read). No
 * database access. No quirk decision applies here (the ids the emulator sends are its decision 2).
 */
final class SellItemFormServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;
    private static final String DURATIONS;

    static {
        StringBuilder b = new StringBuilder("<p>Duration: <select name=\"duration\">\n");
        for (int days = 1; days <= 7; days++) {
            b.append("<option value=\"").append(days).append('"').append(days == 7 ? " selected" : "").append('>')
                    .append(days).append(days == 1 ? " day" : " days").append("</option>\n");
        }
        DURATIONS = b.append("</select></p>\n").toString();
    }

    SellItemFormServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        int category = call.params.integer("category");
        int user = call.params.integer("user");
        Html page = Html.page("Sell an item");
        page.form("RegisterItem");
        page.hidden("userId", user);
        page.hidden("categoryId", category);
        page.input("Name", "name", "");
        page.raw("<p>Description:<br><textarea name=\"description\" rows=\"10\" cols=\"60\"></textarea></p>\n");
        page.input("Initial price", "initialPrice", "");
        page.input("Reserve price (optional)", "reservePrice", "");
        page.input("Buy now price (optional)", "buyNow", "");
        page.raw(DURATIONS);
        page.input("Quantity", "quantity", 1);
        page.submit("Register this item");
        return page.finish();
    }
}
