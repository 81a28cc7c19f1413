package dev.chorus.coordinator.bench;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.ResultTable;
import dev.chorus.coordinator.sql.Analysis;
import dev.chorus.coordinator.sql.SqlAnalyzer;
import dev.chorus.coordinator.translate.GeneratedColumns;
import dev.chorus.coordinator.translate.SchemaCatalog;
import dev.chorus.coordinator.translate.Translation;
import dev.chorus.coordinator.translate.Translator;
import org.jooq.SQLDialect;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
 * What caching translations saves: a statement's translation for H2, Derby and HSQLDB from the cache, against
 * parsing, rewriting and rendering it anew (and H2 preparing it for its labels), with a primary-key select on
 * in-memory H2 in the same run as the yardstick.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TranslationBenchmark {
    static final String SELECT_BY_KEY = "SELECT id, category, name, price FROM item WHERE id = ?";
    static final String PAGE = "SELECT id, name FROM item WHERE category = ? ORDER BY price DESC LIMIT ? OFFSET ?";

    private Connection h2;
    private PreparedStatement byKey;
    private Translator translator;
    private Analysis selectByKey;
    private Analysis page;
    private long epoch;
    private int id;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        h2 = DriverManager.getConnection("jdbc:h2:mem:translation_bench;DB_CLOSE_DELAY=-1");
        try (Statement s = h2.createStatement()) {
            s.execute("CREATE TABLE item (id INT PRIMARY KEY, category INT NOT NULL, name VARCHAR(40), price DECIMAL(10, 2))");
            s.execute("INSERT INTO item SELECT X, MOD(X, 20), 'item ' || X, X / 100.0 FROM SYSTEM_RANGE(1, 1000)");
        }
        byKey = h2.prepareStatement(SELECT_BY_KEY);
        SchemaCatalog catalog = new SchemaCatalog();
        ResultTable table = SchemaCatalog.READER.read(h2.getMetaData(), h2.getSchema());
        catalog.load(0, List.of(table, table), 2);
        translator = new Translator(SQLDialect.H2, EnumSet.of(Engine.H2, Engine.DERBY, Engine.HSQLDB), new GeneratedColumns(), catalog);
        SqlAnalyzer analyzer = new SqlAnalyzer();
        selectByKey = analyzer.analyse(SELECT_BY_KEY);
        page = analyzer.analyse(PAGE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        translator.close();
        byKey.close();
        try (Statement s = h2.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    @Benchmark
    public int h2PrimaryKeySelect() throws SQLException {
        byKey.setInt(1, 1 + (id++ % 1000));
        try (ResultSet rs = byKey.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    @Benchmark
    public Translation cachedSelectByKey() throws SQLException {
        return translator.translate(selectByKey, 0);
    }

    @Benchmark
    public Translation uncachedSelectByKey() throws SQLException {
        return translator.translate(selectByKey, ++epoch);
    }

    @Benchmark
    public Translation uncachedPagedSelect() throws SQLException {
        return translator.translate(page, ++epoch);
    }
}
