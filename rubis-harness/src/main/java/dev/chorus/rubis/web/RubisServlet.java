package dev.chorus.rubis.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The common part of the RUBiS servlets: a GET is served by {@link #serve} into a page (a String), then written with
 * HTTP 200 as {@code text/html; charset=UTF-8}. Failures never become an HTTP 500:
 * <ul>
 *   <li>a {@link UserError} (bad parameter, failed login, missing row...) becomes an ERROR page with its message;</li>
 *   <li>an {@link SQLException} with SQLState {@code 40001} (serialization failure, deadlock, lock wait timeout) is
 *       retried up to {@value #MAX_RETRIES} times, each time with a new connection and transaction;</li>
 *   <li>any other SQLException (or the last 40001) becomes an ERROR page and a WARN log line;</li>
 *   <li>an unexpected RuntimeException (a bug) becomes an ERROR page and an ERROR log line with the stack trace.</li>
 * </ul>
 * Since the page is built before anything is written, a retried attempt leaves no trace in the response.
 */
abstract class RubisServlet extends HttpServlet {
    static final Logger LOG = LoggerFactory.getLogger(RubisServlet.class);
    /** How many times a request failing with SQLState 40001 is retried. */
    static final int MAX_RETRIES = 5;
    private static final long serialVersionUID = 1L;

    /** The shared database and clock (a servlet is built by {@link RubisServer}, never serialised). */
    protected final transient WebContext context;

    RubisServlet(WebContext context) {
        this.context = context;
    }

    /** The interaction's name as in the URL ({@code /rubis/servlet/<name>}): the class's name without "Servlet". */
    final String name() {
        String simple = getClass().getSimpleName();
        return simple.endsWith("Servlet") ? simple.substring(0, simple.length() - "Servlet".length()) : simple;
    }

    /** Serves one attempt of a request and returns the complete page. */
    abstract String serve(Call call) throws SQLException;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] page = render(new Params(request)).getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/html; charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }

    /** The page for a request, with the retry and error rules of the class comment. */
    String render(Params params) {
        for (int attempt = 0; ; attempt++) {
            try (Call call = new Call(context, params)) {
                return serve(call);
            } catch (UserError e) {
                return Html.error(e.getMessage());
            } catch (SQLException e) {
                if (isSerializationFailure(e) && attempt < MAX_RETRIES) {
                    LOG.debug("{}: serialization failure, retry {} of {}: {}", name(), attempt + 1, MAX_RETRIES,
                            e.getMessage());
                    backOff(attempt);
                    continue;
                }
                LOG.warn("{} failed after {} attempt(s): SQLState {}: {}", name(), attempt + 1, e.getSQLState(),
                        e.getMessage());
                return Html.error(name() + " failed: database error " + e.getSQLState() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("{} failed", name(), e);
                return Html.error(name() + " failed: internal error " + e);
            }
        }
    }

    /** SQLState 40001 on the exception or on one it wraps. */
    static boolean isSerializationFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "40001".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
