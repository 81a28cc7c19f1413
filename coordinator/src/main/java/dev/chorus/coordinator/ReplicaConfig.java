package dev.chorus.coordinator;

import java.util.Objects;

/**
 * One replica: a name unique within the configuration, its JDBC URL and credentials.
 *
 * @param closeSql SQL run on a fresh connection when the coordinator closes, to release an in-memory database
 *                 (for example {@code SHUTDOWN}); null for none
 */
public record ReplicaConfig(String name, String url, String user, String password, String closeSql) {
    public ReplicaConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
    }

    public ReplicaConfig(String name, String url, String user, String password) {
        this(name, url, user, password, null);
    }

    public Engine engine() {
        return Engine.of(url);
    }

    /** The user and password as {@link java.sql.DriverManager#getConnection(String, java.util.Properties)} takes them. */
    public java.util.Properties credentials() {
        java.util.Properties props = new java.util.Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return props;
    }

    /** The URL without anything that looks like a password, for messages and the status view. */
    public String displayUrl() {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    @Override
    public String toString() {
        return name + "(" + engine().displayName() + ", " + displayUrl() + ")";
    }
}
