package io.peergate.backbone;

import io.peergate.backbone.config.InterfaceProperties;

import java.time.Duration;

/**
 * What a client link may change at runtime; read again at every connect attempt.
 *
 * @param connectTimeout time allowed for one connect attempt
 * @param reconnectWait base wait before a reconnect: {@code reconnectWait × 2^min(attempts, 6)} ± 25 %
 * @param maxReconnectTries attempts in a row before giving up; null tries forever
 * @param writeStallTimeout cut the link when its writes make no progress for this long; zero is off
 */
public record ClientSettings(Duration connectTimeout, Duration reconnectWait, Integer maxReconnectTries, Duration writeStallTimeout) {

    public static ClientSettings from(InterfaceProperties properties) {
        return new ClientSettings(
                properties.connectTimeout(),
                properties.reconnectWait(),
                properties.maxReconnectTries(),
                properties.writeStallTimeout());
    }

    public boolean writeStallTimeoutOn() {
        return !writeStallTimeout.isZero();
    }
}
