package io.peergate.backbone.actuate;

import io.peergate.backbone.abuse.PeerMonitor;

/**
 * What a server interface's peer monitor knows about one IP: connections open now,
 * rejects while blacklisted, the blacklist's remaining time and reason (null when not
 * blacklisted), and the abuse penalty level.
 */
public record PeerStateView(String interfaceName, String peerIp, int connectedCount, Double blacklistedRemainingSeconds,
        String blacklistReason, long rejectCount, int penaltyLevel) {

    public static PeerStateView of(String interfaceName, PeerMonitor.Entry entry) {
        return new PeerStateView(interfaceName, entry.ip().getHostAddress(), entry.connected(),
                entry.blacklistedRemainingSeconds(), entry.blacklistReason(), entry.rejects(), entry.penaltyLevel());
    }
}
