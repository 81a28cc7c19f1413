package dev.chorus.rubis.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * RegisterUser: creates an account. Parameters, all required: {@code firstname}, {@code lastname}, {@code nickname},
 * {@code password} (at most 20 characters each), {@code email} (at most 50) and {@code region}, a region
 * <em>name</em> matched exactly (unknown: an ERROR page). In auto-commit: the region's id; the nickname must not be
 * taken (taken, or taken meanwhile so that the insert hits the unique constraint: an ERROR page); insert the user
 * (rating 0, balance 0, creation_date now). The confirmation page shows the new user's id (from
 * {@code getGeneratedKeys}, where the original read the row back by nickname) and details. No quirk decision applies.
 */
final class RegisterUserServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;
    static final String INSERT_USER = "INSERT INTO users (firstname, lastname, nickname, password, email, rating,"
            + " balance, creation_date, region) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)";

    RegisterUserServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        String firstname = call.params.text("firstname", 20);
        String lastname = call.params.text("lastname", 20);
        String nickname = call.params.text("nickname", 20);
        String email = call.params.text("email", 50);
        String password = call.params.text("password", 20);
        String region = call.params.text("region", 25);
        Connection c = call.connection();
        int regionId = BrowseCategoriesServlet.regionId(c, region);
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM users WHERE nickname = ?")) {
            ps.setString(1, nickname);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw nicknameTaken(nickname);
                }
            }
        }
        int userId;
        try (PreparedStatement ps = c.prepareStatement(INSERT_USER, new String[] {"id"})) {
            ps.setString(1, firstname);
            ps.setString(2, lastname);
            ps.setString(3, nickname);
            ps.setString(4, password);
            ps.setString(5, email);
            ps.setTimestamp(6, call.now());
            ps.setInt(7, regionId);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the insert into users returned no generated id");
                }
                userId = keys.getInt(1);
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                throw nicknameTaken(nickname);
            }
            throw e;
        }
        Html page = Html.page("Welcome, " + nickname);
        page.paragraph("Your registration has been processed successfully.");
        page.raw("<table>\n");
        page.row("User id", userId);
        page.row("Name", firstname + " " + lastname);
        page.row("Nickname", nickname);
        page.row("E-mail", email);
        page.row("Region", region);
        page.row("Member since", Html.date(call.now()));
        page.raw("</table>\n");
        return page.finish();
    }

    private static UserError nicknameTaken(String nickname) {
        return new UserError("The nickname " + nickname + " is already taken by someone else. Please choose another"
                + " one.");
    }
}
