package dev.chorus.coordinator.bench;

import dev.chorus.coordinator.sql.Analysis;
import dev.chorus.coordinator.sql.SqlAnalyzer;
import dev.chorus.coordinator.translate.Translation;
import dev.chorus.coordinator.translate.Translator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.SQLException;
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
    static final String SELECT_BY_KEY = ItemTable.SELECT_BY_KEY;
    static final String PAGE = "SELECT id, name FROM item WHERE category = ? ORDER BY price DESC LIMIT ? OFFSET ?";

    private ItemTable items;
    private Translator translator;
    private Analysis selectByKey;
    private Analysis page;
    private long epoch;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        items = new ItemTable("translation_bench");
        translator = items.translator();
        SqlAnalyzer analyzer = new SqlAnalyzer();
        selectByKey = analyzer.analyse(SELECT_BY_KEY);
        page = analyzer.analyse(PAGE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        items.close();
    }

    @Benchmark
    public int h2PrimaryKeySelect() throws SQLException {
        return items.primaryKeySelect();
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
