package dev.chorus.rubis.emulator;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the emulator against {@link FakeRubisServer}, a contract-conforming stand-in of the web application. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmulatorIT {
    private static final int NB_USERS = 1000;

    private static EmulatorConfig.Builder config(URI base, int clients, long seed) {
        return EmulatorConfig.builder(base)
                .table(TransitionTable.biddingMix())
                .clients(clients)
                .thinkTimeScale(0.002) // mean think time 14 ms
                .nbUsers(NB_USERS)
                .nbItems(5000)
                .seed(seed)
                .maxTransitions(100)
                .retryDelay(Duration.ofMillis(100))
                .stopTimeout(Duration.ofSeconds(5))
                .progressInterval(Duration.ofSeconds(1));
    }

    @Test
    void biddingMixRunAgainstAFakeSite() throws IOException {
        int clients = 6;
        try (FakeRubisServer server = new FakeRubisServer(NB_USERS)) {
            EmulatorConfig cfg = config(server.baseUri(), clients, 7)
                    .phases(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(1)).build();
            Stats stats = new Emulator(cfg).run();

            // every request followed the contract
            assertThat(server.violations()).isEmpty();
            assertNoClientThreadLeft(stats);

            PhaseStats all = stats.overall();
            List<FakeRubisServer.Hit> hits = server.allHits();
            // what the server saw and what was counted agree per state, up to one request in flight per client
            Map<State, Long> served = new EnumMap<>(State.class);
            Map<State, Long> servedErrors = new EnumMap<>(State.class);
            for (FakeRubisServer.Hit h : hits) {
                served.merge(h.state(), 1L, Long::sum);
                if (h.kind() == FakeRubisServer.Kind.ERROR) {
                    servedErrors.merge(h.state(), 1L, Long::sum);
                }
            }
            long missing = 0;
            for (State s : State.all()) {
                if (s.isPseudo()) {
                    continue;
                }
                long diff = served.getOrDefault(s, 0L) - all.requests(s);
                assertThat(diff).as("served - counted for %s", s).isBetween(0L, (long) clients);
                missing += diff;
                assertThat(all.latencyMicros(s).getTotalCount()).isEqualTo(all.requests(s));
            }
            assertThat(missing).isBetween(0L, (long) clients);
            // (about 1500 requests on an idle machine; far fewer only on a heavily loaded one)
            assertThat(all.requests()).isEqualTo(hits.size() - missing).isGreaterThan(200);

            // the walk visits the frequent states of the bidding mix (each at least 4 % of the requests)
            for (State s : List.of(State.HOME, State.BROWSE, State.BROWSE_CATEGORIES, State.SEARCH_ITEMS_IN_CATEGORY,
                    State.SEARCH_ITEMS_IN_REGION, State.VIEW_ITEM, State.VIEW_USER_INFO, State.PUT_BID_AUTH,
                    State.PUT_BID, State.STORE_BID)) {
                assertThat(all.count(s)).as("count of %s", s).isPositive();
            }
            // errors: only the deliberate ERROR pages of ViewItem
            assertThat(all.errors(State.VIEW_ITEM)).isPositive()
                    .isBetween(servedErrors.getOrDefault(State.VIEW_ITEM, 0L) - clients,
                            servedErrors.getOrDefault(State.VIEW_ITEM, 0L));
            assertThat(all.totalErrors()).isEqualTo(all.errors(State.VIEW_ITEM));
            assertThat(servedErrors.keySet()).containsOnly(State.VIEW_ITEM);
            // pseudo-states and sessions
            assertThat(all.count(State.BACK)).isPositive();
            assertThat(all.count(State.END)).isPositive();
            assertThat(all.completedSessions()).isGreaterThanOrEqualTo(all.count(State.END));
            assertThat(all.sessionDurationsMillis().getTotalCount()).isEqualTo(all.completedSessions());
            assertThat(all.meanSessionSeconds()).isPositive();
            assertThat(all.totalCount() + all.totalErrors())
                    .isEqualTo(all.requests() + all.count(State.BACK) + all.count(State.END));
            assertThat(all.unreachable()).isZero();
            // images: the logo of every page, plus one per search result row
            assertThat(server.imageHits()).isGreaterThan(hits.size());

            // phases: each has traffic and its planned length; the phases add up
            long sum = 0;
            for (Phase p : Phase.values()) {
                assertThat(stats.phase(p).requests()).as("requests in %s", p).isPositive();
                assertThat(stats.actualDuration(p)).isEqualTo(stats.plannedDuration(p));
                sum += stats.phase(p).requests();
            }
            assertThat(sum).isEqualTo(all.requests());
            assertThat(stats.throughput(Phase.STEADY)).isGreaterThan(stats.requestThroughput(Phase.STEADY));

            // the per-second series covers the 5 s of the run and adds up to the counts
            long[] perSecond = stats.requestsPerSecond();
            assertThat(perSecond).hasSize(5);
            assertThat(sum(perSecond)).isEqualTo(all.requests());
            assertThat(perSecond).doesNotContain(0L);
            assertThat(sum(stats.errorsPerSecond())).isEqualTo(all.totalErrors());

            Histogram latency = all.latencyMicros();
            assertThat(latency.getTotalCount()).isEqualTo(all.requests());
            assertThat(latency.getValueAtPercentile(50)).isPositive();
            assertThat(all.meanMillis()).isPositive();

            // walk semantics, per client, from the server's log
            Map<String, List<FakeRubisServer.Hit>> byClient = server.hitsByClient();
            assertThat(byClient).hasSize(clients);
            int errorsFollowed = 0;
            int sorriesFollowed = 0;
            for (List<FakeRubisServer.Hit> seq : byClient.values()) {
                assertThat(seq.get(0).state()).as("a session starts at Home").isEqualTo(State.HOME);
                for (int i = 0; i + 1 < seq.size(); i++) {
                    FakeRubisServer.Hit h = seq.get(i);
                    State next = seq.get(i + 1).state();
                    if (h.kind() == FakeRubisServer.Kind.ERROR) {
                        assertThat(next).as("after an ERROR page").isEqualTo(State.HOME);
                        errorsFollowed++;
                    }
                    if (h.kind() == FakeRubisServer.Kind.SORRY) {
                        // the chosen state is replaced by a pop: the search again (ViewItem had pushed it) or Home
                        assertThat(next).as("after a Sorry page of %s", h.state()).isIn(h.state(), State.HOME);
                        sorriesFollowed++;
                    }
                }
            }
            assertThat(errorsFollowed).isPositive();
            assertThat(sorriesFollowed).isPositive();
        }
    }

    @Test
    void theWalkIsReproducibleFromTheSeed() throws IOException {
        Map<String, List<FakeRubisServer.Hit>> first = walk(42);
        Map<String, List<FakeRubisServer.Hit>> second = walk(42);
        Map<String, List<FakeRubisServer.Hit>> other = walk(43);
        assertThat(first.keySet()).isEqualTo(second.keySet()).hasSize(2);
        for (String client : first.keySet()) {
            List<FakeRubisServer.Hit> a = first.get(client);
            List<FakeRubisServer.Hit> b = second.get(client);
            int n = Math.min(a.size(), b.size());
            assertThat(n).as("requests of %s", client).isGreaterThanOrEqualTo(10);
            assertThat(b.subList(0, n)).as("same seed, same walk for %s", client).isEqualTo(a.subList(0, n));
            List<FakeRubisServer.Hit> c = other.get(client);
            int m = Math.min(n, c.size());
            assertThat(c.subList(0, m)).as("another seed, another walk").isNotEqualTo(a.subList(0, m));
        }
    }

    private static Map<String, List<FakeRubisServer.Hit>> walk(long seed) throws IOException {
        try (FakeRubisServer server = new FakeRubisServer(NB_USERS)) {
            Stats stats = new Emulator(config(server.baseUri(), 2, seed)
                    .phases(Duration.ZERO, Duration.ofSeconds(2), Duration.ZERO)
                    .progressInterval(Duration.ZERO).build()).run();
            assertThat(server.violations()).isEmpty();
            assertNoClientThreadLeft(stats);
            return server.hitsByClient();
        }
    }

    @Test
    void anUnreachableServerIsRetriedAndNotCountedAsAnError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmulatorConfig cfg = config(URI.create("http://127.0.0.1:" + port + "/"), 2, 1)
                .phases(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO)
                .connectTries(3).build();
        Stats stats = new Emulator(cfg).run();
        PhaseStats all = stats.overall();
        assertThat(all.requests()).isZero();
        assertThat(all.totalErrors()).isZero();
        assertThat(all.completedSessions()).isZero();
        // each abandoned request takes 3 tries 100 ms apart: a few per client in a second
        assertThat(all.unreachable()).isBetween(2L, 12L);
        assertThat(stats.requestsPerSecond()).containsOnly(0L);
        assertNoClientThreadLeft(stats);
    }

    @Test
    void aRunCanBeStoppedEarly() throws Exception {
        try (FakeRubisServer server = new FakeRubisServer(NB_USERS)) {
            Emulator emulator = new Emulator(config(server.baseUri(), 3, 5)
                    .phases(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(30)).build());
            CompletableFuture<Stats> run = CompletableFuture.supplyAsync(emulator::run);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.allHits().size() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            emulator.stop();
            Stats stats = run.get(10, TimeUnit.SECONDS);
            assertThat(stats.actualDuration()).isLessThan(Duration.ofSeconds(20));
            assertThat(stats.actualDuration(Phase.STEADY)).isZero();
            assertThat(stats.phase(Phase.UP_RAMP).requests()).isPositive();
            assertThat(stats.requestsPerSecond()).hasSizeLessThanOrEqualTo(20);
            assertThat(sum(stats.requestsPerSecond())).isEqualTo(stats.overall().requests());
            assertThat(server.violations()).isEmpty();
            assertNoClientThreadLeft(stats);
        }
    }

    private static void assertNoClientThreadLeft(Stats stats) {
        assertThat(stats.clientsStillRunning()).isZero();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("rubis-client-"));
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }
}
