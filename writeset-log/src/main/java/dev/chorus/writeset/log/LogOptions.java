package dev.chorus.writeset.log;

import java.util.Objects;

/**
 * Writer options.
 *
 * @param fsync           when written blocks are forced to disk
 * @param maxSegmentBytes a segment rolls when the next block would take it past this size; more than 4 KiB
 */
public record LogOptions(FsyncPolicy fsync, long maxSegmentBytes) {
    /** 64 MiB. */
    public static final long DEFAULT_MAX_SEGMENT_BYTES = 64L << 20;
    /** The maximum segment size must exceed this (4 KiB). */
    public static final long MIN_MAX_SEGMENT_BYTES = 4096;

    /** Validates the options. */
    public LogOptions {
        Objects.requireNonNull(fsync, "fsync");
        if (maxSegmentBytes <= MIN_MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("maxSegmentBytes must exceed " + MIN_MAX_SEGMENT_BYTES
                    + " bytes, got " + maxSegmentBytes);
        }
    }

    /** {@link FsyncPolicy#EVERY_COMMIT} and 64 MiB segments. */
    public static LogOptions defaults() {
        return new LogOptions(FsyncPolicy.EVERY_COMMIT, DEFAULT_MAX_SEGMENT_BYTES);
    }

    /** These options with another fsync policy. */
    public LogOptions withFsync(FsyncPolicy policy) {
        return new LogOptions(policy, maxSegmentBytes);
    }

    /** These options with another maximum segment size. */
    public LogOptions withMaxSegmentBytes(long bytes) {
        return new LogOptions(fsync, bytes);
    }
}
