package io.peergate.bittorrent.actuate;

import io.peergate.bittorrent.GatewaySettings;

import io.peergate.support.Durations;

/** Gateway settings as the admin API and the actuator show them (durations as {@code 5s}). */
public record SettingsView(
        int port, int maxConnections, int maxPending, String identifyTimeout, String upstreamConnectTimeout) {

    public static SettingsView of(GatewaySettings settings) {
        return new SettingsView(
                settings.port(),
                settings.maxConnections(),
                settings.maxPending(),
                Durations.format(settings.identifyTimeout()),
                Durations.format(settings.upstreamConnectTimeout()));
    }
}
