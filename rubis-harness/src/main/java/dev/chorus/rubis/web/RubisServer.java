package dev.chorus.rubis.web;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The RUBiS web site on embedded Jetty 12 (jakarta.servlet 6), listening on 127.0.0.1 only, context path
 * {@code /rubis}:
 * <ul>
 *   <li>the static pages {@code index.html} (Home, also served for {@code /rubis/}), {@code register.html},
 *       {@code browse.html}, {@code sell.html}, {@code about_me.html} and the images {@code images/logo.png} and
 *       {@code images/bid_now.png}, from the classpath folder {@code dev/chorus/rubis/web/static/};</li>
 *   <li>the twenty servlets at {@code /rubis/servlet/<Name>} (RegisterUser ... AboutMe, see the contract), all GET
 *       with query parameters, over the {@link DataSource} given (one pooled connection per request).</li>
 * </ul>
 * "Now" comes from the {@link Clock} given (the system clock by default). The server starts in the constructor and
 * stops in {@link #close()}; the data source belongs to the caller, who closes it after the server.
 *
 * <pre>{@code
 * try (HikariDataSource ds = RubisServer.dataSource("jdbc:chorus:mem:rubis", 50);
 *      RubisServer server = new RubisServer(ds, 8080)) {
 *     URI home = server.baseUri().resolve("index.html");
 * }
 * }</pre>
 */
public final class RubisServer implements AutoCloseable {
    /** Jetty's default maximum number of threads here. */
    public static final int DEFAULT_MAX_THREADS = 200;
    /** The context path. */
    public static final String CONTEXT_PATH = "/rubis";
    /** The classpath folder of the static pages and images. */
    static final String STATIC_RESOURCES = "dev/chorus/rubis/web/static/";

    private static final Logger LOG = LoggerFactory.getLogger(RubisServer.class);

    private final Server server;
    private final int port;

    /** The site on the given port (0: a free one), 200 threads at most, the system clock. */
    public RubisServer(DataSource dataSource, int port) throws IOException {
        this(dataSource, port, DEFAULT_MAX_THREADS, Clock.systemDefaultZone());
    }

    /**
     * The site on the given port (0: a free one).
     *
     * @param maxThreads the maximum size of Jetty's thread pool (at least 8: Jetty's acceptor and selector need some)
     * @param clock      what "now" is for the servlets
     * @throws IOException when Jetty cannot start (the port is taken, for instance)
     */
    public RubisServer(DataSource dataSource, int port, int maxThreads, Clock clock) throws IOException {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, not " + port);
        }
        if (maxThreads < 8) {
            throw new IllegalArgumentException("maxThreads must be at least 8, not " + maxThreads);
        }
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads));
        threads.setName("rubis-http");
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(CONTEXT_PATH, ServletContextHandler.NO_SESSIONS);
        ResourceFactory resources = ResourceFactory.of(context);
        Resource found = resources.newClassLoaderResource(STATIC_RESOURCES);
        if (found == null) {
            throw new IllegalStateException("classpath resource " + STATIC_RESOURCES + " is missing");
        }
        // in a jar the class loader's URI is an alias of the real one, which would put every request through Jetty's
        // alias checks (and break the welcome file of /rubis/): use the real URI
        Resource base = found.isAlias() ? resources.newResource(found.getRealURI()) : found;
        context.setBaseResource(base);
        context.setWelcomeFiles(new String[] {"index.html"});
        WebContext web = new WebContext(dataSource, clock);
        for (RubisServlet servlet : servlets(web)) {
            context.addServlet(new ServletHolder(servlet.name(), servlet), "/servlet/" + servlet.name());
        }
        ServletHolder files = new ServletHolder("static", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        files.setInitParameter("etags", "true");
        context.addServlet(files, "/");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception stop) {
                e.addSuppressed(stop);
            }
            throw new IOException("cannot start the RUBiS web server on 127.0.0.1:" + port, e);
        }
        this.port = connector.getLocalPort();
        LOG.info("RUBiS web server listening on {} ({} threads at most)", baseUri(), maxThreads);
    }

    /** Every servlet of the site, one instance each. */
    static List<RubisServlet> servlets(WebContext web) {
        List<Function<WebContext, RubisServlet>> all = List.of(RegisterUserServlet::new, BrowseCategoriesServlet::new,
                SearchItemsByCategoryServlet::new, BrowseRegionsServlet::new, SearchItemsByRegionServlet::new,
                ViewItemServlet::new, ViewUserInfoServlet::new, ViewBidHistoryServlet::new, BuyNowAuthServlet::new,
                BuyNowServlet::new, StoreBuyNowServlet::new, PutBidAuthServlet::new, PutBidServlet::new,
                StoreBidServlet::new, PutCommentAuthServlet::new, PutCommentServlet::new, StoreCommentServlet::new,
                SellItemFormServlet::new, RegisterItemServlet::new, AboutMeServlet::new);
        return all.stream().map(f -> f.apply(web)).toList();
    }

    /**
     * A HikariCP pool over a JDBC URL (any driver on the classpath: plain H2, Chorus, ...), with poolSize connections
     * at most. The caller closes it.
     */
    public static HikariDataSource dataSource(String jdbcUrl, int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, not " + poolSize);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(poolSize, 10));
        config.setPoolName("rubis-web");
        config.setAutoCommit(true);
        config.setConnectionTimeout(30_000);
        return new HikariDataSource(config);
    }

    /** The port the server listens on (the one chosen when 0 was given). */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT/rubis/}: resolve {@code index.html} or {@code servlet/ViewItem?itemId=1} on it. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + CONTEXT_PATH + "/");
    }

    /** Stops Jetty (requests in progress are cut off). The data source stays open. */
    @Override
    public void close() {
        try {
            server.stop();
            LOG.info("RUBiS web server on port {} stopped", port);
        } catch (Exception e) {
            LOG.warn("stopping the RUBiS web server on port {} failed", port, e);
        }
    }
}
