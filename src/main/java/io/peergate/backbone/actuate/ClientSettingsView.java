package io.peergate.backbone.actuate;

import io.peergate.backbone.ClientSettings;

import io.peergate.support.Durations;

/** Client link settings as the admin API and the actuator show them; {@code maxReconnectTries} null = forever. */
public record ClientSettingsView(String connectTimeout, String reconnectWait, Integer maxReconnectTries, String writeStallTimeout) {

    public static ClientSettingsView of(ClientSettings settings) {
        return new ClientSettingsView(
                Durations.format(settings.connectTimeout()),
                Durations.format(settings.reconnectWait()),
                settings.maxReconnectTries(),
                Durations.format(settings.writeStallTimeout()));
    }
}
