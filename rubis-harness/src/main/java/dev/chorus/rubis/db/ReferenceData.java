package dev.chorus.rubis.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RUBiS's reference data files (copied from {@code shared/rubis/} into {@code src/main/resources/rubis/}; see
 * {@code SOURCES.md} there): the 20 categories with their active-item quotas and the 62 regions, ids 1.. in file
 * order (SPEC.md section 3).
 */
public final class ReferenceData {
    /** A category: its id (1-based, file order), name, and how many active items it holds at full scale. */
    public record Category(int id, String name, int activeItems) {
    }

    private static final List<Category> CATEGORIES = loadCategories();
    private static final List<String> REGIONS = loadRegions();

    private ReferenceData() {
    }

    public static List<Category> categories() {
        return CATEGORIES;
    }

    /** Region names exactly as in the file (one carries a trailing space); region id = index + 1. */
    public static List<String> regions() {
        return REGIONS;
    }

    /** A data file's lines, without line terminators. */
    public static List<String> lines(String resource) {
        try (InputStream in = ReferenceData.class.getResourceAsStream("/rubis/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("resource /rubis/" + resource + " is missing");
            }
            List<String> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Category> loadCategories() {
        List<Category> out = new ArrayList<>();
        for (String line : lines("ebay_simple_categories.txt")) {
            if (line.isBlank()) {
                continue;
            }
            int open = line.lastIndexOf('(');
            int close = line.lastIndexOf(')');
            if (open <= 0 || close < open) {
                throw new IllegalStateException("category line without '(N)': " + line);
            }
            String name = line.substring(0, open).stripTrailing();
            out.add(new Category(out.size() + 1, name, Integer.parseInt(line.substring(open + 1, close).trim())));
        }
        return List.copyOf(out);
    }

    private static List<String> loadRegions() {
        List<String> out = new ArrayList<>();
        for (String line : lines("ebay_regions.txt")) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return List.copyOf(out);
    }
}
