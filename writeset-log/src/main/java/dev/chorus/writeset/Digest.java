package dev.chorus.writeset;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A SHA-256 digest. SHA-256 rather than a cheaper checksum because replicas are untrusted: a Byzantine replica
 * must not be able to craft an answer that collides with the correct one.
 */
public final class Digest implements Comparable<Digest> {
    public static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Digest(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of 32 digest bytes. */
    public static Digest of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-256 digest has " + LENGTH + " bytes, got " + bytes.length);
        }
        return new Digest(bytes.clone());
    }

    /** The digest of the given bytes. */
    public static Digest sha256(byte[] data, int offset, int length) {
        MessageDigest md = newSha256();
        md.update(data, offset, length);
        return new Digest(md.digest());
    }

    /** A fresh SHA-256 engine; the JDK guarantees the algorithm is present. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** Finishes the engine's computation and wraps its result. */
    public static Digest finish(MessageDigest md) {
        return new Digest(md.digest());
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** The first 8 hex digits and an ellipsis: enough to tell digests apart in a message. */
    public String shortHex() {
        return HEX.formatHex(bytes, 0, 4) + "..";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && MessageDigest.isEqual(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Digest o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return shortHex();
    }
}
