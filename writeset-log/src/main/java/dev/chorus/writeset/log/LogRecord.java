package dev.chorus.writeset.log;

import java.util.Arrays;
import java.util.Objects;

/**
 * One log record: a commit sequence number and an opaque payload (in practice the UTF-8 SQL of one committed
 * transaction's write set). The payload is copied on the way in and out.
 *
 * @param seq     the commit sequence number, at least 1
 * @param payload the payload bytes
 */
public record LogRecord(long seq, byte[] payload) {
    /** Validates and copies. */
    public LogRecord {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, got " + seq);
        }
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload length in bytes. */
    public int size() {
        return payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord r && r.seq == seq && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogRecord[seq=" + seq + ", " + payload.length + " bytes]";
    }
}
