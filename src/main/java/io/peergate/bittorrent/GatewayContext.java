package io.peergate.bittorrent;

import io.netty.channel.Channel;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;

/** What a connection's handlers need from the gateway that accepted it. */
interface GatewayContext {

    /** The settings in force now; a handler takes them once, at accept. */
    GatewaySettings settings();

    GatewayStats stats();

    TorrentRegistry registry();

    Duration halfCloseTimeout();

    /** Resolves upstream host names without blocking the event loop. */
    AddressResolverGroup<InetSocketAddress> resolver();

    /** Where MSE handshakes do their key exchange. */
    MseKeyWork keyWork();

    /** Keys and padding of MSE handshakes. */
    SecureRandom random();

    /** Remembers an admitted inbound channel so the gateway can close it at shutdown. */
    void track(Channel channel);

    /**
     * Remembers a relay's upstream channel, for shutdown and the queued-bytes figures.
     */
    void trackUpstream(Channel channel);

}
