package dev.chorus.writeset.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A published checkpoint is damaged or inconsistent: a file is missing, has the wrong size, does not match its
 * SHA-256, or does not parse, or the manifest contradicts itself or the data. The message names the checkpoint
 * directory, the file and what did not match.
 */
public class CheckpointCorruptException extends IOException {
    private final transient Path checkpoint;
    private final String file;

    /** {@code problem} says what is wrong with {@code file} (a name inside {@code checkpoint}). */
    public CheckpointCorruptException(Path checkpoint, String file, String problem) {
        this(checkpoint, file, problem, null);
    }

    public CheckpointCorruptException(Path checkpoint, String file, String problem, Throwable cause) {
        super("corrupt checkpoint " + checkpoint + ": " + file + ": " + problem, cause);
        this.checkpoint = checkpoint;
        this.file = file;
    }

    /** The checkpoint directory. */
    public Path checkpoint() {
        return checkpoint;
    }

    /** The damaged file's name inside {@link #checkpoint()}. */
    public String file() {
        return file;
    }
}
