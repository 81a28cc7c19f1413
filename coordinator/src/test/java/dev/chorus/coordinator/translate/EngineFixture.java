package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.ResultTable;
import dev.chorus.coordinator.sql.SqlAnalyzer;
import org.jooq.SQLDialect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Real in-memory H2, Derby and HSQLDB databases with the same tables, and a translator whose schema catalog was
 * read from them, for tests that run translated SQL on the engines themselves.
 */
final class EngineFixture implements AutoCloseable {
    private final String name;
    private final Map<Engine, Connection> connections = new EnumMap<>(Engine.class);
    private final SqlAnalyzer analyzer = new SqlAnalyzer();
    private Translator translator;
    private SchemaCatalog catalog;
    private final GeneratedColumns generated = new GeneratedColumns();

    /** Opens the databases and runs the statements (plain SQL every engine accepts) on each. */
    EngineFixture(String name, List<String> setup) throws SQLException {
        this.name = name;
        for (Engine e : List.of(Engine.H2, Engine.DERBY, Engine.HSQLDB)) {
            connections.put(e, dev.chorus.coordinator.TestEngines.open(e, name));
        }
        for (Connection c : connections.values()) {
            try (Statement s = c.createStatement()) {
                for (String sql : setup) {
                    s.execute(sql);
                }
            }
        }
        SchemaCatalog catalog = new SchemaCatalog();
        List<ResultTable> answers = new ArrayList<>();
        List<ResultTable> constraints = new ArrayList<>();
        for (Connection c : connections.values()) {
            answers.add(SchemaCatalog.READER.read(c.getMetaData(), c.getSchema()));
            constraints.add(SchemaCatalog.CONSTRAINTS_READER.read(c.getMetaData(), c.getSchema()));
        }
        catalog.load(0, answers, constraints, 2);
        this.catalog = catalog;
        translator = new Translator(SQLDialect.H2, EnumSet.of(Engine.H2, Engine.DERBY, Engine.HSQLDB), generated, catalog);
    }

    /** The identity and default columns the coordinator fills (none unless a test registers some). */
    GeneratedColumns generated() {
        return generated;
    }

    SchemaCatalog catalog() {
        return catalog;
    }

    Translation translate(String sql) throws SQLException {
        return translator.translate(analyzer.analyse(sql), 0);
    }

    /** The rows a query gives on one engine, values as getObject returns them. */
    List<List<Object>> query(Engine e, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = connections.get(e).createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        for (Connection c : connections.values()) {
            c.close();
        }
        try {
            DriverManager.getConnection("jdbc:derby:memory:" + name + ";drop=true");
        } catch (SQLException expected) {
            // Derby reports a dropped database with an exception
        }
    }
}
