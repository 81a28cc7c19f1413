package dev.chorus.rubis.emulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The RUBiS client emulator (SPEC.md sections 5.2 and 6): runs {@link EmulatorConfig#clients()} emulated users, one
 * thread each, all started together, through the up-ramp, steady and down-ramp phases, and returns the merged
 * {@link Stats}.
 *
 * <p>Every client draws from its own {@link java.util.Random} seeded from the run's seed and the client's index, so a
 * run's walk (users, states, parameters, think times) is reproducible given the same replies. All clients share one
 * {@link HttpClient} (HTTP/1.1, persistent connections). At the end of the run every thread is told to stop (stop
 * flag and interrupt) and is joined, in total for at most {@link EmulatorConfig#stopTimeout()}; threads still running
 * then (daemon threads) are reported in {@link Stats#clientsStillRunning()} and a warning. The calling thread can
 * end a run early by being interrupted or through {@link #stop()}; the statistics gathered so far are returned.
 *
 * <p>An instance can run several times, one run at a time.
 */
public final class Emulator {
    private static final Logger LOG = LoggerFactory.getLogger(Emulator.class);

    private final EmulatorConfig config;
    private volatile RunSchedule current;

    public Emulator(EmulatorConfig config) {
        this.config = config;
    }

    public EmulatorConfig config() {
        return config;
    }

    /** Runs the emulation (blocking for the configured phases) and returns its statistics. */
    public synchronized Stats run() {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(config.requestTimeout())
                .build();
        Instant startTime = Instant.now();
        RunSchedule schedule = new RunSchedule(System.nanoTime(), config);
        current = schedule;
        LOG.info("RUBiS emulator: {} clients against {}, table {} ({}), phases {} / {} / {}, think time {} x{}, "
                        + "seed {}", config.clients(), config.baseUri(), config.table().name(), config.table().title(),
                config.upRamp(), config.steady(), config.downRamp(), config.tpcwThinkTime() ? "TPC-W" : "table",
                config.thinkTimeScale(), config.seed());
        List<ClientRecorder> recorders = new ArrayList<>(config.clients());
        List<Thread> threads = new ArrayList<>(config.clients());
        for (int i = 0; i < config.clients(); i++) {
            ClientRecorder recorder = new ClientRecorder(schedule);
            Thread t = new Thread(new EmulatedClient(i, config, http, schedule, recorder), "rubis-client-" + i);
            t.setDaemon(true);
            recorders.add(recorder);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        boolean interrupted = false;
        try {
            awaitEnd(schedule, recorders);
        } catch (InterruptedException e) {
            interrupted = true;
            LOG.info("emulator interrupted, stopping the run early");
        }
        schedule.stop();
        int stillRunning = stopClients(threads);
        if (stillRunning > 0) {
            LOG.warn("{} of {} client threads did not stop within {}", stillRunning, threads.size(),
                    config.stopTimeout());
        }
        Stats stats = new Stats(config, schedule, startTime, recorders, stillRunning);
        current = null;
        LOG.info("RUBiS emulator done: {} page requests, {} errors, {} completed sessions in {}",
                stats.overall().requests(), stats.overall().totalErrors(), stats.overall().completedSessions(),
                stats.actualDuration());
        if (stats.overall().unreachable() > 0) {
            LOG.warn("{} page requests were abandoned because the server could not be reached",
                    stats.overall().unreachable());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return stats;
    }

    /** Ends the run in progress early (from another thread); no effect if none is running. */
    public void stop() {
        RunSchedule s = current;
        if (s != null) {
            s.stop();
        }
    }

    /** Waits until the planned end (or {@link #stop()}), logging phase changes and progress. */
    private void awaitEnd(RunSchedule schedule, List<ClientRecorder> recorders) throws InterruptedException {
        long progress = config.progressInterval().toNanos();
        long nextProgress = progress > 0 ? schedule.startNanos() + progress : Long.MAX_VALUE;
        Phase phase = null;
        long lastRequests = 0;
        long lastUnreachable = 0;
        long lastNanos = schedule.startNanos();
        while (true) {
            long now = System.nanoTime();
            if (schedule.isOver(now)) {
                return;
            }
            Phase p = schedule.phaseAt(now);
            if (p != phase) {
                LOG.info("phase {} begins", p.displayName());
                phase = p;
            }
            if (now >= nextProgress) {
                long requests = 0;
                long errors = 0;
                long unreachable = 0;
                for (ClientRecorder r : recorders) {
                    long[] t = r.totals();
                    requests += t[0];
                    errors += t[1];
                    unreachable += t[2];
                }
                double rate = (requests - lastRequests) / ((now - lastNanos) / 1e9);
                if (unreachable > lastUnreachable) {
                    LOG.warn("the server could not be reached: {} requests abandoned so far", unreachable);
                }
                LOG.info("{} s: {} page requests ({} errors), {} requests/s over the last {} s",
                        TimeUnit.NANOSECONDS.toSeconds(now - schedule.startNanos()), requests, errors,
                        String.format("%.1f", rate), String.format("%.1f", (now - lastNanos) / 1e9));
                lastUnreachable = unreachable;
                lastRequests = requests;
                lastNanos = now;
                nextProgress += progress;
            }
            long wake = Math.min(schedule.endNanos(), nextProgress);
            TimeUnit.NANOSECONDS.sleep(Math.max(1, Math.min(wake - now, 100_000_000L)));
        }
    }

    /** Interrupts and joins the client threads within the stop timeout; returns how many are still alive. */
    private int stopClients(List<Thread> threads) {
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + config.stopTimeout().toNanos();
        boolean interrupted = false;
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        int alive = 0;
        for (Thread t : threads) {
            if (t.isAlive()) {
                alive++;
            }
        }
        return alive;
    }
}
