package dev.chorus.coordinator.bench;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.ResultTable;
import dev.chorus.coordinator.translate.GeneratedColumns;
import dev.chorus.coordinator.translate.SchemaCatalog;
import dev.chorus.coordinator.translate.Translator;
import org.jooq.SQLDialect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;

/**
 * The benchmarks' yardstick: an in-memory H2 table of 1,000 items, a prepared primary-key select on it, and a
 * translator for H2, Derby and HSQLDB that knows the table.
 */
final class ItemTable implements AutoCloseable {
    static final String SELECT_BY_KEY = "SELECT id, category, name, price FROM item WHERE id = ?";

    private final Connection h2;
    private final PreparedStatement byKey;
    private final Translator translator;
    private int id;

    ItemTable(String database) throws SQLException {
        h2 = DriverManager.getConnection("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
        try (Statement s = h2.createStatement()) {
            s.execute("CREATE TABLE item (id INT PRIMARY KEY, category INT NOT NULL, name VARCHAR(40), price DECIMAL(10, 2))");
            s.execute("INSERT INTO item SELECT X, MOD(X, 20), 'item ' || X, X / 100.0 FROM SYSTEM_RANGE(1, 1000)");
        }
        byKey = h2.prepareStatement(SELECT_BY_KEY);
        SchemaCatalog catalog = new SchemaCatalog();
        ResultTable table = SchemaCatalog.READER.read(h2.getMetaData(), h2.getSchema());
        catalog.load(0, List.of(table, table), 2);
        translator = new Translator(SQLDialect.H2, EnumSet.of(Engine.H2, Engine.DERBY, Engine.HSQLDB), new GeneratedColumns(), catalog);
    }

    Connection connection() {
        return h2;
    }

    Translator translator() {
        return translator;
    }

    /** Runs the primary-key select for the next key; the caller reads and closes the result. */
    ResultSet selectNext() throws SQLException {
        byKey.setInt(1, 1 + (id++ % 1000));
        return byKey.executeQuery();
    }

    /** The primary-key select on H2 alone. */
    int primaryKeySelect() throws SQLException {
        try (ResultSet rs = selectNext()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    @Override
    public void close() throws SQLException {
        translator.close();
        byKey.close();
        try (Statement s = h2.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }
}
