package io.peergate.support;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Socket addresses the way logs, health details and the admin API show them:
 * {@code host:port}, {@code [v6]:port}.
 */
public final class Addresses {

    private Addresses() {
    }

    /**
     * {@code host:port}, with the host as given (no name lookup) and an IPv6 literal in
     * brackets.
     */
    public static String hostPort(String host, int port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    public static String hostPort(InetSocketAddress address) {
        return hostPort(address.getHostString(), address.getPort());
    }

    /**
     * Any socket address: {@code host:port} for IP ones, whatever else prints itself
     * otherwise.
     */
    public static String describe(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? hostPort(inet) : String.valueOf(address);
    }

    /** The remote end of {@code channel}. */
    public static String remote(Channel channel) {
        return describe(channel.remoteAddress());
    }

}
