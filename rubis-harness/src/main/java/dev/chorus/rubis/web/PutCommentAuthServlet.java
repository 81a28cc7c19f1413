package dev.chorus.rubis.web;

import java.sql.SQLException;

/**
 * PutCommentAuth: the login form to comment on a user (the seller of an item), sent to PutComment with {@code to}
 * and {@code itemId} as hidden fields. Parameters {@code to} and {@code itemId} (integers; nothing is read). No
 * database access. No quirk decision applies.
 */
final class PutCommentAuthServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;

    PutCommentAuthServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        int to = call.params.integer("to");
        int itemId = call.params.integer("itemId");
        return LoginForms.render("Log in to leave a comment", "PutComment", "to", to, "itemId", itemId);
    }
}
