package dev.chorus.rubis.web;

import jakarta.servlet.http.HttpServletRequest;

import java.math.BigDecimal;

/**
 * The query parameters of one request, read with validation: a required parameter that is absent or empty, or a
 * value that is not of the expected form, is a {@link UserError} naming the parameter (so the client gets an ERROR
 * page, never an HTTP 500). Numbers may carry surrounding blanks; text is taken exactly as sent (region names are
 * matched exactly, one of them ends with a space).
 */
final class Params {
    /** Prices are DECIMAL(12, 2): at most ten integer digits and two decimals. */
    private static final BigDecimal PRICE_LIMIT = new BigDecimal("10000000000");

    private final HttpServletRequest request;

    Params(HttpServletRequest request) {
        this.request = request;
    }

    /** The raw value, or null when absent or empty. */
    String optional(String name) {
        String v = request.getParameter(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** A required text value of at most maxLength characters. */
    String text(String name, int maxLength) {
        String v = optional(name);
        if (v == null) {
            throw missing(name);
        }
        return checkLength(name, v, maxLength);
    }

    /** An optional text value of at most maxLength characters, or the default. */
    String text(String name, int maxLength, String defaultValue) {
        String v = optional(name);
        return v == null ? defaultValue : checkLength(name, v, maxLength);
    }

    /** A required integer. */
    int integer(String name) {
        String v = optional(name);
        if (v == null) {
            throw missing(name);
        }
        return parseInt(name, v);
    }

    /** An optional integer, or the default. */
    int integer(String name, int defaultValue) {
        String v = optional(name);
        return v == null ? defaultValue : parseInt(name, v);
    }

    /** A required integer in [min, max]. */
    int integer(String name, int min, int max) {
        return checkRange(name, integer(name), min, max);
    }

    /** An optional integer in [min, max], or the default. */
    int integer(String name, int min, int max, int defaultValue) {
        return checkRange(name, integer(name, defaultValue), min, max);
    }

    /** A required price: a non-negative decimal with at most two decimals that fits DECIMAL(12, 2). */
    BigDecimal price(String name) {
        String v = optional(name);
        if (v == null) {
            throw missing(name);
        }
        return parsePrice(name, v);
    }

    /** An optional price, or the default. */
    BigDecimal price(String name, BigDecimal defaultValue) {
        String v = optional(name);
        return v == null ? defaultValue : parsePrice(name, v);
    }

    private static UserError missing(String name) {
        return new UserError("Parameter " + name + " is missing.");
    }

    private static String checkLength(String name, String v, int maxLength) {
        if (v.length() > maxLength) {
            throw new UserError("Parameter " + name + " is longer than " + maxLength + " characters.");
        }
        return v;
    }

    private static int checkRange(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new UserError("Parameter " + name + " must be between " + min + " and " + max + ", not " + v + ".");
        }
        return v;
    }

    private static int parseInt(String name, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new UserError("Parameter " + name + " must be an integer, not '" + v + "'.");
        }
    }

    private static BigDecimal parsePrice(String name, String v) {
        BigDecimal d;
        try {
            d = new BigDecimal(v.strip());
        } catch (NumberFormatException e) {
            throw new UserError("Parameter " + name + " must be an amount such as 12.50, not '" + v + "'.");
        }
        if (d.signum() < 0 || d.compareTo(PRICE_LIMIT) >= 0 || d.stripTrailingZeros().scale() > 2) {
            throw new UserError("Parameter " + name + " must be an amount from 0 to 9999999999.99 with at most two"
                    + " decimals, not '" + v + "'.");
        }
        return d.setScale(2);
    }
}
