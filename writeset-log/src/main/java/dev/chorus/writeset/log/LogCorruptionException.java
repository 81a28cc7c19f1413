package dev.chorus.writeset.log;

import java.io.IOException;
import java.nio.file.Path;

/** The log holds damaged or inconsistent data that is not a torn tail; it names the file and byte position. */
public class LogCorruptionException extends IOException {
    private final transient Path path;
    private final long position;

    /** {@code problem} says what is wrong at {@code position} of {@code path}. */
    public LogCorruptionException(Path path, long position, String problem) {
        super("corrupt log segment " + path + " at byte " + position + ": " + problem);
        this.path = path;
        this.position = position;
    }

    /** The damaged file. */
    public Path path() {
        return path;
    }

    /** The byte offset in {@link #path()} of the damaged header, block or record. */
    public long position() {
        return position;
    }
}
