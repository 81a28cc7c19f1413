package dev.chorus.rubis.run;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** Row counts and the RUBiS invariants, read through Chorus (voted). */
record RubisCounts(long bids, long comments, long buyNows, long items, long users, Map<String, Long> broken) {
    static RubisCounts read(Connection c) throws SQLException {
        Map<String, Long> broken = new LinkedHashMap<>();
        broken.put("items whose nb_of_bids is not their number of bids", one(c, "SELECT COUNT(*) FROM items i WHERE i.nb_of_bids"
                + " <> (SELECT COUNT(*) FROM bids b WHERE b.item_id = i.id)"));
        broken.put("items whose max_bid is below their highest bid", one(c, "SELECT COUNT(*) FROM items i WHERE i.max_bid"
                + " < (SELECT MAX(b.bid) FROM bids b WHERE b.item_id = i.id)"));
        broken.put("users whose rating is not the sum of the comments about them", one(c, "SELECT COUNT(*) FROM users u WHERE"
                + " u.rating <> (SELECT COALESCE(SUM(m.rating), 0) FROM comments m WHERE m.to_user_id = u.id)"));
        broken.values().removeIf(n -> n == 0);
        return new RubisCounts(one(c, "SELECT COUNT(*) FROM bids"), one(c, "SELECT COUNT(*) FROM comments"),
                one(c, "SELECT COUNT(*) FROM buy_now"),
                one(c, "SELECT COUNT(*) FROM items") + one(c, "SELECT COUNT(*) FROM old_items"),
                one(c, "SELECT COUNT(*) FROM users"), broken);
    }

    /** Rows added since {@code before}, by the table the application inserts them into (items: old_items too). */
    Map<String, Long> grownSince(RubisCounts before) {
        Map<String, Long> grown = new LinkedHashMap<>();
        grown.put("bids", bids - before.bids);
        grown.put("comments", comments - before.comments);
        grown.put("buy_now", buyNows - before.buyNows);
        grown.put("items", items - before.items);
        grown.put("users", users - before.users);
        return grown;
    }

    Map<String, Long> brokenInvariants() {
        return broken;
    }

    private static long one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
