package dev.chorus.coordinator.replica;

/** A replica's health as the coordinator sees it. Only HEALTHY replicas take part in quorums. */
public enum ReplicaState {
    /** Answers and agrees with the quorum. */
    HEALTHY,
    /** Answered differently from the quorum (wrong rows, count, write or error): excluded until recovered. */
    SUSPECT,
    /** Did not answer: connection failure or statement timeout. Excluded until recovered. */
    DOWN
}
