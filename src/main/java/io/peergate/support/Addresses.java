package io.peergate.support;

import java.net.InetSocketAddress;

/** Socket addresses the way logs, health details and the admin API show them. */
public final class Addresses {

    private Addresses() {}

    /** {@code host:port}, with the host as given (no name lookup). */
    public static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
