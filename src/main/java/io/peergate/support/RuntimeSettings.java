package io.peergate.support;

import java.util.Objects;

/**
 * Settings an operator changes at runtime, and the values they started with so a reset
 * can return to them. Readers take {@link #current()} once per decision, so one decision
 * never mixes two versions.
 *
 * @param <S> an immutable settings record
 */
public final class RuntimeSettings<S> {

    private final S startup;

    private volatile S current;

    public RuntimeSettings(S startup) {
        this.startup = Objects.requireNonNull(startup, "startup");
        this.current = startup;
    }

    /** The settings in force now. */
    public S current() {
        return current;
    }

    /** The settings at startup: what a reset puts back. */
    public S startup() {
        return startup;
    }

    /** Puts {@code next} in force. */
    public void set(S next) {
        current = Objects.requireNonNull(next, "next");
    }

}
