package dev.chorus.coordinator;

/**
 * Told about every vote a coordinator counts, on the thread of the client call, before the client gets its
 * answer. Implementations must be fast and must not throw; they must not call back into Chorus.
 */
@FunctionalInterface
public interface VoteObserver {
    void voted(VoteRecord record);
}
