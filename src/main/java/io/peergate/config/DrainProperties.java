package io.peergate.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code peergate.drain-timeout}: at shutdown, how long established relays and backbone
 * peers may go on once the listeners stopped accepting, before what is left is cut.
 *
 * @param drainTimeout 0s cuts everything at once
 */
@ConfigurationProperties("peergate")
@Validated
public record DrainProperties(
        @DefaultValue("20s") @NotNull @DurationMin(millis = 0) @DurationMax(minutes = 10) Duration drainTimeout) {

    /**
     * Time kept for cutting what is left (each listener waits at most its
     * {@code shutdown-timeout} for that) within Spring's wait for the shutdown phase.
     */
    static final Duration CUT_ALLOWANCE = Duration.ofSeconds(5);

    /**
     * @throws IllegalStateException when Spring would give up on the shutdown phase
     * before the drain and the cut are done
     */
    void checkFits(Duration timeoutPerShutdownPhase) {
        if (drainTimeout.plus(CUT_ALLOWANCE).compareTo(timeoutPerShutdownPhase) > 0) {
            throw new IllegalStateException(
                    "peergate.drain-timeout (" + drainTimeout.toSeconds() + "s) must be at least "
                            + CUT_ALLOWANCE.toSeconds() + "s shorter than spring.lifecycle.timeout-per-shutdown-phase ("
                            + timeoutPerShutdownPhase.toSeconds() + "s): raise that one too, or shorten the drain");
        }
    }

}
