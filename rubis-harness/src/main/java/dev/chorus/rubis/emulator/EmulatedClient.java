package dev.chorus.rubis.emulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One emulated user (run by one thread), walking the transition table session after session until the run is over
 * (SPEC.md sections 5.2 and 5.3).
 *
 * <p>Session: a user index u is drawn uniformly in [0, nbUsers); the session logs in as {@code user{u+1}} /
 * {@code password{u+1}} (credentials are sent with the requests that need them; real user id u+1, quirk decision 2:
 * FIX). It starts in Home with an empty history stack, without think time, and ends on End of Session or after
 * {@code maxTransitions} requests (both count as a completed session), or when the run is over. The next session
 * starts at once.
 *
 * <p>Step: request the current state's page (the page GET, then a GET of every {@code <img src>} in it, one after the
 * other, no caching; the response time covers all of them — quirk decision 8: KEEP) and record it; then
 * <ul>
 *   <li>reply contains {@code ERROR} (or a non-2xx HTTP status, our addition): an error is counted for the state and
 *       the session continues at Home at once (same user, empty history, no think time);</li>
 *   <li>server unreachable (every one of {@code connectTries} tries, {@code retryDelay} apart, failed with an I/O
 *       error or timeout): no error is counted (only {@link PhaseStats#unreachable()}), the session continues at
 *       Home; when a later try succeeds, the response time is that of the successful try (retry pauses
 *       excluded);</li>
 *   <li>otherwise the next state is drawn with {@link TransitionTable#next}. End: the session is over. Back: one
 *       think time, Back is counted, and the state popped from the history is requested (its parameters recomputed
 *       from the page just received, as in the original, whose history holds states only; empty stack, which the
 *       original leaves undefined: Home). Any other state: if that state's own column has Back probability 0 the
 *       history is cleared, else the current state is pushed; then one think time;</li>
 *   <li>if the reply just received contains {@code Sorry}, the state so chosen is replaced by a pop of the history
 *       (no extra think time, not counted; empty stack: Home).</li>
 * </ul>
 * When the previous page lacks an id the chosen request needs ({@link RequestFactory}), the client likewise pops the
 * history instead (not counted). A request is counted, with its response time, under the state actually requested and
 * in the phase in which it completes; replies completing after the end of the run are not counted.
 *
 * <p>Think time: {@link ThinkTime} times the slowdown factor of the phase at the moment the pause starts. Pauses and
 * retries end early when the run is over.
 *
 * <p>Every request carries {@code User-Agent: chorus-rubis-emulator/<client index>}, so a server log can tell the
 * emulated users apart.
 */
final class EmulatedClient implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatedClient.class);

    private final int index;
    private final EmulatorConfig config;
    private final TransitionTable table;
    private final ThinkTime thinkTime;
    private final HttpClient http;
    private final RunSchedule schedule;
    private final ClientRecorder recorder;
    private final Random random;
    private final RequestFactory requests;
    private final String userAgent;
    private final Deque<State> history = new ArrayDeque<>();

    EmulatedClient(int index, EmulatorConfig config, HttpClient http, RunSchedule schedule, ClientRecorder recorder) {
        this.index = index;
        this.config = config;
        this.table = config.table();
        this.thinkTime = new ThinkTime(config.tpcwThinkTime(), config.thinkTimeScale());
        this.http = http;
        this.schedule = schedule;
        this.recorder = recorder;
        this.random = new Random(seedOf(config.seed(), index));
        this.requests = new RequestFactory(random, config.nbUsers(), config.nbItems(), config.itemsPerPage());
        this.userAgent = "chorus-rubis-emulator/" + index;
    }

    /** The seed of client {@code index}'s generator: a 64-bit mix (SplitMix64 finaliser) of the run seed and index. */
    static long seedOf(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void run() {
        LOG.debug("client {} starts", index);
        try {
            while (!schedule.isOver()) {
                try {
                    session();
                } catch (RuntimeException e) {
                    // A bug or an unexpected reply must not silently kill the user: log it, pause, start over.
                    LOG.error("client {}: session aborted by an unexpected exception", index, e);
                    if (!pause(config.retryDelay().toNanos())) {
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("client {} stops", index);
    }

    private void session() throws InterruptedException {
        int user = random.nextInt(config.nbUsers());
        requests.startSession(user);
        history.clear();
        long sessionStart = System.nanoTime();
        LOG.debug("client {}: session as {}", index, requests.nickname());
        State state = State.HOME;
        String previous = null;
        int transitions = 0;
        while (!schedule.isOver()) {
            if (transitions >= config.maxTransitions()) {
                long now = System.nanoTime();
                recorder.session(now, now - sessionStart);
                return;
            }
            String path = requests.path(state, previous);
            if (path == null) {
                LOG.debug("client {}: no id on the previous page for {}, going back", index, state);
                state = popOrHome();
                continue;
            }
            transitions++;
            Reply reply = fetch(state, path);
            if (reply == null) {
                if (schedule.isOver()) {
                    return;
                }
                recorder.unreachable(System.nanoTime());
                LOG.debug("client {}: server unreachable for {} after {} tries, back to Home", index, path,
                        config.connectTries());
                state = restart();
                previous = null;
                continue;
            }
            boolean error = reply.status / 100 != 2 || PageParser.isError(reply.body);
            recorder.request(state, reply.endNanos, reply.latencyNanos, error);
            if (error) {
                LOG.debug("client {}: error reply (HTTP {}) for {}", index, reply.status, path);
                state = restart();
                previous = null;
                continue;
            }
            previous = reply.body;
            requests.observe(previous);

            State chosen = table.next(state, random);
            if (chosen == State.END) {
                long now = System.nanoTime();
                recorder.pseudo(State.END, now);
                recorder.session(now, now - sessionStart);
                return;
            }
            if (chosen == State.BACK) {
                if (!think(State.BACK)) {
                    return;
                }
                recorder.pseudo(State.BACK, System.nanoTime());
                state = popOrHome();
            } else {
                if (table.probability(chosen, State.BACK) == 0) {
                    history.clear();
                } else {
                    history.push(state);
                }
                if (!think(chosen)) {
                    return;
                }
                state = chosen;
            }
            if (PageParser.isSorry(previous)) {
                state = popOrHome();
            }
        }
    }

    private State restart() {
        history.clear();
        return State.HOME;
    }

    private State popOrHome() {
        State s = history.poll();
        return s == null ? State.HOME : s;
    }

    /** Sleeps the think time before {@code next}; false if the run ended meanwhile. */
    private boolean think(State next) throws InterruptedException {
        long now = System.nanoTime();
        long nanos = thinkTime.nanos(next, table, schedule.slowdownAt(now), random);
        return pause(nanos);
    }

    /** Sleeps {@code nanos} or until the run is over; false if it is over. */
    private boolean pause(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (true) {
            long now = System.nanoTime();
            if (schedule.isOver(now)) {
                return false;
            }
            long left = Math.min(deadline, schedule.endNanos()) - now;
            if (left <= 0) {
                return true;
            }
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /**
     * GETs the page and its images. Returns null when the server could not be reached in {@code connectTries} tries
     * (or the run ended while retrying). The response time is that of the successful try (retry pauses excluded).
     */
    private Reply fetch(State state, String path) throws InterruptedException {
        URI uri = config.baseUri().resolve(path);
        HttpRequest request = get(uri);
        for (int attempt = 1; ; attempt++) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                String body = response.body() == null ? "" : response.body();
                for (String src : PageParser.imageSources(body)) {
                    fetchImage(uri, src);
                }
                long end = System.nanoTime();
                LOG.trace("client {}: {} {} -> {} in {} us", index, state, path, response.statusCode(),
                        (end - start) / 1000);
                return new Reply(response.statusCode(), body, end, end - start);
            } catch (IOException e) {
                LOG.debug("client {}: try {} of {} failed: {}", index, attempt, uri, e.toString());
                if (attempt >= config.connectTries() || !pause(config.retryDelay().toNanos())) {
                    return null;
                }
            }
        }
    }

    private void fetchImage(URI page, String src) throws InterruptedException {
        URI image;
        try {
            image = page.resolve(src);
        } catch (IllegalArgumentException e) {
            LOG.debug("client {}: bad image source '{}' on {}", index, src, page);
            return;
        }
        try {
            HttpResponse<Void> r = http.send(get(image), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                LOG.debug("client {}: image {} -> HTTP {}", index, image, r.statusCode());
            }
        } catch (IOException e) {
            LOG.debug("client {}: image {} failed: {}", index, image, e.toString());
        }
    }

    private HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).GET().timeout(config.requestTimeout()).header("User-Agent", userAgent)
                .build();
    }

    private record Reply(int status, String body, long endNanos, long latencyNanos) {
    }
}
