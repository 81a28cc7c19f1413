package dev.chorus.coordinator.bench;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.ResultTable;
import dev.chorus.coordinator.sql.SqlAnalyzer;
import dev.chorus.coordinator.translate.GeneratedColumns;
import dev.chorus.coordinator.translate.SchemaCatalog;
import dev.chorus.coordinator.translate.Translator;
import org.jooq.SQLDialect;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ORDER BY rewrite for index use, on each engine directly: {@code WHERE category = ? ORDER BY id DESC} with
 * LIMIT 20 as the application writes it, against the text Chorus sends ({@code ORDER BY category DESC, id DESC}),
 * over 100,000 rows in 20 categories with an index on (category, id) (and a descending one on Derby).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OrderByRewriteBenchmark {
    static final String QUERY = "SELECT id, name FROM item WHERE category = ? ORDER BY id DESC LIMIT 20";
    /** The same query as standard SQL every engine accepts, without Chorus's rewrite. */
    static final String AS_WRITTEN = "SELECT id, name FROM item WHERE category = ? ORDER BY id DESC FETCH FIRST 20 ROWS ONLY";
    static final int ROWS = 100_000;
    static final int CATEGORIES = 20;

    @Param({"H2", "DERBY", "HSQLDB"})
    public String engine;

    private Connection connection;
    private PreparedStatement asWritten;
    private PreparedStatement translated;
    private String url;
    private int category;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        Engine e = Engine.valueOf(engine);
        String name = "orderby_bench";
        url = switch (e) {
            case H2 -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
            case DERBY -> "jdbc:derby:memory:" + name + ";create=true";
            case HSQLDB -> "jdbc:hsqldb:mem:" + name;
            default -> throw new IllegalArgumentException(engine);
        };
        connection = e == Engine.HSQLDB ? DriverManager.getConnection(url, "SA", "") : DriverManager.getConnection(url);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE item (id INT PRIMARY KEY, category INT NOT NULL, name VARCHAR(40))");
            s.execute("CREATE INDEX item_category_id ON item (category, id)");
            if (e == Engine.DERBY) {
                s.execute("CREATE INDEX item_category_id_desc ON item (category DESC, id DESC)");
            }
        }
        connection.setAutoCommit(false);
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO item VALUES (?, ?, ?)")) {
            for (int i = 0; i < ROWS; i++) {
                ps.setInt(1, i);
                ps.setInt(2, (int) ((i * 7919L) % CATEGORIES));
                ps.setString(3, "item " + i);
                ps.addBatch();
                if (i % 1000 == 999) {
                    ps.executeBatch();
                }
            }
        }
        connection.commit();
        if (e == Engine.DERBY) {
            try (Statement s = connection.createStatement()) {
                s.execute("CALL SYSCS_UTIL.SYSCS_UPDATE_STATISTICS('APP', 'ITEM', NULL)");
            }
            connection.commit();
        }
        SchemaCatalog catalog = new SchemaCatalog();
        ResultTable table = SchemaCatalog.READER.read(connection.getMetaData(), connection.getSchema());
        catalog.load(0, List.of(table), 1);
        Translator translator = new Translator(SQLDialect.H2, EnumSet.of(e), new GeneratedColumns(), catalog);
        try {
            String sql = translator.translate(new SqlAnalyzer().analyse(QUERY), 0).rendered().get(e).sql();
            asWritten = connection.prepareStatement(AS_WRITTEN);
            translated = connection.prepareStatement(sql);
        } finally {
            translator.close();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        asWritten.close();
        translated.close();
        connection.rollback();
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TABLE item");
        }
        connection.commit();
        connection.close();
    }

    @Benchmark
    public int asWritten() throws SQLException {
        return run(asWritten);
    }

    @Benchmark
    public int chorusRewrite() throws SQLException {
        return run(translated);
    }

    private int run(PreparedStatement ps) throws SQLException {
        ps.setInt(1, category);
        category = (category + 1) % CATEGORIES;
        int sum = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sum += rs.getInt(1);
            }
        }
        return sum;
    }
}
