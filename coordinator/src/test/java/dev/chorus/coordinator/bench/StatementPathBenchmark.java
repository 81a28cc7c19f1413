package dev.chorus.coordinator.bench;

import dev.chorus.coordinator.lock.LockManager;
import dev.chorus.coordinator.lock.LockMode;
import dev.chorus.coordinator.lock.Resource;
import dev.chorus.coordinator.replica.SpinningQueue;
import dev.chorus.coordinator.sql.Analysis;
import dev.chorus.coordinator.sql.SqlAnalyzer;
import dev.chorus.coordinator.translate.Translation;
import dev.chorus.coordinator.translate.Translator;
import dev.chorus.coordinator.vote.Answer;
import dev.chorus.coordinator.vote.Canonicalizer;
import dev.chorus.coordinator.vote.Vote;
import dev.chorus.writeset.Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The pieces of a statement's path through the coordinator, each on its own, with an in-memory H2 primary-key
 * select in the same run as the yardstick: the analysis and translation cache hit, taking and releasing a row lock
 * (with its table intention lock), handing a call to two replica threads and collecting their answers (with and
 * without the short spin before blocking, {@link SpinningQueue}), canonicalising a one-row result, a SHA-256
 * digest of a canonical row, and the vote on three answers.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -pl coordinator -Pbench -DskipTests verify -Dbench.args="-f 1 -wi 3 -i 5 -w 1s -r 1s StatementPathBenchmark"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StatementPathBenchmark {
    static final String SELECT_BY_KEY = ItemTable.SELECT_BY_KEY;

    private ItemTable items;
    private SqlAnalyzer analyzer;
    private Translator translator;
    private LockManager locks;
    private long tx;
    private final Canonicalizer canonicalizer = new Canonicalizer(12);
    private byte[] row;
    private List<Vote.Ballot<Integer>> ballots;
    private ExecutorService[] spinning;
    private ExecutorService[] blocking;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        items = new ItemTable("statement_path_bench");
        translator = items.translator();
        analyzer = new SqlAnalyzer();
        translator.translate(analyzer.analyse(SELECT_BY_KEY), 0);
        locks = new LockManager(Duration.ofSeconds(10));
        row = "[1,\"item 1\",0.01,1]".getBytes(StandardCharsets.UTF_8);
        Answer a = canonicalizer.count(1, null);
        ballots = List.of(new Vote.Ballot<>(0, a), new Vote.Ballot<>(1, canonicalizer.count(1, null)), new Vote.Ballot<>(2, a));
        spinning = new ExecutorService[] {executor(new SpinningQueue<>()), executor(new SpinningQueue<>())};
        blocking = new ExecutorService[] {executor(new LinkedBlockingQueue<>()), executor(new LinkedBlockingQueue<>())};
    }

    private static ExecutorService executor(BlockingQueue<Runnable> queue) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, queue, r -> {
            Thread t = new Thread(r, "bench-replica");
            t.setDaemon(true);
            return t;
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        for (ExecutorService e : List.of(spinning[0], spinning[1], blocking[0], blocking[1])) {
            e.shutdownNow();
        }
        items.close();
    }

    @Benchmark
    public int h2PrimaryKeySelect() throws SQLException {
        return items.primaryKeySelect();
    }

    /** The analysis and the translation for three engines, both from their caches. */
    @Benchmark
    public Translation analysisAndTranslationCacheHit() throws SQLException {
        Analysis a = analyzer.analyse(SELECT_BY_KEY);
        return translator.translate(a, 0);
    }

    /** A row's X lock and its table's IX lock taken and released, the transaction then forgotten. */
    @Benchmark
    public LockManager.Grant rowLock() throws SQLException {
        long t = ++tx;
        LockManager.Grant g = locks.acquire(t, List.of(new LockManager.Request(Resource.table("ITEM"), LockMode.IX),
                new LockManager.Request(Resource.row("ITEM", List.of((Object) (int) (t % 1000))), LockMode.X)));
        locks.releaseAll(t);
        locks.forget(t);
        return g;
    }

    /** The same H2 select with its one-row result canonicalised and digested (the difference is Chorus's part). */
    @Benchmark
    public Answer.Rows h2SelectCanonicalised() throws SQLException {
        try (ResultSet rs = items.selectNext()) {
            return canonicalizer.rows(rs, 0, null);
        }
    }

    @Benchmark
    public Digest sha256OfCanonicalRow() {
        return Digest.sha256(row, 0, row.length);
    }

    @Benchmark
    public Vote<Integer> voteOnThreeAnswers() {
        return Vote.count(ballots, 2);
    }

    /** A call handed to two replica threads and both answers collected, with the spin before blocking. */
    @Benchmark
    public Integer handOffToTwoReplicasSpinning() throws InterruptedException {
        return handOff(spinning, new SpinningQueue<>());
    }

    /** The same with plain blocking queues: every hand-off wakes a parked thread. */
    @Benchmark
    public Integer handOffToTwoReplicasBlocking() throws InterruptedException {
        return handOff(blocking, new LinkedBlockingQueue<>());
    }

    private static Integer handOff(ExecutorService[] replicas, BlockingQueue<Integer> answers) throws InterruptedException {
        for (int i = 0; i < replicas.length; i++) {
            int n = i;
            replicas[i].execute(() -> answers.add(n));
        }
        int sum = 0;
        for (int i = 0; i < replicas.length; i++) {
            sum += answers.poll(10, TimeUnit.SECONDS);
        }
        return sum;
    }
}
