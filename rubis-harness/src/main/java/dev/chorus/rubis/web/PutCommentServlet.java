package dev.chorus.rubis.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PutComment: the form to comment on a user about an item. Parameters {@code to} (the user commented on, the item's
 * seller), {@code itemId}, {@code nickname}, {@code password}. The user logs in (failure: the "no account" ERROR
 * page); the nickname of {@code to} and the item's name (from {@code items} only) are read (either absent: an ERROR
 * page). The page has a GET form to StoreComment with the hidden fields {@code to}, {@code from} (the logged-in user)
 * and {@code itemId}, a {@code rating} choice (5, 3, 0, -3, -5; 0 selected) and a {@code comment} text area. No quirk
 * decision applies.
 */
final class PutCommentServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;
    private static final String RATINGS = "<p>Rating: <select name=\"rating\">\n"
            + "<option value=\"5\">Excellent (5)</option>\n"
            + "<option value=\"3\">Average (3)</option>\n"
            + "<option value=\"0\" selected>Neutral (0)</option>\n"
            + "<option value=\"-3\">Below average (-3)</option>\n"
            + "<option value=\"-5\">Bad (-5)</option>\n"
            + "</select></p>\n";

    PutCommentServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        int to = call.params.integer("to");
        int itemId = call.params.integer("itemId");
        String nickname = call.params.text("nickname", 20);
        String password = call.params.text("password", 20);
        Connection c = call.connection();
        int from = Queries.authenticate(c, nickname, password);
        String toNickname = Queries.requireNickname(c, to);
        String itemName;
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
            ps.setInt(1, itemId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw Queries.itemDoesNotExist(itemId);
                }
                itemName = rs.getString(1);
            }
        }
        Html page = Html.page("Comment on " + toNickname);
        page.raw("<p>").text("Your comment about ").link(toNickname, "ViewUserInfo", "userId", to)
                .text(" as the seller of ").link(itemName, "ViewItem", "itemId", itemId).raw("</p>\n");
        page.paragraph("You are logged in as " + nickname + ".");
        page.form("StoreComment");
        page.hidden("to", to);
        page.hidden("from", from);
        page.hidden("itemId", itemId);
        page.raw(RATINGS);
        page.raw("<p>Comment:<br><textarea name=\"comment\" rows=\"10\" cols=\"60\"></textarea></p>\n");
        page.submit("Post this comment");
        return page.finish();
    }
}
