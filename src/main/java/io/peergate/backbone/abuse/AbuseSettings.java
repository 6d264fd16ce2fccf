package io.peergate.backbone.abuse;

import io.peergate.backbone.config.AbuseProperties;

import java.time.Duration;

/** The abuse rules in force on one server interface; {@link AbuseProperties} at startup, changeable at runtime. */
public record AbuseSettings(
        Rule flapping,
        Duration shortConnection,
        Rule idleTimeouts,
        Rule writeStalls,
        Duration basePenalty,
        Duration maxPenaltyDuration,
        Duration penaltyDecayInterval) {

    /** A rule fires when more than {@code maxEvents} events fall within {@code window}. */
    public record Rule(boolean enabled, int maxEvents, Duration window) {}

    public static AbuseSettings from(AbuseProperties properties) {
        AbuseProperties.Flapping flapping = properties.flapping();
        return new AbuseSettings(
                new Rule(flapping.enabled(), flapping.maxConnections(), flapping.window()),
                flapping.shorterThan(),
                new Rule(properties.idleTimeouts().enabled(), properties.idleTimeouts().maxEvents(), properties.idleTimeouts().window()),
                new Rule(properties.writeStalls().enabled(), properties.writeStalls().maxEvents(), properties.writeStalls().window()),
                properties.basePenalty(),
                properties.maxPenaltyDuration(),
                properties.penaltyDecayInterval());
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
