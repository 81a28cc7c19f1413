package dev.chorus.rubis.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * ViewUserInfo: a user's page. Parameter {@code userId}. The user's row (unknown: an ERROR page): real name,
 * nickname, e-mail, member since, rating; then the comments about the user, oldest first, each with its author's
 * nickname as a {@code ViewUserInfo?userId=} link (the first one is what the emulator follows). The comments are read
 * with one LEFT JOIN ({@link Queries#commentsAbout}) instead of the original's nickname lookup per comment (N+1
 * queries), in auto-commit (one statement); the page content is the same. No quirk decision applies.
 */
final class ViewUserInfoServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;

    ViewUserInfoServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        int userId = call.params.integer("userId");
        Connection c = call.connection();
        Html page;
        try (PreparedStatement ps = c.prepareStatement("SELECT firstname, lastname, nickname, email, creation_date,"
                + " rating FROM users WHERE id = ?")) {
            ps.setInt(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new UserError("User " + userId + " does not exist.");
                }
                page = Html.page("Information about " + rs.getString(3));
                writeUser(page, rs);
            }
        }
        page.heading("Comments about this user");
        Queries.writeComments(page, Queries.commentsAbout(c, userId));
        return page.finish();
    }

    /** The user table from a row of firstname, lastname, nickname, email, creation_date, rating. */
    static void writeUser(Html page, ResultSet rs) throws SQLException {
        page.raw("<table>\n");
        String realName = Objects.toString(rs.getString(1), "") + " " + Objects.toString(rs.getString(2), "");
        page.row("Real name", realName.strip());
        page.row("Nickname", rs.getString(3));
        page.row("E-mail", rs.getString(4));
        page.row("Member since", Html.date(rs.getTimestamp(5)));
        page.row("Rating", rs.getInt(6));
        page.raw("</table>\n");
    }
}
