package io.peergate.backbone;

import io.peergate.backbone.abuse.AbuseSettings;
import io.peergate.backbone.config.InterfaceProperties;

import java.time.Duration;

/**
 * What a server interface may change at runtime: admission, the idle and write-stall timeouts and the abuse rules.
 * New values apply to connections already open (the idle and stall checks read them on every sweep).
 *
 * @param maxConnections peers allowed at once, -1 for unlimited
 * @param idleTimeout disconnect a peer that has sent nothing for this long; zero is off
 * @param writeStallTimeout disconnect a peer whose writes make no progress for this long; zero is off
 * @param abuse the abuse rules and penalties
 */
public record ServerSettings(int maxConnections, Duration idleTimeout, Duration writeStallTimeout, AbuseSettings abuse) {

    public static ServerSettings from(InterfaceProperties properties) {
        return new ServerSettings(
                properties.maxConnections(),
                properties.idleTimeout(),
                properties.writeStallTimeout(),
                AbuseSettings.from(properties.abuse()));
    }

    public boolean idleTimeoutOn() {
        return !idleTimeout.isZero();
    }

    public boolean writeStallTimeoutOn() {
        return !writeStallTimeout.isZero();
    }
}
