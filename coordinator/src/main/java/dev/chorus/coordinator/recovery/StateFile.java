package dev.chorus.coordinator.recovery;

import dev.chorus.coordinator.ReplicaConfig;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What a coordinator must know at its next start that its configuration does not say, in {@code chorus.state}
 * beside the write-set log: the database each replica runs on now (state transfer may have moved it to a new one,
 * of another engine) and the commit sequence number up to which every commit had ended on every healthy replica
 * (from there the log is replayed after a crash). Replaced atomically (written aside, forced, renamed).
 *
 * @param caughtUp the commit sequence number every healthy replica had reached
 * @param databases replica name -> its current database
 */
public record StateFile(long caughtUp, Map<String, ReplicaConfig> databases) {
    public static final String NAME = "chorus.state";

    public StateFile {
        databases = Map.copyOf(databases);
    }

    /** Reads the file in a directory; null when there is none. */
    public static StateFile read(Path dir) throws IOException {
        Path f = dir.resolve(NAME);
        if (!Files.exists(f)) {
            return null;
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(f, StandardCharsets.UTF_8)));
        long caughtUp = Long.parseLong(p.getProperty("caughtUp", "0"));
        Map<String, ReplicaConfig> dbs = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("replica.") && key.endsWith(".url")) {
                String name = key.substring("replica.".length(), key.length() - ".url".length());
                dbs.put(name, new ReplicaConfig(name, p.getProperty(key), p.getProperty("replica." + name + ".user"),
                        p.getProperty("replica." + name + ".password"), p.getProperty("replica." + name + ".closeSql")));
            }
        }
        return new StateFile(caughtUp, dbs);
    }

    /** Replaces the file in a directory. */
    public void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("caughtUp", Long.toString(caughtUp));
        databases.forEach((name, r) -> {
            p.setProperty("replica." + name + ".url", r.url());
            if (r.user() != null) {
                p.setProperty("replica." + name + ".user", r.user());
            }
            if (r.password() != null) {
                p.setProperty("replica." + name + ".password", r.password());
            }
            if (r.closeSql() != null) {
                p.setProperty("replica." + name + ".closeSql", r.closeSql());
            }
        });
        StringWriter w = new StringWriter();
        p.store(w, "Chorus coordinator state: written by Chorus, do not edit");
        Path tmp = dir.resolve(NAME + ".tmp");
        Files.writeString(tmp, w.toString(), StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot force a directory; the rename is still atomic
        }
    }
}
