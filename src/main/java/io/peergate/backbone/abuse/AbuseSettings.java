package io.peergate.backbone.abuse;

import io.peergate.support.Cidr;
import io.peergate.support.ValidCidr;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The abuse rules of one server interface ({@code ...interfaces[n].abuse.*}). One record
 * from {@code application.yml} through the admin API to the actuator: its defaults are
 * declared here (binding metadata only) and its constraints validate both the startup
 * configuration and every admin change. A rule that fires blacklists the peer's IP for
 * {@code base-penalty × 2^(level−1)}, capped by {@code max-penalty-duration}; the level
 * falls by one per quiet {@code penalty-decay-interval}.
 *
 * @param flapping connections that end soon after they start
 * @param idleTimeouts repeated idle-timeout disconnects
 * @param writeStalls repeated write-stall disconnects: writes that made no progress at
 * all for {@code write-stall-timeout} (frames shed for a full queue never count)
 * @param flooding a peer held to its interface's ingress limits again and again: each
 * second in which frames of the peer were dropped for {@code ingress-limit} is one event
 * @param basePenalty blacklist duration of a first offence
 * @param maxPenaltyDuration longest blacklist a rule can give
 * @param penaltyDecayInterval quiet time after which the penalty level falls by one
 * @param exempt networks (CIDR, IPv4 or IPv6, or single addresses) whose peers these
 * rules never penalise: operators' own nodes, a NAT gateway in front of many users,
 * monitoring; a manual blacklist still applies to them
 */
public record AbuseSettings(@DefaultValue @NotNull @Valid Flapping flapping,
        @DefaultValue @NotNull @Valid Repeats idleTimeouts, @DefaultValue @NotNull @Valid Repeats writeStalls,
        @DefaultValue @NotNull @Valid Repeats flooding,
        @DefaultValue("5m") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 365) Duration basePenalty,
        @DefaultValue("24h") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 365) Duration maxPenaltyDuration,
        @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 365) Duration penaltyDecayInterval,
        @DefaultValue @NotNull @Size(max = 1024) List<@ValidCidr String> exempt) {

    /** The {@link #exempt} networks, parsed (they were validated when set). */
    public List<Cidr> exemptNetworks() {
        return exempt.stream().map(Cidr::parse).toList();
    }

    /**
     * Fast flapping: more than {@code max-connections} connections shorter than
     * {@code shorter-than} within {@code window}.
     */
    public record Flapping(@DefaultValue("true") boolean enabled,
            @DefaultValue("20s") @NotNull @DurationMin(millis = 1) @DurationMax(days = 1) Duration shorterThan,
            @DefaultValue("5") @Min(1) int maxConnections,
            @DefaultValue("5m") @NotNull @DurationMin(millis = 1) @DurationMax(days = 7) Duration window) {
    }

    /** More than {@code max-events} events of one kind within {@code window}. */
    public record Repeats(@DefaultValue("true") boolean enabled, @DefaultValue("3") @Min(1) int maxEvents,
            @DefaultValue("10m") @NotNull @DurationMin(millis = 1) @DurationMax(days = 7) Duration window) {
    }

    /** {@code base × 2^(level−1)}, capped by {@code maxPenaltyDuration}. */
    public Duration penaltyFor(int level) {
        Duration penalty = basePenalty;
        for (int i = 1; i < level && penalty.compareTo(maxPenaltyDuration) < 0; i++) {
            penalty = penalty.multipliedBy(2);
        }
        return penalty.compareTo(maxPenaltyDuration) > 0 ? maxPenaltyDuration : penalty;
    }
}
