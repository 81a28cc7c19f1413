package dev.chorus.coordinator.translate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The column labels H2 (the application dialect) gives a query, whichever engines answer it: Derby labels an
 * unnamed expression by its position, HSQLDB as C1, PostgreSQL as ?column?, H2 by the expression's text. An empty
 * in-memory H2 database private to the coordinator holds the tables of the {@link SchemaCatalog} (no rows), and
 * preparing the query there (never executing it) gives its labels.
 *
 * <p>Thread-safe; the database is rebuilt when the catalog changes.
 */
public final class LabelOracle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LabelOracle.class);

    private final String url = "jdbc:h2:mem:chorus-labels-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private Connection connection;
    private Object builtFor;

    /**
     * The labels H2 gives the query, or null when it cannot tell (H2 refuses the statement, or it is not a query).
     *
     * @param sql the application's query text, with {@code ?} placeholders
     */
    public synchronized List<String> labels(String sql, SchemaCatalog catalog) {
        try {
            ensureSchema(catalog);
            for (int attempt = 0; ; attempt++) {
                try {
                    return prepareForLabels(sql);
                } catch (SQLException e) {
                    // the catalog holds tables, not sequences: make a sequence the query uses and try again
                    java.util.regex.Matcher m = SEQUENCE_NOT_FOUND.matcher(String.valueOf(e.getMessage()));
                    if (e.getErrorCode() != 90036 || attempt >= 8 || !m.find()) {
                        throw e;
                    }
                    try (java.sql.Statement st = connection.createStatement()) {
                        st.execute("CREATE SEQUENCE IF NOT EXISTS " + quote(m.group(1)));
                    }
                }
            }
        } catch (SQLException e) {
            LOG.debug("no H2 labels for {}: {}", sql, e.getMessage());
            return null;
        }
    }

    private static final java.util.regex.Pattern SEQUENCE_NOT_FOUND = java.util.regex.Pattern.compile("Sequence \"([^\"]+)\" not found");

    private List<String> prepareForLabels(String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ResultSetMetaData md = ps.getMetaData();
            if (md == null) {
                return null;
            }
            List<String> out = new ArrayList<>(md.getColumnCount());
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnLabel(i));
            }
            return out;
        }
    }

    private void ensureSchema(SchemaCatalog catalog) throws SQLException {
        Object tables = catalog.tables();
        if (connection != null && builtFor == tables) {
            return;
        }
        if (connection == null) {
            connection = DriverManager.getConnection(url);
        }
        try (Statement st = connection.createStatement()) {
            st.execute("DROP ALL OBJECTS");
            TreeSet<String> schemas = new TreeSet<>();
            for (SchemaCatalog.TableInfo t : catalog.tables().values()) {
                if (!t.schema().isEmpty() && schemas.add(t.schema())) {
                    st.execute("CREATE SCHEMA " + quote(t.schema()));
                }
                StringBuilder ddl = new StringBuilder("CREATE TABLE ");
                ddl.append(t.schema().isEmpty() ? "" : quote(t.schema()) + ".").append(quote(t.name())).append(" (");
                for (int i = 0; i < t.columns().size(); i++) {
                    SchemaCatalog.ColumnInfo c = t.columns().get(i);
                    ddl.append(i == 0 ? "" : ", ").append(quote(c.name())).append(' ').append(typeName(c));
                }
                st.execute(ddl.append(')').toString());
            }
        }
        builtFor = tables;
    }

    private static String typeName(SchemaCatalog.ColumnInfo c) {
        if (c.type() == null) {
            return "VARCHAR";
        }
        return switch (c.type()) {
            case "DECIMAL" -> "DECIMAL(" + Math.max(1, c.precision()) + ", " + c.scale() + ")";
            case "CHAR" -> "CHAR(" + Math.max(1, c.precision()) + ")";
            case "VARCHAR" -> "VARCHAR(" + Math.max(1, c.precision()) + ")";
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "DOUBLE", "CLOB", "BOOLEAN", "DATE", "TIME", "TIMESTAMP" -> c.type();
            case "BINARY" -> "VARBINARY";
            default -> "VARCHAR";
        };
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try (Statement st = connection.createStatement()) {
                st.execute("SHUTDOWN");
            } catch (SQLException e) {
                LOG.debug("closing the label database: {}", e.getMessage());
            }
            connection = null;
        }
    }
}
