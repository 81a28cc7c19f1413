package dev.chorus.coordinator.lock;

/**
 * Multi-granularity lock modes (Gray et al.): intention shared and exclusive on a container (the database, a table)
 * announce S or X locks below it; SIX is S on the container plus the intention to write below.
 */
public enum LockMode {
    IS, IX, S, SIX, X;

    private static final boolean[][] COMPATIBLE = {
            //          IS     IX     S      SIX    X
            /* IS  */ {true, true, true, true, false},
            /* IX  */ {true, true, false, false, false},
            /* S   */ {true, false, true, false, false},
            /* SIX */ {true, false, false, false, false},
            /* X   */ {false, false, false, false, false}};

    /** Whether two transactions may hold these modes on one resource at once. */
    public boolean compatibleWith(LockMode other) {
        return COMPATIBLE[ordinal()][other.ordinal()];
    }

    /** The weakest mode that grants both (held S and requested IX give SIX). */
    public LockMode join(LockMode other) {
        if (this == other) {
            return this;
        }
        if (this == X || other == X) {
            return X;
        }
        if (this == SIX || other == SIX) {
            return SIX;
        }
        if (this == IS) {
            return other;
        }
        if (other == IS) {
            return this;
        }
        return SIX; // S with IX
    }

    /** Whether this mode grants everything {@code other} does. */
    public boolean covers(LockMode other) {
        return join(other) == this;
    }

    /** The intention mode a container needs for this mode on something inside it. */
    public LockMode intention() {
        return this == IS || this == S ? IS : IX;
    }
}
