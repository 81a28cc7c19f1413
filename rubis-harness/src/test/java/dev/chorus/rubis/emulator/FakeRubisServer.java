package dev.chorus.rubis.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chorus.rubis.db.ReferenceData;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A tiny deterministic stand-in for the RUBiS web application, on the JDK's HTTP server, writing pages exactly per the
 * harness contract (URLs, parameter names, links with {@code &amp;}, hidden fields, images, ERROR and Sorry pages).
 * Replies depend only on the request, so the emulator's walk is reproducible. It checks every request against the
 * contract (parameter names, ranges, credentials {@code user{k}/password{k}} with k in [1, nbUsers], the values the
 * emulator must copy from forms) and records violations, which it answers with an ERROR page.
 *
 * <p>Deliberate oddities: ViewItem of an item id divisible by 7 is an ERROR page; a search in a category whose id
 * is 3 modulo 4, or in a region whose id ends in 5, or past page 3, is a "Sorry" page.
 */
final class FakeRubisServer implements AutoCloseable {
    /** What the server answered. */
    enum Kind { NORMAL, ERROR, SORRY }

    /** One page request of one client: its page name (servlet or static file), its parameters and the answer. */
    record Hit(String page, Map<String, String> params, Kind kind) {
        /** The emulator state this request belongs to. */
        State state() {
            return switch (page) {
                case "index.html" -> State.HOME;
                case "register.html" -> State.REGISTER;
                case "browse.html" -> State.BROWSE;
                case "sell.html" -> State.SELL;
                case "about_me.html" -> State.ABOUT_ME_AUTH;
                case "RegisterUser" -> State.REGISTER_USER;
                case "BrowseCategories" -> params.containsKey("region") ? State.BROWSE_CATEGORIES_IN_REGION
                        : params.containsKey("nickname") ? State.SELECT_CATEGORY_TO_SELL_ITEM : State.BROWSE_CATEGORIES;
                case "SearchItemsByCategory" -> State.SEARCH_ITEMS_IN_CATEGORY;
                case "BrowseRegions" -> State.BROWSE_REGIONS;
                case "SearchItemsByRegion" -> State.SEARCH_ITEMS_IN_REGION;
                case "ViewItem" -> State.VIEW_ITEM;
                case "ViewUserInfo" -> State.VIEW_USER_INFO;
                case "ViewBidHistory" -> State.VIEW_BID_HISTORY;
                case "BuyNowAuth" -> State.BUY_NOW_AUTH;
                case "BuyNow" -> State.BUY_NOW;
                case "StoreBuyNow" -> State.STORE_BUY_NOW;
                case "PutBidAuth" -> State.PUT_BID_AUTH;
                case "PutBid" -> State.PUT_BID;
                case "StoreBid" -> State.STORE_BID;
                case "PutCommentAuth" -> State.PUT_COMMENT_AUTH;
                case "PutComment" -> State.PUT_COMMENT;
                case "StoreComment" -> State.STORE_COMMENT;
                case "SellItemForm" -> State.SELL_ITEM_FORM;
                case "RegisterItem" -> State.REGISTER_ITEM;
                case "AboutMe" -> State.ABOUT_ME;
                default -> throw new IllegalStateException("unknown page " + page);
            };
        }
    }

