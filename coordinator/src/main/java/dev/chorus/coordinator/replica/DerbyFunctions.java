package dev.chorus.coordinator.replica;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Functions of the application dialect that Derby lacks, installed as Java functions in Derby's schema
 * {@value #SCHEMA} the first time Chorus connects to a Derby replica; the translator calls them there. They are
 * not part of the replicated state (no data), so installing them changes nothing any other replica must see.
 *
 * <p>Derby loads these classes itself: the Derby replica must run in the coordinator's JVM (embedded) or have
 * Chorus's coordinator jar on its classpath.
 */
public final class DerbyFunctions {
    /** The schema of Chorus's Derby functions. */
    public static final String SCHEMA = "CHORUS_FN";

    private static final String[] CREATE = {
            "CREATE FUNCTION \"" + SCHEMA + "\".\"REPLACE\"(S VARCHAR(32672), SEARCH VARCHAR(32672), REPLACEMENT VARCHAR(32672))"
                    + " RETURNS VARCHAR(32672) PARAMETER STYLE JAVA NO SQL LANGUAGE JAVA DETERMINISTIC CALLED ON NULL INPUT"
                    + " EXTERNAL NAME '" + DerbyFunctions.class.getName() + ".replace'"};

    private DerbyFunctions() {
    }

    /**
     * H2's REPLACE: every occurrence of {@code search} replaced, left to right; NULL when any argument is NULL; the
     * string itself when {@code search} is empty.
     */
    public static String replace(String s, String search, String replacement) {
        if (s == null || search == null || replacement == null) {
            return null;
        }
        return search.isEmpty() ? s : s.replace(search, replacement);
    }

    /** Creates the functions on a Derby database that does not have them yet, and commits. */
    public static void install(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            boolean present;
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM SYS.SYSALIASES A JOIN SYS.SYSSCHEMAS S"
                    + " ON A.SCHEMAID = S.SCHEMAID WHERE S.SCHEMANAME = '" + SCHEMA + "'")) {
                present = rs.next() && rs.getInt(1) >= CREATE.length;
            }
            if (!present) {
                for (String sql : CREATE) {
                    st.execute(sql);
                }
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }
}
