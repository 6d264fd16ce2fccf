package io.peergate.backbone;

import io.peergate.support.SizeRange;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * What a client link may change at runtime; read again at every connect attempt (the send
 * queue at every frame). Names and constraints are those of the interface's keys in
 * {@code application.yml}.
 *
 * @param connectTimeout time allowed for one connect attempt
 * @param reconnectWait base wait before a reconnect:
 * {@code reconnectWait × 2^min(attempts, 6)} ± 25 %
 * @param maxReconnectTries attempts in a row before giving up; null tries forever
 * @param writeStallTimeout cut the link when its writes make no progress at all for this
 * long; zero is off
 * @param maxQueued bytes the link may have waiting to be sent
 * @param onQueueFull what a frame that would pass {@code maxQueued} does: dropped, or the
 * link cut
 * @param announceControl announce ingress control of the link's peer
 */
public record ClientSettings(@NotNull @DurationMin(millis = 1) @DurationMax(minutes = 10) Duration connectTimeout,
        @NotNull @DurationMin(millis = 1) @DurationMax(hours = 1) Duration reconnectWait,
        @Nullable @Min(0) Integer maxReconnectTries,
        @NotNull @DurationMin(millis = 0) @DurationMax(days = 7) Duration writeStallTimeout,
        @NotNull @SizeRange(min = "1KB", max = "1GB") DataSize maxQueued, @NotNull QueueFullAction onQueueFull,
        @NotNull @Valid AnnounceControlSettings announceControl) implements SendQueueSettings {

    public boolean writeStallTimeoutOn() {
        return !writeStallTimeout.isZero();
    }
}