    static {
        // The JDK server writes the headers and the body of a reply separately; with Nagle's algorithm on, the body
        // then waits for the client's delayed ACK (~40 ms per request). Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final String LOGO = "<img src=\"/rubis/images/logo.png\" alt=\"RUBiS\">";
    private static final String BID_NOW = "<img src=\"/rubis/images/bid_now.png\" alt=\"bid now\">";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
    private static final Set<String> STATIC = Set.of("index.html", "register.html", "browse.html", "sell.html",
            "about_me.html");
    private static final int ROWS_PER_PAGE = 3;

    private final int nbUsers;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Map<String, List<Hit>> hitsByClient = new ConcurrentHashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong imageHits = new AtomicLong();
    private final Map<String, Function<Map<String, String>, String>> servlets = new LinkedHashMap<>();

    FakeRubisServer(int nbUsers) throws IOException {
        this.nbUsers = nbUsers;
        registerServlets();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/");
    }

    /** Every client's page requests in order, keyed by User-Agent. */
    Map<String, List<Hit>> hitsByClient() {
        Map<String, List<Hit>> copy = new LinkedHashMap<>();
        hitsByClient.forEach((k, v) -> {
            synchronized (v) {
                copy.put(k, List.copyOf(v));
            }
        });
        return copy;
    }

    List<Hit> allHits() {
        List<Hit> all = new ArrayList<>();
        hitsByClient().values().forEach(all::addAll);
        return all;
    }

    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    long imageHits() {
        return imageHits.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/rubis/images/")) {
                imageHits.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", "image/png");
                send(exchange, 200, PNG);
                return;
            }
            String page;
            if (path.startsWith("/rubis/servlet/")) {
                page = path.substring("/rubis/servlet/".length());
            } else if (path.startsWith("/rubis/")) {
                page = path.substring("/rubis/".length());
            } else {
                page = path;
            }
            Map<String, String> params = query(exchange.getRequestURI().getRawQuery());
            String html;
            if (STATIC.contains(page)) {
                html = page("RUBiS " + page, "<h2>" + page + "</h2><a href=\"/rubis/browse.html\">Browse</a>");
            } else if (servlets.containsKey(page)) {
                try {
                    html = servlets.get(page).apply(params);
                } catch (RuntimeException v) { // a Violation, or a value that does not even parse
                    violations.add(page + " " + params + ": " + v);
                    html = error(v.getMessage());
                }
            } else {
                violations.add("unknown page " + path);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                send(exchange, 404, "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Kind kind = html.contains("ERROR") ? Kind.ERROR : html.contains("Sorry") ? Kind.SORRY : Kind.NORMAL;
            String client = String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"));
            List<Hit> hits = hitsByClient.computeIfAbsent(client, k -> Collections.synchronizedList(new ArrayList<>()));
            hits.add(new Hit(page, params, kind));
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
            send(exchange, 200, html.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(name, value);
        }
        return out;
    }

    // ---- the fake site --------------------------------------------------------------------------------------------

    private static long seller(long item) {
        return 1 + item % 50;
    }

    private static int quantity(long item) {
        return 1 + (int) (item % 3);
    }

    private static String minBid(long item) {
        return (100 + item % 900) + ".00";
    }

    private void registerServlets() {
        servlets.put("RegisterUser", p -> {
            requireOnly(p, "firstname", "lastname", "nickname", "email", "password", "region");
            String nick = p.get("nickname");
            long k = Long.parseLong(nick.substring(4));
            check(nick.equals("user" + k) && k > nbUsers, "nickname " + nick);
            check(p.get("firstname").equals("Great" + k) && p.get("email").equals("Great" + k + ".User" + k
                    + "@rubis.com") && p.get("password").equals("password" + k), "user fields");
            check(ReferenceData.regions().contains(p.get("region")), "region name '" + p.get("region") + "'");
            return page("Welcome", "<h2>Your registration has been processed, user " + nick + "</h2>");
        });
        servlets.put("BrowseCategories", p -> {
            StringBuilder b = new StringBuilder("<h2>Categories</h2>");
            if (p.containsKey("nickname")) {
                requireOnly(p, "nickname", "password");
                long user = auth(p);
                for (ReferenceData.Category c : ReferenceData.categories()) {
                    b.append(link("SellItemForm?category=" + c.id() + "&user=" + user, c.name()));
                }
            } else if (p.containsKey("region")) {
                requireOnly(p, "region");
                int region = ReferenceData.regions().indexOf(p.get("region")) + 1;
                check(region > 0, "region name '" + p.get("region") + "'");
                for (ReferenceData.Category c : ReferenceData.categories()) {
                    b.append(link("SearchItemsByRegion?category=" + c.id() + "&region=" + region
                            + "&page=0&nbOfItems=20", c.name()));
                }
            } else {
                requireOnly(p);
                for (ReferenceData.Category c : ReferenceData.categories()) {
                    b.append(link("SearchItemsByCategory?category=" + c.id() + "&categoryName="
                            + URLEncoder.encode(c.name(), StandardCharsets.UTF_8) + "&page=0&nbOfItems=20", c.name()));
                }
            }
            return page("Categories", b.toString());
        });
        servlets.put("BrowseRegions", p -> {
            requireOnly(p);
            StringBuilder b = new StringBuilder("<h2>Regions</h2>");
            for (String r : ReferenceData.regions()) {
                b.append(link("BrowseCategories?region=" + URLEncoder.encode(r, StandardCharsets.UTF_8), r));
            }
            return page("Regions", b.toString());
        });
        servlets.put("SearchItemsByCategory", p -> {
            requireOnly(p, "category", "categoryName", "page", "nbOfItems");
            int c = (int) range(p, "category", 1, 20);
            check(p.get("categoryName").equals(ReferenceData.categories().get(c - 1).name()), "categoryName");
            int pg = (int) range(p, "page", 0, 1000);
            check(p.get("nbOfItems").equals("20"), "nbOfItems");
            if (c % 4 == 3 || pg > 3) {
                return page("Search", "<h2>Sorry, but there are no items available in this category.</h2>");
            }
            return searchResults(1000L * c + ROWS_PER_PAGE * pg, pg,
                    "SearchItemsByCategory?category=" + c + "&categoryName="
                            + URLEncoder.encode(p.get("categoryName"), StandardCharsets.UTF_8));
        });
        servlets.put("SearchItemsByRegion", p -> {
            requireOnly(p, "category", "region", "page", "nbOfItems");
            int c = (int) range(p, "category", 1, 20);
            int r = (int) range(p, "region", 1, 62);
            int pg = (int) range(p, "page", 0, 1000);
            check(p.get("nbOfItems").equals("20"), "nbOfItems");
            if (r % 10 == 5 || pg > 3) {
                return page("Search", "<h2>Sorry, but there are no items available in this region.</h2>");
            }
            return searchResults(100_000L * r + 1000L * c + ROWS_PER_PAGE * pg, pg,
                    "SearchItemsByRegion?category=" + c + "&region=" + r);
        });
        servlets.put("ViewItem", p -> {
            requireOnly(p, "itemId");
            long item = range(p, "itemId", 1, Long.MAX_VALUE);
            if (item % 7 == 0) {
                return error("item " + item + " does not exist in the database");
            }
            String buyNow = item % 2 == 0 ? link("BuyNowAuth?itemId=" + item, "Buy now") : "";
            return page("Item " + item, "<h2>RUBiS automatically generated item #" + item + "</h2>"
                    + "<p>Current price: " + minBid(item) + "</p><p>Seller: "
                    + link("ViewUserInfo?userId=" + seller(item), "user" + seller(item))
                    + link("PutCommentAuth?to=" + seller(item) + "&itemId=" + item, "leave a comment") + "</p>"
                    + link("ViewBidHistory?itemId=" + item, "bid history")
                    + link("PutBidAuth?itemId=" + item, "Bid now") + buyNow);
        });
        servlets.put("ViewUserInfo", p -> {
            requireOnly(p, "userId");
            long user = range(p, "userId", 1, Long.MAX_VALUE);
            long author = 1 + (user * 7) % nbUsers;
            return page("User " + user, "<h2>Information about user" + user + "</h2><p>Comments:</p>"
                    + link("ViewUserInfo?userId=" + author, "user" + author) + " said: fine.");
        });
        servlets.put("ViewBidHistory", p -> {
            requireOnly(p, "itemId");
            long item = range(p, "itemId", 1, Long.MAX_VALUE);
            StringBuilder b = new StringBuilder("<h2>Bid history of item " + item + "</h2>");
            for (int i = 0; i < 3; i++) {
                long bidder = 1 + (item + 31L * i) % nbUsers;
                b.append(link("ViewUserInfo?userId=" + bidder, "user" + bidder));
            }
            return page("Bids", b.toString());
        });
        servlets.put("BuyNowAuth", p -> {
            requireOnly(p, "itemId");
            return loginForm("BuyNow", hidden("itemId", range(p, "itemId", 1, Long.MAX_VALUE)));
        });
        servlets.put("PutBidAuth", p -> {
            requireOnly(p, "itemId");
            return loginForm("PutBid", hidden("itemId", range(p, "itemId", 1, Long.MAX_VALUE)));
        });
        servlets.put("PutCommentAuth", p -> {
            requireOnly(p, "to", "itemId");
            long item = range(p, "itemId", 1, Long.MAX_VALUE);
            check(range(p, "to", 1, Long.MAX_VALUE) == seller(item), "to is not the seller");
            return loginForm("PutComment", hidden("to", p.get("to")) + hidden("itemId", item));
        });
        servlets.put("BuyNow", p -> {
            requireOnly(p, "itemId", "nickname", "password");
            long user = auth(p);
            long item = range(p, "itemId", 1, Long.MAX_VALUE);
            return page("Buy now", "<form action=\"/rubis/servlet/StoreBuyNow\" method=\"GET\">"
                    + hidden("userId", user) + hidden("itemId", item) + hidden("maxQty", quantity(item))
                    + "Quantity <input type=\"text\" name=\"qty\" size=\"5\"></form>");
        });
        servlets.put("StoreBuyNow", p -> {
            requireOnly(p, "userId", "itemId", "qty", "maxQty");
            range(p, "userId", 1, nbUsers);
            long item = range(p, "itemId", 1, Long.MAX_VALUE);
            long maxQty = range(p, "maxQty", quantity(item), quantity(item));
            range(p, "qty", 1, maxQty);
            return page("Bought", "<h2>Your purchase has been processed.</h2>");
        });
        servlets.put("PutBid", p -> {
            requireOnly(p, "itemId", "nickname", "password");
            long user = auth(p);
            long item = range(p, "itemId", 1, Long.MAX_VALUE);
            return page("Bid", "<p>Seller: " + link("ViewUserInfo?userId=" + seller(item), "seller") + "</p>"
                    + "<form action=\"/rubis/servlet/StoreBid\" method=\"GET\">" + hidden("minBid", minBid(item))
                    + hidden("userId", user) + hidden("itemId", item) + hidden("maxQty", quantity(item))
                    + "<input type=\"text\" name=\"bid\"><input type=\"text\" name=\"maxBid\"></form>");
        });
        servlets.put("StoreBid", p -> {
            requireOnly(p, "userId", "itemId", "minBid", "bid", "maxBid", "maxQty", "qty");
            range(p, "userId", 1, nbUsers);
            long item = range(p, "itemId", 1, Long.MAX_VALUE);
            BigDecimal min = new BigDecimal(p.get("minBid"));
            check(min.equals(new BigDecimal(minBid(item))), "minBid not copied from the form");
            BigDecimal a = new BigDecimal(p.get("bid")).subtract(min);
            check(a.compareTo(BigDecimal.ONE) >= 0 && a.compareTo(BigDecimal.TEN) <= 0, "bid - minBid = " + a);
            check(new BigDecimal(p.get("maxBid")).compareTo(min.add(a).add(a)) == 0, "maxBid");
            long maxQty = range(p, "maxQty", quantity(item), quantity(item));
            range(p, "qty", 1, maxQty);
            return page("Bid stored", "<h2>Your bid has been processed.</h2>");
        });
        servlets.put("PutComment", p -> {
            requireOnly(p, "to", "itemId", "nickname", "password");
            long user = auth(p);
            long item = range(p, "itemId", 1, Long.MAX_VALUE);
            check(range(p, "to", 1, Long.MAX_VALUE) == seller(item), "to is not the seller");
            return page("Comment", "<form action=\"/rubis/servlet/StoreComment\" method=\"GET\">"
                    + hidden("to", p.get("to")) + hidden("from", user) + hidden("itemId", item)
                    + "<textarea name=\"comment\"></textarea></form>");
        });
        servlets.put("StoreComment", p -> {
            requireOnly(p, "to", "from", "itemId", "rating", "comment");
            long item = range(p, "itemId", 1, Long.MAX_VALUE);
            check(range(p, "to", 1, Long.MAX_VALUE) == seller(item), "to is not the seller");
            range(p, "from", 1, nbUsers);
            check(Set.of("-5", "-3", "0", "3", "5").contains(p.get("rating")), "rating");
            check(!p.get("comment").isEmpty(), "empty comment");
            return page("Comment stored", "<h2>Your comment has been posted.</h2>");
        });
        servlets.put("SellItemForm", p -> {
            requireOnly(p, "category", "user");
            long c = range(p, "category", 1, 20);
            long user = range(p, "user", 1, nbUsers);
            return page("Sell", "<form action=\"/rubis/servlet/RegisterItem\" method=\"GET\">" + hidden("userId", user)
                    + hidden("categoryId", c) + "<input type=\"text\" name=\"name\"></form>");
        });
        servlets.put("RegisterItem", p -> {
            requireOnly(p, "name", "description", "initialPrice", "reservePrice", "buyNow", "duration", "quantity",
                    "userId", "categoryId");
            check(p.get("name").startsWith("RUBiS automatically generated item #"), "name");
            range(p, "initialPrice", 1, 5000);
            range(p, "reservePrice", 0, 6000);
            range(p, "buyNow", 0, 12000);
            range(p, "duration", 1, 7);
            range(p, "quantity", 1, 10);
            range(p, "userId", 1, nbUsers);
            range(p, "categoryId", 1, 20);
            return page("Item registered", "<h2>Your item has been successfully registered.</h2>");
        });
        servlets.put("AboutMe", p -> {
            requireOnly(p, "nickname", "password");
            long user = auth(p);
            StringBuilder b = new StringBuilder("<h2>About user" + user + "</h2>");
            for (int i = 1; i <= 3; i++) {
                long item = 500_000L + user * 10 + i;
                b.append(link("ViewItem?itemId=" + item, "item " + item))
                        .append(link("ViewUserInfo?userId=" + seller(item), "seller"));
            }
            return page("About me", b.toString());
        });
    }

    private String searchResults(long firstItem, int pg, String self) {
        StringBuilder b = new StringBuilder("<h2>Items</h2><table>");
        for (int i = 0; i < ROWS_PER_PAGE; i++) {
            long item = firstItem + i;
            b.append("<tr><td>").append(link("ViewItem?itemId=" + item, "RUBiS automatically generated item #" + item))
                    .append("</td><td>").append(minBid(item)).append("</td><td>").append(BID_NOW)
                    .append("</td></tr>");
        }
        b.append("</table>");
        if (pg > 0) {
            b.append(link(self + "&page=" + (pg - 1) + "&nbOfItems=20", "Previous page"));
        }
        b.append(link(self + "&page=" + (pg + 1) + "&nbOfItems=20", "Next page"));
        return page("Search results", b.toString());
    }

    private long auth(Map<String, String> p) {
        String nick = p.get("nickname");
        check(nick.startsWith("user"), "nickname " + nick);
        long k = Long.parseLong(nick.substring(4));
        check(k >= 1 && k <= nbUsers && p.get("password").equals("password" + k), "credentials " + nick);
        return k;
    }

    private static void requireOnly(Map<String, String> p, String... names) {
        check(p.keySet().equals(Set.of(names)), "parameters " + p.keySet() + ", expected " + List.of(names));
    }

    private static long range(Map<String, String> p, String name, long min, long max) {
        String v = p.get(name);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new Violation(name + " = '" + v + "' is not an integer");
        }
        check(n >= min && n <= max, name + " = " + n + " not in [" + min + ", " + max + "]");
        return n;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new Violation(message);
        }
    }

    private static String page(String title, String body) {
        return "<html><head><title>RUBiS: " + title + "</title></head><body>" + LOGO + body + "</body></html>";
    }

    private static String error(String message) {
        return "<html><head><title>RUBiS ERROR: " + message + "</title></head><body>" + LOGO + "<h2>ERROR: "
                + message + "</h2></body></html>";
    }

    private static String link(String servletAndQuery, String text) {
        return "<a href=\"/rubis/servlet/" + servletAndQuery.replace("&", "&amp;") + "\">" + text + "</a> ";
    }

    private static String hidden(String name, Object value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + value + "\">";
    }

    private static String loginForm(String action, String hiddenFields) {
        return page("Login", "<form action=\"/rubis/servlet/" + action + "\" method=\"GET\">" + hiddenFields
                + "Nickname <input type=\"text\" name=\"nickname\"> Password <input type=\"password\" "
                + "name=\"password\"></form>");
    }

    /** A request that does not follow the contract. */
    private static final class Violation extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Violation(String message) {
            super(message);
        }
    }
}
