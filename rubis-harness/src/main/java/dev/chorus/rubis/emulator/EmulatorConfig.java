package dev.chorus.rubis.emulator;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The configuration of a run of the client emulator. Defaults ({@link #builder(URI)}) follow the trunk
 * {@code rubis.properties} (SPEC.md section 6): bidding mix, 240 clients, 2 min up-ramp with slowdown 2, 15 min steady
 * phase, 1 min down-ramp with slowdown 3, TPC-W think time at full scale, 1,000,000 users, 1,032,667 items, at most
 * 1000 transitions per session, 20 items per page, 5 tries 1 s apart when the server cannot be reached.
 *
 * @param baseUri          the web server, e.g. {@code http://127.0.0.1:8080/}; the contract's absolute paths
 *                         ({@code /rubis/...}) are resolved against it, so any path part of it is ignored
 * @param table            the transition table (mix) to walk
 * @param clients          number of emulated users (threads)
 * @param upRamp           length of the up-ramp phase (may be zero)
 * @param steady           length of the steady ("runtime session") phase
 * @param downRamp         length of the down-ramp phase (may be zero)
 * @param upRampSlowdown   think-time multiplier during the up-ramp
 * @param downRampSlowdown think-time multiplier during the down-ramp
 * @param tpcwThinkTime    TPC-W exponential think time (true) or the table's waiting times (false)
 * @param thinkTimeScale   multiplier applied to every think time (1 = as specified; e.g. 0.01 for short runs)
 * @param nbUsers          users in the database: sessions log in as {@code user{u+1}} for u uniform in [0, nbUsers)
 * @param nbItems          items in the database (active + old); RegisterUser/RegisterItem names are numbered past it
 * @param seed             seed of the run; client i's random generator is derived from (seed, i)
 * @param maxTransitions   cap on requests per session
 * @param itemsPerPage     {@code nbOfItems} sent with searches
 * @param connectTries     tries of a page request before the server counts as unreachable
 * @param retryDelay       pause between those tries
 * @param requestTimeout   HTTP timeout of one GET (a timeout counts as a failed try)
 * @param stopTimeout      how long the emulator waits in total for the client threads to finish at the end
 * @param progressInterval period of the INFO progress log during the run ({@link Duration#ZERO} = none)
 */
public record EmulatorConfig(
        URI baseUri,
        TransitionTable table,
        int clients,
        Duration upRamp,
        Duration steady,
        Duration downRamp,
        double upRampSlowdown,
        double downRampSlowdown,
        boolean tpcwThinkTime,
        double thinkTimeScale,
        int nbUsers,
        long nbItems,
        long seed,
        int maxTransitions,
        int itemsPerPage,
        int connectTries,
        Duration retryDelay,
        Duration requestTimeout,
        Duration stopTimeout,
        Duration progressInterval) {

    public EmulatorConfig {
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(table, "table");
        if (baseUri.getScheme() == null || baseUri.getHost() == null) {
            throw new IllegalArgumentException("baseUri must be absolute with a host: " + baseUri);
        }
        positive(clients, "clients");
        notNegative(upRamp, "upRamp");
        notNegative(steady, "steady");
        notNegative(downRamp, "downRamp");
        if (upRamp.plus(steady).plus(downRamp).isZero()) {
            throw new IllegalArgumentException("the run has no phase with a length");
        }
        if (!(upRampSlowdown >= 0) || !(downRampSlowdown >= 0) || Double.isInfinite(upRampSlowdown)
                || Double.isInfinite(downRampSlowdown)) {
            throw new IllegalArgumentException("slowdown factors must be finite and >= 0");
        }
        if (!(thinkTimeScale >= 0) || Double.isInfinite(thinkTimeScale)) {
            throw new IllegalArgumentException("thinkTimeScale must be finite and >= 0: " + thinkTimeScale);
        }
        positive(nbUsers, "nbUsers");
        if (nbItems < 0) {
            throw new IllegalArgumentException("nbItems must be >= 0: " + nbItems);
        }
        positive(maxTransitions, "maxTransitions");
        positive(itemsPerPage, "itemsPerPage");
        positive(connectTries, "connectTries");
        notNegative(retryDelay, "retryDelay");
        notNegative(requestTimeout, "requestTimeout");
        if (requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be > 0");
        }
        notNegative(stopTimeout, "stopTimeout");
        notNegative(progressInterval, "progressInterval");
    }

    private static void positive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + v);
        }
    }

    private static void notNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }

    /** Total planned length of the run. */
    public Duration totalDuration() {
        return upRamp.plus(steady).plus(downRamp);
    }

    /** A builder with the defaults of the class comment. */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(baseUri);
        b.table = table;
        b.clients = clients;
        b.upRamp = upRamp;
        b.steady = steady;
        b.downRamp = downRamp;
        b.upRampSlowdown = upRampSlowdown;
        b.downRampSlowdown = downRampSlowdown;
        b.tpcwThinkTime = tpcwThinkTime;
        b.thinkTimeScale = thinkTimeScale;
        b.nbUsers = nbUsers;
        b.nbItems = nbItems;
        b.seed = seed;
        b.maxTransitions = maxTransitions;
        b.itemsPerPage = itemsPerPage;
        b.connectTries = connectTries;
        b.retryDelay = retryDelay;
        b.requestTimeout = requestTimeout;
        b.stopTimeout = stopTimeout;
        b.progressInterval = progressInterval;
        return b;
    }

    /** Builder of {@link EmulatorConfig}; every setter returns the builder. */
    public static final class Builder {
        private final URI baseUri;
        private TransitionTable table;
        private int clients = 240;
        private Duration upRamp = Duration.ofMinutes(2);
        private Duration steady = Duration.ofMinutes(15);
        private Duration downRamp = Duration.ofMinutes(1);
        private double upRampSlowdown = 2;
        private double downRampSlowdown = 3;
        private boolean tpcwThinkTime = true;
        private double thinkTimeScale = 1;
        private int nbUsers = 1_000_000;
        private long nbItems = 1_032_667;
        private long seed = 1;
        private int maxTransitions = 1000;
        private int itemsPerPage = 20;
        private int connectTries = 5;
        private Duration retryDelay = Duration.ofSeconds(1);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(10);
        private Duration progressInterval = Duration.ofSeconds(10);

        private Builder(URI baseUri) {
            this.baseUri = baseUri;
        }

        public Builder table(TransitionTable v) {
            table = v;
            return this;
        }

        public Builder clients(int v) {
            clients = v;
            return this;
        }

        /** Sets the three phase lengths. */
        public Builder phases(Duration upRampLength, Duration steadyLength, Duration downRampLength) {
            upRamp = upRampLength;
            steady = steadyLength;
            downRamp = downRampLength;
            return this;
        }

        public Builder upRamp(Duration v) {
            upRamp = v;
            return this;
        }

        public Builder steady(Duration v) {
            steady = v;
            return this;
        }

        public Builder downRamp(Duration v) {
            downRamp = v;
            return this;
        }

        public Builder slowdowns(double upRampFactor, double downRampFactor) {
            upRampSlowdown = upRampFactor;
            downRampSlowdown = downRampFactor;
            return this;
        }

        public Builder tpcwThinkTime(boolean v) {
            tpcwThinkTime = v;
            return this;
        }

        public Builder thinkTimeScale(double v) {
            thinkTimeScale = v;
            return this;
        }

        public Builder nbUsers(int v) {
            nbUsers = v;
            return this;
        }

        public Builder nbItems(long v) {
            nbItems = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder maxTransitions(int v) {
            maxTransitions = v;
            return this;
        }

        public Builder itemsPerPage(int v) {
            itemsPerPage = v;
            return this;
        }

        public Builder connectTries(int v) {
            connectTries = v;
            return this;
        }

        public Builder retryDelay(Duration v) {
            retryDelay = v;
            return this;
        }

        public Builder requestTimeout(Duration v) {
            requestTimeout = v;
            return this;
        }

        public Builder stopTimeout(Duration v) {
            stopTimeout = v;
            return this;
        }

        public Builder progressInterval(Duration v) {
            progressInterval = v;
            return this;
        }

        /** The configuration; the table defaults to the bidding mix. */
        public EmulatorConfig build() {
            return new EmulatorConfig(baseUri, table == null ? TransitionTable.biddingMix() : table, clients, upRamp,
                    steady, downRamp, upRampSlowdown, downRampSlowdown, tpcwThinkTime, thinkTimeScale, nbUsers,
                    nbItems, seed, maxTransitions, itemsPerPage, connectTries, retryDelay, requestTimeout, stopTimeout,
                    progressInterval);
        }
    }
}
