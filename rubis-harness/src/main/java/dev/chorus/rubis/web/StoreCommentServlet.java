package dev.chorus.rubis.web;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;

/**
 * StoreComment: records a comment and updates the rating of the user commented on. Parameters {@code to},
 * {@code from}, {@code itemId}, {@code rating} (one of 5, 3, 0, -3, -5) and {@code comment} (at most 2048 characters;
 * empty allowed). One transaction: insert the comment (from, to, item, rating, now, text), then
 * {@code UPDATE users SET rating = rating + ? WHERE id = ?}; when no user {@code to} exists: rollback and an ERROR
 * page. The single update replaces the original's read-then-write of users.rating (same result, no lost update). No
 * quirk decision applies (the emulator's user id is its decision 2).
 */
final class StoreCommentServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;
    private static final Set<Integer> RATINGS = Set.of(5, 3, 0, -3, -5);
    static final String INSERT_COMMENT = "INSERT INTO comments (from_user_id, to_user_id, item_id, rating,"
            + " comment_date, comment_text) VALUES (?, ?, ?, ?, ?, ?)";
    static final String UPDATE_RATING = "UPDATE users SET rating = rating + ? WHERE id = ?";

    StoreCommentServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        int to = call.params.integer("to");
        int from = call.params.integer("from");
        int itemId = call.params.integer("itemId");
        int rating = call.params.integer("rating");
        if (!RATINGS.contains(rating)) {
            throw new UserError("Parameter rating must be one of 5, 3, 0, -3, -5, not " + rating + ".");
        }
        String comment = call.params.text("comment", 2048, "");
        call.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT_COMMENT)) {
                ps.setInt(1, from);
                ps.setInt(2, to);
                ps.setInt(3, itemId);
                ps.setInt(4, rating);
                ps.setTimestamp(5, call.now());
                ps.setString(6, comment);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(UPDATE_RATING)) {
                ps.setInt(1, rating);
                ps.setInt(2, to);
                if (ps.executeUpdate() == 0) {
                    throw new UserError("User " + to + " does not exist.");
                }
            }
            return null;
        });
        return Html.page("Comment posted")
                .paragraph("Your comment has been posted.")
                .raw("<p>").link("See the user's page", "ViewUserInfo", "userId", to).raw("</p>\n")
                .finish();
    }
}
