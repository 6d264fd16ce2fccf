package io.peergate.bittorrent;

import io.peergate.bittorrent.config.BitTorrentProperties;

import java.time.Duration;

/**
 * The gateway settings that can change at runtime. The gateway reads them at each accept, so a change reaches the
 * next connection; connections already identified keep going.
 */
public record GatewaySettings(
        int port, int maxConnections, int maxPending, Duration identifyTimeout, Duration upstreamConnectTimeout) {

    public static GatewaySettings from(BitTorrentProperties properties) {
        return new GatewaySettings(
                properties.port(),
                properties.maxConnections(),
                properties.maxPending(),
                properties.identifyTimeout(),
                properties.upstreamConnectTimeout());
    }

    public GatewaySettings withPort(int newPort) {
        return new GatewaySettings(newPort, maxConnections, maxPending, identifyTimeout, upstreamConnectTimeout);
    }
}
