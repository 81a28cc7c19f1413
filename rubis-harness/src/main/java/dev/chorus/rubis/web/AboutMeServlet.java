package dev.chorus.rubis.web;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * AboutMe: a user's own page. Parameters {@code nickname} and {@code password} (required). The user logs in
 * (failure: the "no account" ERROR page); the user's row is shown, then six lists, in this order (SPEC.md section
 * 4), with "30 days ago" computed in Java from the request's now:
 * <ol>
 *   <li>current bids: the items of {@code items} still running ({@code end_date >= now}) the user bid on, grouped by
 *       item with the user's highest proxy maximum; per item its row and its seller's nickname;</li>
 *   <li>items the user is selling: {@code items} with seller = me and {@code end_date >= now};</li>
 *   <li>items sold in the last 30 days: {@code items} with seller = me and {@code end_date >= now - 30 days};</li>
 *   <li>items won in the last 30 days: the items of {@code items} the user bid on with
 *       {@code end_date >= now - 30 days}; per item its row and its seller's nickname;</li>
 *   <li>items bought in the last 30 days: the user's {@code buy_now} rows with {@code buy_date >= now - 30 days}; per
 *       row the item (from {@code items}) and its seller's nickname;</li>
 *   <li>the comments about the user, as on ViewUserInfo (one LEFT JOIN instead of a nickname lookup per comment, in
 *       auto-commit; same content).</li>
 * </ol>
 * Items link to ViewItem, sellers to ViewUserInfo. An empty list gives a line saying so (not a Sorry page).
 *
 * <p>Quirk decision 7 (KEEP): the "sold" and "won" lists are date windows only, so they include running auctions,
 * do not check who won, and only {@code items} is consulted (never {@code old_items}).
 */
final class AboutMeServlet extends RubisServlet {
    private static final long serialVersionUID = 1L;
    private static final Duration WINDOW = Duration.ofDays(30);

    AboutMeServlet(WebContext context) {
        super(context);
    }

