package dev.chorus.coordinator;

import javax.management.ConstructorParameters;

/**
 * The outcome of an administrative operation over JMX ({@link CoordinatorMXBean}): whether it succeeded, or found
 * what it looked for (verify: every replica equal), and its report as text. A JMX client gets it as composite data
 * with the items {@code ok} and {@code text}.
 */
public final class AdminResult {
    private final boolean ok;
    private final String text;

    @ConstructorParameters({"ok", "text"})
    public AdminResult(boolean ok, String text) {
        this.ok = ok;
        this.text = text;
    }

    public boolean isOk() {
        return ok;
    }

    public String getText() {
        return text;
    }

    @Override
    public String toString() {
        return (ok ? "ok: " : "failed: ") + text;
    }
}
