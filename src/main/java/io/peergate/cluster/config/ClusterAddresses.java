package io.peergate.cluster.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Optional;

/** This node's defaults for its id and for the host the other nodes link to. */
final class ClusterAddresses {

    private ClusterAddresses() {
    }

    /**
     * {@code configured}, else {@code <host name>-<pid>}: unique among processes of one
     * machine, and a pod's name in Kubernetes.
     */
    static String nodeId(String configured) {
        if (!configured.isEmpty()) {
            return configured;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException e) {
            host = "node";
        }
        String id = host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + ProcessHandle.current().pid();
        return id.length() > 58 ? id.substring(id.length() - 58).replaceAll("^[._-]+", "") : id;
    }

    /**
     * {@code configured}, else this machine's first up, non-loopback IPv4 address, else
     * any such address, else loopback (a node alone on one machine).
     */
    static String advertisedHost(String configured) {
        if (!configured.isEmpty()) {
            return configured;
        }
        return firstAddress(true).or(() -> firstAddress(false))
            .map(InetAddress::getHostAddress)
            .orElse(InetAddress.getLoopbackAddress().getHostAddress());
    }

    private static Optional<InetAddress> firstAddress(boolean ipv4Only) {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()
                            && (!ipv4Only || address instanceof Inet4Address)) {
                        return Optional.of(address);
                    }
                }
            }
        }
        catch (SocketException e) {
            // no interfaces to list: loopback it is
        }
        return Optional.empty();
    }

}
