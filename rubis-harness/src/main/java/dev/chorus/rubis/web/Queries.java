package dev.chorus.rubis.web;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reads several servlets share (portable SQL: {@code ?} parameters only, every multi-row query totally ordered).
 */
final class Queries {
    /** The columns of {@code items} and {@code old_items}, in the order {@link Item#read} expects. */
    static final String ITEM_COLUMNS = "id, name, description, initial_price, quantity, reserve_price, buy_now,"
            + " nb_of_bids, max_bid, start_date, end_date, seller, category";

    private Queries() {
    }

    /** A row of {@code items} or {@code old_items}. */
    record Item(int id, String name, String description, BigDecimal initialPrice, int quantity,
                BigDecimal reservePrice, BigDecimal buyNow, int nbOfBids, BigDecimal maxBid, Timestamp startDate,
                Timestamp endDate, int seller, int category) {

        static Item read(ResultSet rs) throws SQLException {
            return new Item(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getInt(5),
                    rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getInt(8), rs.getBigDecimal(9), rs.getTimestamp(10),
                    rs.getTimestamp(11), rs.getInt(12), rs.getInt(13));
        }

        /** max(max_bid, initial_price): the price shown for a single-unit auction and in lists. */
        BigDecimal basePrice() {
            return maxBid.max(initialPrice);
        }
    }

    /** A comment with its author's nickname (null when the author does not exist). */
    record Comment(int fromUserId, String fromNickname, Timestamp date, int rating, String text) {
    }

    /**
     * "auth": the id of the user with this nickname and password ({@code users_auth} index).
     *
     * @throws UserError the RUBiS "no account" error when there is none (or a credential is missing)
     */
    static int authenticate(Connection c, String nickname, String password) throws SQLException {
        if (nickname == null || password == null) {
            throw UserError.noAccount();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM users WHERE nickname = ? AND password = ?")) {
            ps.setString(1, nickname);
            ps.setString(2, password);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw UserError.noAccount();
                }
                return rs.getInt(1);
            }
        }
    }

    /** A user's nickname. */
    static Optional<String> nickname(Connection c, int userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT nickname FROM users WHERE id = ?")) {
            ps.setInt(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** A user's nickname, or a {@link UserError} saying that the user does not exist. */
    static String requireNickname(Connection c, int userId) throws SQLException {
        return nickname(c, userId).orElseThrow(() -> new UserError("User " + userId + " does not exist."));
    }

    /** An auction in progress (a row of {@code items}). */
    static Optional<Item> activeItem(Connection c, int itemId) throws SQLException {
        return item(c, "SELECT " + ITEM_COLUMNS + " FROM items WHERE id = ?", itemId);
    }

    /**
     * A logged-in user's request about an active item (BuyNow, PutBid): the user, the item and its seller's
     * nickname, from the parameters {@code itemId}, {@code nickname} and {@code password}.
     */
    record ItemRequest(int userId, String nickname, Item item, String seller) {
    }

    static ItemRequest itemRequest(Call call) throws SQLException {
        int itemId = call.params.integer("itemId");
        String nickname = call.params.text("nickname", 20);
        String password = call.params.text("password", 20);
        Connection c = call.connection();
        int userId = authenticate(c, nickname, password);
        Item item = requireActiveItem(c, itemId);
        String seller = nickname(c, item.seller()).orElse("user " + item.seller());
        return new ItemRequest(userId, nickname, item, seller);
    }

    /** An auction in progress, or a {@link UserError} saying that it does not exist. */
    static Item requireActiveItem(Connection c, int itemId) throws SQLException {
        return activeItem(c, itemId).orElseThrow(() -> itemDoesNotExist(itemId));
    }

    /** A row of {@code items}, else of {@code old_items} (closed auctions). */
    static Optional<Item> anyItem(Connection c, int itemId) throws SQLException {
        Optional<Item> item = activeItem(c, itemId);
        return item.isPresent() ? item : item(c, "SELECT " + ITEM_COLUMNS + " FROM old_items WHERE id = ?", itemId);
    }

    static UserError itemDoesNotExist(int itemId) {
        return new UserError("Item " + itemId + " does not exist.");
    }

    private static Optional<Item> item(Connection c, String sql, int itemId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, itemId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Item.read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * The price ViewItem and PutBid show (SPEC.md section 4): max(max_bid, initial_price); when the item has bids
     * (maxBid non-zero) and more than one unit, the item's bids by decreasing amount (at most quantity of them) are
     * walked accumulating their quantities, and the proxy maximum of the bid where the sum reaches the item's
     * quantity is the price (if the sum never reaches it, the first rule stands).
     */
    static BigDecimal currentPrice(Connection c, Item item, BigDecimal maxBid) throws SQLException {
        BigDecimal price = maxBid.max(item.initialPrice());
        if (maxBid.signum() == 0 || item.quantity() <= 1) {
            return price;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, qty, max_bid FROM bids WHERE item_id = ?"
                + " ORDER BY bid DESC, id ASC OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
            ps.setInt(1, item.id());
            ps.setInt(2, item.quantity());
            try (ResultSet rs = ps.executeQuery()) {
                int units = 0;
                while (rs.next()) {
                    units += rs.getInt(2);
                    if (units >= item.quantity()) {
                        return rs.getBigDecimal(3);
                    }
                }
            }
        }
        return price;
    }

    /**
     * The comments about a user with their authors' nicknames, oldest first. One LEFT JOIN replaces the original's
     * nickname lookup per comment (N+1 queries); the page content is the same.
     */
    static List<Comment> commentsAbout(Connection c, int userId) throws SQLException {
        List<Comment> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT comments.from_user_id, users.nickname,"
                + " comments.comment_date, comments.rating, comments.comment_text FROM comments"
                + " LEFT JOIN users ON comments.from_user_id = users.id WHERE comments.to_user_id = ?"
                + " ORDER BY comments.id ASC")) {
            ps.setInt(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Comment(rs.getInt(1), rs.getString(2), rs.getTimestamp(3), rs.getInt(4),
                            rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** Writes a list of comments (author link, date, rating, text), or a line saying there is none. */
    static void writeComments(Html page, List<Comment> comments) {
        if (comments.isEmpty()) {
            page.paragraph("There are no comments for this user.");
            return;
        }
        page.raw("<dl>\n");
        for (Comment comment : comments) {
            String author = comment.fromNickname() == null ? "user " + comment.fromUserId() : comment.fromNickname();
            page.raw("<dt>").link(author, "ViewUserInfo", "userId", comment.fromUserId())
                    .text(" wrote on " + Html.date(comment.date()) + " (rating " + comment.rating() + "):")
                    .raw("</dt>\n<dd>").text(comment.text() == null ? "" : comment.text()).raw("</dd>\n");
        }
        page.raw("</dl>\n");
    }
}
