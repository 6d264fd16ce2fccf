package io.peergate.backbone;

import io.peergate.backbone.abuse.AbuseSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * What a server interface may change at runtime: admission, the idle and write-stall
 * timeouts and the abuse rules. New values apply to connections already open (the idle
 * and stall checks read them on every sweep). Names and constraints are those of the
 * interface's keys in {@code application.yml}.
 *
 * @param maxConnections peers allowed at once, -1 for unlimited
 * @param idleTimeout disconnect a peer that has sent nothing for this long; zero is off
 * @param writeStallTimeout disconnect a peer whose writes make no progress for this long;
 * zero is off
 * @param abuse the abuse rules and penalties
 */
public record ServerSettings(@Min(-1) int maxConnections,
        @NotNull @DurationMin(millis = 0) @DurationMax(days = 7) Duration idleTimeout,
        @NotNull @DurationMin(millis = 0) @DurationMax(days = 7) Duration writeStallTimeout,
        @NotNull @Valid AbuseSettings abuse) {

    public boolean idleTimeoutOn() {
        return !idleTimeout.isZero();
    }

    public boolean writeStallTimeoutOn() {
        return !writeStallTimeout.isZero();
    }
}
