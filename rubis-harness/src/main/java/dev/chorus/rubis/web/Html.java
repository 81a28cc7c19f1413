package dev.chorus.rubis.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;

/**
 * Builds the HTML pages of the RUBiS site: the shared header (title, the logo image once, a heading), the shared footer
 * (the same as the static pages' in {@code static/}), and the pieces the servlets put in between. Every value written
 * through this class is escaped; only {@link #raw} takes markup as is, and servlets pass it constant markup only.
 *
 * <p>Conventions the client emulator relies on (contract, "Web"): links are written
 * {@code <a href="/rubis/servlet/Name?a=1&amp;b=2">}, hidden fields {@code <input type="hidden" name="N" value="V">},
 * an error page has the title {@code RUBiS ERROR: ...} and the word ERROR in its body, a "no result" page contains the
 * word Sorry. The header and footer contain neither word.
 */
final class Html {
    /** The logo, written once per page. */
    static final String LOGO = "<img src=\"/rubis/images/logo.png\" alt=\"RUBiS\">";
    /** The "bid now" image, one per item row of a search page. */
    static final String BID_NOW = "<img src=\"/rubis/images/bid_now.png\" alt=\"bid now\">";
    /** Where the servlets are. */
    static final String SERVLETS = "/rubis/servlet/";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String FOOTER = "<hr>\n<p>RUBiS auction site, part of the Chorus benchmark harness.\n"
            + "<a href=\"/rubis/index.html\">Home</a> | <a href=\"/rubis/browse.html\">Browse</a> | "
            + "<a href=\"/rubis/sell.html\">Sell</a> |\n<a href=\"/rubis/about_me.html\">About me</a> | "
            + "<a href=\"/rubis/register.html\">Register</a></p>\n</body>\n</html>\n";

    private final StringBuilder out = new StringBuilder(4096);

    private Html(String fullTitle, String heading) {
        out.append("<!DOCTYPE html>\n<html>\n<head><meta charset=\"UTF-8\"><title>").append(escape(fullTitle))
                .append("</title></head>\n<body>\n<p><a href=\"/rubis/index.html\">").append(LOGO).append("</a></p>\n")
                .append("<h1>").append(escape(heading)).append("</h1>\n");
    }

    /** A normal page titled {@code RUBiS: title}. */
    static Html page(String title) {
        return new Html("RUBiS: " + title, title);
    }

    /** A complete error page: title {@code RUBiS ERROR: message}, the word ERROR in the body. */
    static String error(String message) {
        return new Html("RUBiS ERROR: " + message, "ERROR").paragraph("ERROR: " + message).finish();
    }

    /** {@code <h2>text</h2>}. */
    Html heading(String text) {
        out.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    /** {@code <p>text</p>}. */
    Html paragraph(String text) {
        out.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** Escaped text, inline. */
    Html text(Object text) {
        out.append(escape(String.valueOf(text)));
        return this;
    }

    /** Constant markup (never a value from the request or the database). */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** {@code <a href="/rubis/servlet/servlet?k=v&amp;...">label</a>}; params are name, value pairs. */
    Html link(String label, String servlet, Object... params) {
        out.append("<a href=\"").append(href(servlet, params)).append("\">").append(escape(label)).append("</a>");
        return this;
    }

    /** A link whose content is constant markup (an image). */
    Html linkRaw(String markup, String servlet, Object... params) {
        out.append("<a href=\"").append(href(servlet, params)).append("\">").append(markup).append("</a>");
        return this;
    }

    /** A table row of escaped cells; a cell that is a {@link Fragment} is taken as built. */
    Html row(Object... cells) {
        out.append("<tr>");
        for (Object cell : cells) {
            out.append("<td>");
            if (cell instanceof Fragment f) {
                out.append(f.markup());
            } else {
                out.append(escape(String.valueOf(cell)));
            }
            out.append("</td>");
        }
        out.append("</tr>\n");
        return this;
    }

    /** Starts a GET form to a servlet. */
    Html form(String servlet) {
        out.append("<form action=\"").append(SERVLETS).append(servlet).append("\" method=\"get\">\n");
        return this;
    }

    /** {@code <input type="hidden" name="NAME" value="VALUE">}. */
    Html hidden(String name, Object value) {
        out.append("<input type=\"hidden\" name=\"").append(escape(name)).append("\" value=\"")
                .append(escape(String.valueOf(value))).append("\">\n");
        return this;
    }

    /** A labelled text input. */
    Html input(String label, String name, Object value) {
        out.append("<p>").append(escape(label)).append(": <input type=\"text\" name=\"").append(escape(name))
                .append("\" value=\"").append(escape(String.valueOf(value))).append("\"></p>\n");
        return this;
    }

    /** A labelled password input. */
    Html password(String label, String name) {
        out.append("<p>").append(escape(label)).append(": <input type=\"password\" name=\"").append(escape(name))
                .append("\"></p>\n");
        return this;
    }

    /** The submit button and the end of the form. */
    Html submit(String label) {
        out.append("<p><input type=\"submit\" value=\"").append(escape(label)).append("\"></p>\n</form>\n");
        return this;
    }

    /** The page with its footer. */
    String finish() {
        return out.append(FOOTER).toString();
    }

    /**
     * The href of a servlet link: values URL-encoded (UTF-8, space as {@code +}), pairs joined by {@code &amp;}.
     */
    static String href(String servlet, Object... params) {
        if (params.length % 2 != 0) {
            throw new IllegalArgumentException("params must be name, value pairs");
        }
        StringBuilder b = new StringBuilder(SERVLETS).append(servlet);
        for (int i = 0; i < params.length; i += 2) {
            b.append(i == 0 ? "?" : "&amp;").append(params[i]).append('=')
                    .append(URLEncoder.encode(String.valueOf(params[i + 1]), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** A piece of markup for {@link #row}. */
    record Fragment(String markup) {
    }

    /** A link as a table cell. */
    static Fragment linkCell(String label, String servlet, Object... params) {
        return new Fragment("<a href=\"" + href(servlet, params) + "\">" + escape(label) + "</a>");
    }

    /** A link around constant markup (an image) as a table cell. */
    static Fragment linkCellRaw(String markup, String servlet, Object... params) {
        return new Fragment("<a href=\"" + href(servlet, params) + "\">" + markup + "</a>");
    }

    /** A price as a plain decimal with two digits, no grouping ({@code 1234.00}). */
    static String price(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** A timestamp as {@code yyyy-MM-dd HH:mm:ss}, or {@code -} when absent. */
    static String date(Timestamp t) {
        return t == null ? "-" : t.toLocalDateTime().format(DATE);
    }

    /** Escapes {@code & < > "} (attributes are always double-quoted). */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            String rep = switch (ch) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                default -> null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(ch);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
