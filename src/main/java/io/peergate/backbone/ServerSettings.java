package io.peergate.backbone;

import io.peergate.backbone.abuse.AbuseSettings;
import io.peergate.support.SizeRange;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.util.unit.DataSize;

/**
 * What a server interface may change at runtime: admission, the idle and write-stall
 * timeouts, the send queue, ingress limits and the abuse rules. New values apply to
 * connections already open (the idle and stall checks read them on every sweep, the send
 * queue and ingress limits on every frame). Names and constraints are those of the
 * interface's keys in {@code application.yml}.
 *
 * @param maxConnections peers allowed at once, -1 for unlimited
 * @param idleTimeout disconnect a peer that has sent nothing for this long; zero is off
 * @param writeStallTimeout disconnect a peer whose writes make no progress at all for
 * this long; zero is off
 * @param maxQueued bytes a peer may have waiting to be sent
 * @param onQueueFull what a frame that would pass {@code maxQueued} does: dropped for
 * that peer, or the peer cut
 * @param ingress per-peer limits on what a peer may send
 * @param abuse the abuse rules and penalties
 * @param announceControl announce ingress control of each peer
 */
public record ServerSettings(@Min(-1) int maxConnections,
        @NotNull @DurationMin(millis = 0) @DurationMax(days = 7) Duration idleTimeout,
        @NotNull @DurationMin(millis = 0) @DurationMax(days = 7) Duration writeStallTimeout,
        @NotNull @SizeRange(min = "1KB", max = "1GB") DataSize maxQueued, @NotNull QueueFullAction onQueueFull,
        @NotNull @Valid IngressSettings ingress, @NotNull @Valid AbuseSettings abuse,
        @NotNull @Valid AnnounceControlSettings announceControl) implements SendQueueSettings {

    public boolean idleTimeoutOn() {
        return !idleTimeout.isZero();
    }

    public boolean writeStallTimeoutOn() {
        return !writeStallTimeout.isZero();
    }
}
