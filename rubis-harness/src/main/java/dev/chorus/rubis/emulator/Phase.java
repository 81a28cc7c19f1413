package dev.chorus.rubis.emulator;

/**
 * The three phases of a run (SPEC.md sections 5.2 and 6), shared by all emulated clients and measured separately:
 * the up-ramp (think times multiplied by the up-ramp slowdown factor, default 2), the steady "runtime session" (factor
 * 1; it gives the steady-state figures) and the down-ramp (down-ramp slowdown factor, default 3).
 */
public enum Phase {
    UP_RAMP("up-ramp"),
    STEADY("steady state"),
    DOWN_RAMP("down-ramp");

    private final String displayName;

    Phase(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
