package io.peergate.backbone;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Announce ingress control of an interface's peers
 * ({@code ...interfaces[n].announce-control.*}), as the reference implementation's
 * interfaces have it ({@code RNS/Interfaces/Interface.py}, with its defaults): when a
 * peer's announces come faster than a burst threshold (lower for a peer connected less
 * than {@code new-time}), announces for destinations not already known are held, one per
 * destination, and once the burst has been over for {@code burst-penalty} released one at
 * a time every {@code held-release-interval}, lowest hop count first. Off by default: a
 * hub often carries other hubs whose announces come in bursts by nature.
 *
 * @param enabled whether announces are ever held
 * @param newTime how long a peer counts as new, with the lower threshold
 * @param burstFreqNew announces per second above which a new peer's are held
 * @param burstFreq announces per second above which a peer's are held
 * @param burstHold a burst lasts at least this long
 * @param burstPenalty after a burst, held announces wait this long
 * @param heldReleaseInterval then one is released per this interval
 * @param maxHeld held announces per peer at most; more are dropped, counted
 */
public record AnnounceControlSettings(@DefaultValue("false") boolean enabled,
        @DefaultValue("2h") @NotNull @DurationMin(seconds = 0) @DurationMax(days = 7) Duration newTime,
        @DefaultValue("3.5") @DecimalMin("0.01") @DecimalMax("100000") double burstFreqNew,
        @DefaultValue("12") @DecimalMin("0.01") @DecimalMax("100000") double burstFreq,
        @DefaultValue("60s") @NotNull @DurationMin(seconds = 0) @DurationMax(days = 1) Duration burstHold,
        @DefaultValue("5m") @NotNull @DurationMin(seconds = 0) @DurationMax(days = 1) Duration burstPenalty,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 1) @DurationMax(days = 1) Duration heldReleaseInterval,
        @DefaultValue("256") @Min(1) @Max(65_536) int maxHeld) {

    public static final AnnounceControlSettings OFF = new AnnounceControlSettings(false, Duration.ofHours(2), 3.5, 12,
            Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofSeconds(30), 256);

}
