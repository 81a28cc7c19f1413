package dev.chorus.rubis.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts what the emulator needs from a RUBiS page, relying only on the HTML conventions of the harness contract:
 * links are {@code <a href="/rubis/servlet/X?a=1&amp;b=2">} (attribute in double quotes, {@code &amp;} between
 * parameters), form fields the emulator reads are {@code <input type="hidden" name="NAME" value="VALUE">}, images are
 * {@code <img src="...">}; an error page contains the word {@code ERROR}, a "no result" page the word {@code Sorry}
 * (SPEC.md section 5.2).
 *
 * <p>Tag and attribute names are matched case-insensitively and attribute order inside a tag does not matter; values
 * are HTML-unescaped (and, for link parameters, URL-decoded).
 */
public final class PageParser {
    private static final Pattern HREF = Pattern.compile("<a\\b[^>]*?\\bhref\\s*=\\s*\"([^\"]*)\"",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern IMG = Pattern.compile("<img\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern TYPE = attribute("type");
    private static final Pattern NAME = attribute("name");
    private static final Pattern VALUE = attribute("value");
    private static final Pattern SRC = attribute("src");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");

    private PageParser() {
    }

    private static Pattern attribute(String name) {
        return Pattern.compile("\\s" + name + "\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    }

    /** True if the page is an error page (contains {@code ERROR}). */
    public static boolean isError(String html) {
        return html.contains("ERROR");
    }

    /** True if the page is a "no result" page (contains {@code Sorry}). */
    public static boolean isSorry(String html) {
        return html.contains("Sorry");
    }

    /** The targets of all {@code <a href="...">} links, HTML-unescaped, in page order. */
    public static List<String> links(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = HREF.matcher(html);
        while (m.find()) {
            out.add(unescape(m.group(1)));
        }
        return out;
    }

    /**
     * The integer values of query parameter {@code name} in the page's links, in page order (duplicates kept, so a
     * uniform choice over the list is a uniform choice over the link occurrences). Non-integer values are skipped.
     * For example {@code linkParameter(page, "itemId")} on a search result page gives one id per listed item.
     */
    public static List<Long> linkParameter(String html, String name) {
        List<Long> out = new ArrayList<>();
        for (String link : links(html)) {
            int q = link.indexOf('?');
            if (q < 0) {
                continue;
            }
            int hash = link.indexOf('#', q);
            String query = hash < 0 ? link.substring(q + 1) : link.substring(q + 1, hash);
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || !pair.substring(0, eq).equals(name)) {
                    continue;
                }
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).trim();
                if (INTEGER.matcher(value).matches()) {
                    out.add(Long.parseLong(value));
                }
            }
        }
        return out;
    }

    /** The page's hidden form fields, name to value (HTML-unescaped), in page order; the first of a name wins. */
    public static Map<String, String> hiddenFields(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = INPUT.matcher(html);
        while (m.find()) {
            String tag = m.group();
            String type = attributeValue(TYPE, tag);
            String name = attributeValue(NAME, tag);
            if (type == null || !type.equalsIgnoreCase("hidden") || name == null) {
                continue;
            }
            String value = attributeValue(VALUE, tag);
            out.putIfAbsent(unescape(name), value == null ? "" : unescape(value));
        }
        return out;
    }

    /** The integer value of hidden field {@code name}, or null if absent or not an integer. */
    public static Long hiddenLong(Map<String, String> hidden, String name) {
        String v = hidden.get(name);
        if (v == null) {
            return null;
        }
        v = v.trim();
        return INTEGER.matcher(v).matches() ? Long.valueOf(v) : null;
    }

    /** The sources of all {@code <img src="...">} tags (HTML-unescaped), in page order, duplicates kept. */
    public static List<String> imageSources(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) {
            String src = attributeValue(SRC, m.group());
            if (src != null && !src.isBlank()) {
                out.add(unescape(src.trim()));
            }
        }
        return out;
    }

    private static String attributeValue(Pattern attribute, String tag) {
        Matcher m = attribute.matcher(tag);
        return m.find() ? m.group(1) : null;
    }

    /** Undoes the HTML escaping of attribute values ({@code &amp; &lt; &gt; &quot; &#39; &#NN;}). */
    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int semi = c == '&' ? s.indexOf(';', i) : -1;
            if (semi > i && semi - i <= 10) {
                String entity = s.substring(i + 1, semi);
                String replacement = switch (entity) {
                    case "amp" -> "&";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "quot" -> "\"";
                    case "apos", "#39" -> "'";
                    default -> numericEntity(entity);
                };
                if (replacement != null) {
                    out.append(replacement);
                    i = semi + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String numericEntity(String entity) {
        try {
            if (entity.startsWith("#x") || entity.startsWith("#X")) {
                return new String(Character.toChars(Integer.parseInt(entity.substring(2), 16)));
            }
            if (entity.startsWith("#")) {
                return new String(Character.toChars(Integer.parseInt(entity.substring(1))));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }
}