    @Override
    String serve(Call call) throws SQLException {
        String nickname = call.params.text("nickname", 20);
        String password = call.params.text("password", 20);
        Connection c = call.connection();
        int me = Queries.authenticate(c, nickname, password);
        Timestamp now = call.now();
        Timestamp monthAgo = Timestamp.from(now.toInstant().minus(WINDOW));

        Html page = Html.page("About me: " + nickname);
        try (PreparedStatement ps = c.prepareStatement("SELECT firstname, lastname, nickname, email, creation_date,"
                + " rating FROM users WHERE id = ?")) {
            ps.setInt(1, me);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw UserError.noAccount();
                }
                ViewUserInfoServlet.writeUser(page, rs);
            }
        }

        // 1. current bids
        page.heading("Items you are bidding on");
        List<BidOn> current = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT bids.item_id, MAX(bids.max_bid) FROM bids"
                + " JOIN items ON bids.item_id = items.id WHERE bids.user_id = ? AND items.end_date >= ?"
                + " GROUP BY bids.item_id ORDER BY bids.item_id ASC")) {
            ps.setInt(1, me);
            ps.setTimestamp(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    current.add(new BidOn(rs.getInt(1), rs.getBigDecimal(2)));
                }
            }
        }
        if (current.isEmpty()) {
            page.paragraph("You are not bidding on any item.");
        } else {
            page.raw("<table>\n<tr><th>Item</th><th>Initial price</th><th>Current price</th><th>Your maximum bid</th>"
                    + "<th>Quantity</th><th>Started</th><th>Ends</th><th>Seller</th></tr>\n");
            for (BidOn bid : current) {
                Optional<Queries.Item> item = Queries.activeItem(c, bid.itemId());
                if (item.isPresent()) {
                    Queries.Item i = item.get();
                    page.row(itemLink(i), Html.price(i.initialPrice()), Html.price(i.basePrice()),
                            Html.price(bid.myMaxBid()), i.quantity(), Html.date(i.startDate()),
                            Html.date(i.endDate()), sellerLink(c, i));
                }
            }
            page.raw("</table>\n");
        }

        // 2. currently selling, 3. sold in the last 30 days
        ownItems(c, page, me, now, "Items you are selling", "You are not selling any item.");
        ownItems(c, page, me, monthAgo, "Items you sold in the last 30 days",
                "You did not sell any item in the last 30 days.");

        // 4. won in the last 30 days
        page.heading("Items you won in the last 30 days");
        List<Integer> won = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT bids.item_id FROM bids JOIN items"
                + " ON bids.item_id = items.id WHERE bids.user_id = ? AND items.end_date >= ?"
                + " GROUP BY bids.item_id ORDER BY bids.item_id ASC")) {
            ps.setInt(1, me);
            ps.setTimestamp(2, monthAgo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    won.add(rs.getInt(1));
                }
            }
        }
        if (won.isEmpty()) {
            page.paragraph("You did not win any item in the last 30 days.");
        } else {
            page.raw("<table>\n<tr><th>Item</th><th>Price</th><th>Quantity</th><th>Ends</th><th>Seller</th></tr>\n");
            for (int itemId : won) {
                Optional<Queries.Item> item = Queries.activeItem(c, itemId);
                if (item.isPresent()) {
                    Queries.Item i = item.get();
                    page.row(itemLink(i), Html.price(i.basePrice()), i.quantity(), Html.date(i.endDate()),
                            sellerLink(c, i));
                }
            }
            page.raw("</table>\n");
        }

        // 5. bought in the last 30 days
        page.heading("Items you bought in the last 30 days");
        List<Bought> bought = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT item_id, qty, buy_date FROM buy_now"
                + " WHERE buyer_id = ? AND buy_date >= ? ORDER BY buy_date ASC, id ASC")) {
            ps.setInt(1, me);
            ps.setTimestamp(2, monthAgo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bought.add(new Bought(rs.getInt(1), rs.getInt(2), rs.getTimestamp(3)));
                }
            }
        }
        if (bought.isEmpty()) {
            page.paragraph("You did not buy any item in the last 30 days.");
        } else {
            page.raw("<table>\n<tr><th>Item</th><th>Quantity bought</th><th>Buy now price</th><th>Date</th>"
                    + "<th>Seller</th></tr>\n");
            for (Bought b : bought) {
                Optional<Queries.Item> item = Queries.activeItem(c, b.itemId());
                if (item.isPresent()) {
                    Queries.Item i = item.get();
                    page.row(itemLink(i), b.qty(), Html.price(i.buyNow()), Html.date(b.date()), sellerLink(c, i));
                }
            }
            page.raw("</table>\n");
        }

        // 6. comments about me
        page.heading("Comments about you");
        Queries.writeComments(page, Queries.commentsAbout(c, me));
        return page.finish();
    }

    private record BidOn(int itemId, BigDecimal myMaxBid) {
    }

    private record Bought(int itemId, int qty, Timestamp date) {
    }

    /** Lists 2 and 3: the user's own items of {@code items} ending at or after {@code since}. */
    private static void ownItems(Connection c, Html page, int me, Timestamp since, String heading, String none)
            throws SQLException {
        page.heading(heading);
        int count = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + Queries.ITEM_COLUMNS + " FROM items"
                + " WHERE seller = ? AND end_date >= ? ORDER BY end_date ASC, id ASC")) {
            ps.setInt(1, me);
            ps.setTimestamp(2, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Queries.Item i = Queries.Item.read(rs);
                    if (count++ == 0) {
                        page.raw("<table>\n<tr><th>Item</th><th>Initial price</th><th>Current price</th>"
                                + "<th>Quantity</th><th>Bids</th><th>Started</th><th>Ends</th></tr>\n");
                    }
                    page.row(itemLink(i), Html.price(i.initialPrice()), Html.price(i.basePrice()), i.quantity(),
                            i.nbOfBids(), Html.date(i.startDate()), Html.date(i.endDate()));
                }
            }
        }
        if (count == 0) {
            page.paragraph(none);
        } else {
            page.raw("</table>\n");
        }
    }

    private static Html.Fragment itemLink(Queries.Item item) {
        return Html.linkCell(item.name(), "ViewItem", "itemId", item.id());
    }

    /** The seller's nickname (one lookup per item, as in the original) as a ViewUserInfo link. */
    private static Html.Fragment sellerLink(Connection c, Queries.Item item) throws SQLException {
        String seller = Queries.nickname(c, item.seller()).orElse("user " + item.seller());
        return Html.linkCell(seller, "ViewUserInfo", "userId", item.seller());
    }
}
