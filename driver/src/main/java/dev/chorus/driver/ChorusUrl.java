package dev.chorus.driver;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.SqlStates;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;
import java.util.Properties;

/**
 * A parsed Chorus URL. The forms:
 * <ul>
 *   <li>{@code jdbc:chorus:mem:NAME[;key=value...]}: the embedded default, in memory</li>
 *   <li>{@code jdbc:chorus:file:PATH[;key=value...]}: the embedded default, on disk under PATH</li>
 *   <li>{@code jdbc:chorus:config:FILE}: replicas and settings from a properties file</li>
 * </ul>
 *
 * @param identity what makes two URLs the same database: connections whose URLs have the same identity share
 *                 one coordinator ({@code mem:NAME}, {@code file:}absolute path, {@code config:}absolute path)
 */
public record ChorusUrl(String url, String identity, ChorusConfig config) {
    public static final String PREFIX = "jdbc:chorus:";

    public static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    public static ChorusUrl parse(String url) throws SQLException {
        if (!accepts(url)) {
            throw new SQLNonTransientConnectionException("not a Chorus URL: '" + url + "' (it must start with " + PREFIX + ")",
                    SqlStates.CONNECTION_REJECTED);
        }
        String rest = url.substring(PREFIX.length());
        if (rest.startsWith("mem:")) {
            String[] nameAndSettings = splitSettings(rest.substring("mem:".length()));
            String name = nameAndSettings[0];
            if (!name.matches("[A-Za-z0-9_]+")) {
                throw invalid(url, "the name after jdbc:chorus:mem: must be letters, digits and '_' (it names the replica databases)");
            }
            return new ChorusUrl(url, "mem:" + name, ChorusConfig.embedded(name, null, ChorusConfig.parseSettings(nameAndSettings[1])));
        }
        if (rest.startsWith("file:")) {
            String[] pathAndSettings = splitSettings(rest.substring("file:".length()));
            if (pathAndSettings[0].isEmpty()) {
                throw invalid(url, "a directory must follow jdbc:chorus:file:");
            }
            Path dir = Paths.get(pathAndSettings[0]).toAbsolutePath().normalize();
            String name = dir.getFileName() == null ? "root" : dir.getFileName().toString().replaceAll("[^A-Za-z0-9_]", "_");
            return new ChorusUrl(url, "file:" + dir, ChorusConfig.embedded(name, dir, ChorusConfig.parseSettings(pathAndSettings[1])));
        }
        if (rest.startsWith("config:")) {
            String file = rest.substring("config:".length());
            if (file.isEmpty()) {
                throw invalid(url, "a properties file must follow jdbc:chorus:config:");
            }
            Path path = Paths.get(file).toAbsolutePath().normalize();
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException e) {
                throw new SQLNonTransientConnectionException("cannot read the Chorus configuration file " + path + ": " + e,
                        SqlStates.CONNECTION_REJECTED, e);
            }
            String fileName = path.getFileName().toString();
            String name = (fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName)
                    .replaceAll("[^A-Za-z0-9_]", "_");
            return new ChorusUrl(url, "config:" + path, ChorusConfig.fromProperties(name, props));
        }
        if (rest.startsWith("//")) {
            throw new SQLFeatureNotSupportedException("the standalone coordinator server (" + PREFIX
                    + "//host:port/NAME) is not supported by Chorus yet; use mem:, file: or config:", SqlStates.FEATURE_NOT_SUPPORTED);
        }
        throw invalid(url, "the forms are " + PREFIX + "mem:NAME, " + PREFIX + "file:PATH and " + PREFIX + "config:FILE");
    }

    /** Splits {@code NAME;k=v;k2=v2} at the first ';'. */
    private static String[] splitSettings(String s) {
        int semi = s.indexOf(';');
        return semi < 0 ? new String[] {s, ""} : new String[] {s.substring(0, semi), s.substring(semi + 1)};
    }

    private static SQLException invalid(String url, String rule) {
        return new SQLNonTransientConnectionException("invalid Chorus URL '" + url + "': " + rule, SqlStates.CONNECTION_REJECTED);
    }

    /** The settings a URL may carry, for {@code Driver.getPropertyInfo}. */
    static Map<String, String> tuningSettings() {
        return Map.of(ChorusConfig.KEY_STATEMENT_TIMEOUT, ChorusConfig.DEFAULT_STATEMENT_TIMEOUT.toMillis() + "ms",
                ChorusConfig.KEY_LOCK_WAIT_TIMEOUT, ChorusConfig.DEFAULT_LOCK_WAIT_TIMEOUT.toMillis() + "ms",
                ChorusConfig.KEY_APPROXIMATE_DIGITS, Integer.toString(ChorusConfig.DEFAULT_APPROXIMATE_DIGITS));
    }
}
