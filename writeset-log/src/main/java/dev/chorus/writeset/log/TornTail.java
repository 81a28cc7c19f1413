package dev.chorus.writeset.log;

import java.nio.file.Path;

/**
 * An incomplete last block (or segment header) at the end of the last segment, left by a crash during a write.
 * Its records were never acknowledged under {@link FsyncPolicy#EVERY_COMMIT}; readers do not return them and the
 * writer truncates them away.
 *
 * @param file         the last segment
 * @param position     where the torn block (or header, at 0) starts: the file's valid length
 * @param droppedBytes the bytes from {@code position} to the end of the file
 * @param reason       what made the tail incomplete
 */
public record TornTail(Path file, long position, long droppedBytes, String reason) {
    @Override
    public String toString() {
        return "torn tail in " + file + " at byte " + position + " (" + droppedBytes + " bytes): " + reason;
    }
}
