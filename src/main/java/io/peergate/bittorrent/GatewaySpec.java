package io.peergate.bittorrent;

import java.time.Duration;

/**
 * What the gateway is built from: the options fixed at startup and the runtime settings
 * it starts with.
 *
 * @param listenAddress address the public peer port binds to
 * @param halfCloseTimeout time a half-closed relay may stay open before both sides are
 * closed
 * @param shutdownTimeout bounded wait for an old listener to close (stop, port change)
 * @param acceptErrorBackoff pause in accepting after an accept error such as too many
 * open files
 * @param settings the runtime settings at startup
 */
public record GatewaySpec(String listenAddress, Duration halfCloseTimeout, Duration shutdownTimeout,
        Duration acceptErrorBackoff, GatewaySettings settings) {
}
