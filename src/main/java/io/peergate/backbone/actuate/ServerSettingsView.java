package io.peergate.backbone.actuate;

import io.peergate.backbone.ServerSettings;
import io.peergate.backbone.abuse.AbuseSettings;

import io.peergate.support.Durations;

/** Server interface settings as the admin API and the actuator show them (durations as {@code 5s}, {@code 0s} = off). */
public record ServerSettingsView(int maxConnections, String idleTimeout, String writeStallTimeout, Abuse abuse) {

    public record Abuse(
            Flapping flapping,
            Rule idleTimeouts,
            Rule writeStalls,
            String basePenalty,
            String maxPenaltyDuration,
            String penaltyDecayInterval) {}

    public record Flapping(boolean enabled, String shorterThan, int maxConnections, String window) {}

    public record Rule(boolean enabled, int maxEvents, String window) {}

    public static ServerSettingsView of(ServerSettings settings) {
        AbuseSettings abuse = settings.abuse();
        return new ServerSettingsView(
                settings.maxConnections(),
                Durations.format(settings.idleTimeout()),
                Durations.format(settings.writeStallTimeout()),
                new Abuse(
                        new Flapping(
                                abuse.flapping().enabled(),
                                Durations.format(abuse.shortConnection()),
                                abuse.flapping().maxEvents(),
                                Durations.format(abuse.flapping().window())),
                        rule(abuse.idleTimeouts()),
                        rule(abuse.writeStalls()),
                        Durations.format(abuse.basePenalty()),
                        Durations.format(abuse.maxPenaltyDuration()),
                        Durations.format(abuse.penaltyDecayInterval())));
    }

    private static Rule rule(AbuseSettings.Rule rule) {
        return new Rule(rule.enabled(), rule.maxEvents(), Durations.format(rule.window()));
    }
}
